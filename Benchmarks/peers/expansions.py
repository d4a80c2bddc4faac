#!/usr/bin/python3
"""The words natoazd matched for each typo-tolerant query, for Benchmarks/sqlite-fts5.sh.

    expansions.py --natoazctl PATH --queries FILE [--class fuzzy] > expansions.json

For every query of the class (default `fuzzy`) in a CLASS<TAB>QUERY file, pages through
natoazd's concordance of that query (`natoazctl kwic --json`, 1,000 lines a page, one
character of context) and collects every distinct matched word as written in the text,
lowercased. These are the words a user would have to send SQLite FTS5, as an OR query, to get
the documents natoazd's typo tolerance finds: FTS5 has no typo tolerance of its own. The
daemon is reached through NATOAZ_SOCKET. Prints JSON: {"query": ["word", ...], ...}.
"""
import argparse
import json
import subprocess
import sys

PAGE = 1000


def matched_words(natoazctl, query):
    words, offset = set(), 0
    while True:
        result = subprocess.run(
            [natoazctl, "kwic", "--json", "--width", "1", "--limit", str(PAGE),
             "--offset", str(offset), query],
            capture_output=True, text=True)
        # natoazctl exits 1 (grep-style) when nothing matched; anything else is an error.
        if result.returncode not in (0, 1):
            sys.exit(f"natoazctl kwic {query!r} failed ({result.returncode}): "
                     f"{result.stderr.strip()}")
        lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
        words.update(line["match"].lower() for line in lines)
        if len(lines) < PAGE:
            return sorted(words)
        offset += PAGE


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--natoazctl", required=True)
    parser.add_argument("--queries", required=True)
    parser.add_argument("--class", dest="query_class", default="fuzzy")
    args = parser.parse_args()
    expansions = {}
    with open(args.queries, encoding="utf-8") as handle:
        for line in handle:
            query_class, tab, text = line.rstrip("\n").partition("\t")
            if tab and query_class == args.query_class and text not in expansions:
                expansions[text] = matched_words(args.natoazctl, text)
    print(json.dumps(expansions, ensure_ascii=False))


if __name__ == "__main__":
    main()
