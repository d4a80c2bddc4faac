#!/usr/bin/python3
"""SQLite FTS5 side of Benchmarks/sqlite-fts5.sh: load a corpus, run a query file, print JSON.

    fts5.py --corpus DIR --queries FILE [--manifest TSV] [--db PATH] [--repeat N] [--limit N]
            [--spellfix SO] [--expansions JSON --reuse-db]

Each article file becomes one row (title = first line when the file has a title line, body =
the whole text). lang and date come from the generator's manifest (natoaz-bench generate
--manifest); without one, filtered queries have no metadata to filter on and are reported as
skipped. The tokenizer is unicode61 with remove_diacritics 2, FTS5's best multilingual default:
it folds case and diacritics (Türkiye = turkiye) but not ı/İ or ə, and does not stem.

A query is answered the way natoazd answers a search page: the top 10 by bm25 with a snippet,
plus the total number of matches. Times are per query, in-process (no socket round trip).

With --expansions (the words natoazd matched for each typo-tolerant query, from
expansions.py), only the class `fuzzy-or` is run: each `fuzzy` query becomes the FTS5 query
`"word1" OR "word2" OR ...` of those words, which is what a user would have to send FTS5 to
find what natoazd's typo tolerance finds. --reuse-db queries an existing --db without loading.

With --spellfix (the path of SQLite's spellfix1 extension, from spellfix.sh), FTS5 gets typo
tolerance of its own, the way SQLite documents it: after the load, a spellfix1 table holds
FTS5's vocabulary (fts5vocab), and each `fuzzy` query also runs as class `fuzzy-spellfix`:
its word is looked up in spellfix1, the candidates within natoazd's edit limit (1 edit for
5-8 letters, 2 for 9 or more; spellfix1 costs an insertion or deletion 100 and a
substitution 150, so the limit is 150 per edit) become `"cand1" OR "cand2" ...`, and that
query is answered like every other. The lookup is inside the timed part.
"""
import argparse
import json
import os
import re
import sqlite3
import sys
import time

CLASSES = ["single", "two", "phrase", "prefix", "fuzzy", "filtered", "fuzzy-or", "fuzzy-spellfix"]

# spellfix1's cost of one substitution; an insertion or a deletion costs 100.
SPELLFIX_EDIT = 150


def add_spellfix(db, path):
    """Loads spellfix1 and fills its table from FTS5's vocabulary; returns the seconds taken
    (0 when the table was already filled, as with --reuse-db)."""
    db.enable_load_extension(True)
    db.load_extension(path[:-3] if path.endswith(".so") else path)
    db.enable_load_extension(False)
    started = time.perf_counter()
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS vocab USING fts5vocab(docs, 'row')")
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS spell USING spellfix1")
    if db.execute("SELECT count(*) FROM spell_vocab").fetchone()[0]:
        return 0.0
    db.execute("INSERT INTO spell(word, rank) SELECT term, cnt FROM vocab")
    db.commit()
    return time.perf_counter() - started


def spellfix_query(db, text):
    """The FTS5 query for a typo-tolerant `text`: every word replaced by an OR of its
    spellfix1 candidates within natoazd's edit limit (the word itself included)."""
    parts = []
    for word in text.split():
        word = word.lower()
        letters = len(word)
        limit = 2 if letters >= 9 else 1 if letters >= 5 else 0
        found = db.execute(
            "SELECT word FROM spell WHERE word MATCH ? AND top = 50 AND distance <= ?",
            [word, limit * SPELLFIX_EDIT],
        ).fetchall()
        words = dict.fromkeys([word] + [row[0] for row in found])
        parts.append("(" + " OR ".join(quote(w) for w in words) + ")")
    return " AND ".join(parts)


def quote(term):
    return '"' + term.replace('"', '""') + '"'


def translate(query):
    """natoaz query syntax -> (FTS5 MATCH expression, SQL filter, parameters)."""
    where, params, terms = [], [], []
    for token in re.findall(r'"[^"]*"|\S+', query):
        if token.startswith("lang:"):
            where.append("lang = ?")
            params.append(token[5:])
        elif token.startswith("date:"):
            low, _, high = token[5:].partition("..")
            high = high or low
            where.append("date >= ? AND date <= ?")
            params += [low, high + "\uffff"]
        elif token.startswith('"'):
            terms.append(quote(token.strip('"')))
        elif token.endswith("*"):
            terms.append(quote(token[:-1]) + "*")
        else:
            terms.append(quote(token))
    return " ".join(terms), where, params


def percentile(sorted_values, fraction):
    if not sorted_values:
        return None
    index = min(len(sorted_values) - 1, int(len(sorted_values) * fraction))
    return sorted_values[index]


def load(args, names, meta):
    """Creates the database and loads every article; returns it and the seconds taken."""
    if args.db != ":memory:" and os.path.exists(args.db):
        os.unlink(args.db)
    db = sqlite3.connect(args.db)
    db.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, lang UNINDEXED, date UNINDEXED, "
        "title, body, tokenize = 'unicode61 remove_diacritics 2')"
    )
    started = time.perf_counter()
    rows = []
    for name in names:
        with open(os.path.join(args.corpus, name), "rb") as handle:
            raw = handle.read()
        text = raw.decode("utf-8", errors="replace")
        first = text.split("\n", 1)[0]
        title = first if first and not first.startswith(" date ") and " - " not in first else ""
        doc_id = name[:-4]
        lang, date = meta.get(doc_id, (None, None))
        rows.append((doc_id, lang, date, title, text))
    db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?)", rows)
    db.commit()
    load_seconds = time.perf_counter() - started
    return db, load_seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--queries", required=True)
    parser.add_argument("--manifest")
    parser.add_argument("--db", default=":memory:")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit", type=int, default=10)
    parser.add_argument("--expansions")
    parser.add_argument("--spellfix")
    parser.add_argument("--reuse-db", action="store_true")
    args = parser.parse_args()
    if args.reuse_db and (args.db == ":memory:" or not os.path.exists(args.db)):
        sys.exit(f"--reuse-db: no database at {args.db}")
    expansions = None
    if args.expansions:
        with open(args.expansions, encoding="utf-8") as handle:
            expansions = json.load(handle)

    meta = {}
    if args.manifest:
        with open(args.manifest, encoding="utf-8") as handle:
            next(handle)
            for line in handle:
                fields = line.rstrip("\n").split("\t")
                meta[fields[0]] = (fields[1], None if fields[3] == "-" else fields[3])

    names = sorted(n for n in os.listdir(args.corpus) if n.endswith(".txt"))
    text_bytes = sum(os.path.getsize(os.path.join(args.corpus, n)) for n in names)
    load_seconds = None
    if args.reuse_db:
        db = sqlite3.connect(args.db)
    else:
        db, load_seconds = load(args, names, meta)
    spellfix_seconds = add_spellfix(db, args.spellfix) if args.spellfix else None

    queries = []
    with open(args.queries, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            query_class, tab, text = line.partition("\t")
            if not tab or query_class not in CLASSES:
                sys.exit(f"{args.queries}:{number}: expected CLASS<TAB>QUERY")
            if expansions is None:
                queries.append((query_class, text))
                if query_class == "fuzzy" and args.spellfix:
                    queries.append(("fuzzy-spellfix", text))
            elif query_class == "fuzzy":
                words = expansions.get(text, [])
                # A query natoazd matched nothing for has nothing to expand to.
                queries.append(("fuzzy-or", " OR ".join(quote(w) for w in words)))

    samples = {c: [] for c in CLASSES}
    hits = {c: 0 for c in CLASSES}
    skipped = {c: 0 for c in CLASSES}
    errors = 0
    for query_class, text in queries:
        if query_class == "fuzzy-spellfix":
            match, where, params = None, [], []
        elif query_class == "fuzzy-or":
            match, where, params = text, [], []
            if not match:
                skipped[query_class] += 1
                continue
        else:
            match, where, params = translate(text)
        if where and not meta:
            skipped[query_class] += 1
            continue
        condition = "docs MATCH ?" + "".join(" AND " + w for w in where)
        page_sql = (
            f"SELECT id, snippet(docs, 4, '[', ']', '…', 24) FROM docs WHERE {condition} "
            f"ORDER BY rank LIMIT {args.limit}"
        )
        count_sql = f"SELECT count(*) FROM docs WHERE {condition}"
        for _ in range(args.repeat):
            begin = time.perf_counter_ns()
            try:
                if query_class == "fuzzy-spellfix":
                    match = spellfix_query(db, text)
                db.execute(page_sql, [match] + params).fetchall()
                total = db.execute(count_sql, [match] + params).fetchone()[0]
            except sqlite3.Error:
                errors += 1
                continue
            samples[query_class].append((time.perf_counter_ns() - begin) / 1000)
        hits[query_class] += total if samples[query_class] else 0

    size = os.path.getsize(args.db) if args.db != ":memory:" else None
    result = {
        "engine": "sqlite-fts5",
        "sqlite_version": sqlite3.sqlite_version,
        "documents": len(names),
        "text_bytes": text_bytes,
        "load_seconds": round(load_seconds, 3) if load_seconds else None,
        "load_mb_per_s": round(text_bytes / 1e6 / load_seconds, 1) if load_seconds else None,
        "db_bytes": size,
        "spellfix_build_seconds": round(spellfix_seconds, 3) if spellfix_seconds else None,
        "errors": errors,
        "classes": {},
    }
    for query_class in CLASSES:
        values = sorted(samples[query_class])
        if not values:
            continue
        result["classes"][query_class] = {
            "count": len(values),
            "p50_us": round(percentile(values, 0.50), 1),
            "p99_us": round(percentile(values, 0.99), 1),
            "max_us": round(values[-1], 1),
            "hits_per_query": round(hits[query_class] / max(1, len(values) / args.repeat), 1),
            "skipped": skipped[query_class],
        }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
