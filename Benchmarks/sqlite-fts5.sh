#!/usr/bin/env bash
# Search against the peer users compare with: SQLite FTS5 (Debian's sqlite3 library through
# /usr/bin/python3) and natoazd on the same corpus and the same query file, in one run.
#
#   Benchmarks/sqlite-fts5.sh [--articles N | --corpus DIR [--manifest TSV]]
#                             [--queries FILE] [--repeat N]
#
# NATOAZD_READY_TIMEOUT (seconds, default 900) bounds natoazd's start-up (load and index build);
# a 100k corpus on a busy machine needs more.
#
# Default: a fresh synthetic corpus of 10,000 articles (natoaz-bench generate --seed 1) and
# Benchmarks/queries.txt. Prints load time and p50/p99 per query class for both engines and
# the ratio natoazd/FTS5 (below 1 means natoazd is faster). Goal (issue 10, on 100k articles):
# natoazd p50 at or below FTS5 for every class.
#
# The two sides are not measured identically, and the table says how: FTS5 runs in-process
# (no IPC) while natoazd is timed by natoaz-bench over its Unix socket, so natoazd's times
# include a full round trip (see redis-anchor.sh for its size). FTS5 alone has no typo
# tolerance: its 'fuzzy' row searches the misspelt word as typed and finds (almost) nothing.
# Two rows compare like with like:
# - 'fuzzy-spellfix': FTS5 with SQLite's own typo-tolerance extension, spellfix1 (built by
#   peers/spellfix.sh), over FTS5's vocabulary: each fuzzy query's word is looked up there,
#   and the candidates within natoazd's edit limit are searched as an OR (peers/fts5.py says
#   how). FTS5 finds the words itself, as natoazd does; the lookup is timed.
# - 'fuzzy-or': each fuzzy query sent to FTS5 as an OR of every word natoazd matched for it
#   (collected from natoazd's concordance by peers/expansions.py with natoazctl, $NATOAZCTL or
#   the release build's); FTS5 is not charged for finding those words.
# Both are set against natoazd's own fuzzy times.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

articles=10000
corpus=
manifest=
queries=$bench_root/Benchmarks/queries.txt
repeat=3
while (($#)); do
    case $1 in
    --articles) articles=$2; shift 2 ;;
    --corpus) corpus=$2; shift 2 ;;
    --manifest) manifest=$2; shift 2 ;;
    --queries) queries=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    *)
        echo "usage: $0 [--articles N | --corpus DIR [--manifest TSV]] [--queries FILE] [--repeat N]" >&2
        exit 2
        ;;
    esac
done

"$bench_root/.ci/ensure-packages" sqlite3 >&2
spellfix=$("$bench_root/Benchmarks/peers/spellfix.sh")
bench_binaries
NATOAZCTL=${NATOAZCTL:-$(dirname "$NATOAZ_BENCH")/natoazctl}
[[ -x $NATOAZCTL ]] || (cd "$bench_root" && swift build -c release --product natoazctl >&2)
if [[ -z $corpus ]]; then
    corpus=$bench_work/corpus
    manifest=$bench_work/manifest.tsv
    "$NATOAZ_BENCH" generate --articles "$articles" --seed 1 --out "$corpus" \
        --manifest "$manifest" | head -1 >&2
fi

fts_args=(--corpus "$corpus" --queries "$queries" --repeat "$repeat" --db "$bench_work/fts5.db")
[[ -n $manifest ]] && fts_args+=(--manifest "$manifest")
echo "SQLite FTS5: loading and querying ..." >&2
fts=$(/usr/bin/python3 "$bench_root/Benchmarks/peers/fts5.py" "${fts_args[@]}" \
    --spellfix "$spellfix")

natoaz=
fts_or=
if [[ -x $NATOAZD ]] && bench_start_natoazd "$corpus" "${NATOAZD_READY_TIMEOUT:-900}"; then
    rss=$(bench_rss_bytes "$NATOAZD_PID")
    echo "natoazd: querying ..." >&2
    natoaz=$("$NATOAZ_BENCH" --socket "$NATOAZ_SOCKET" --method search --query-file "$queries" \
        --connections 1 --in-flight 1 --repeat "$repeat" --duration 600 --json)
    echo "natoazd: collecting the words its typo tolerance matched ..." >&2
    NATOAZ_SOCKET=$NATOAZ_SOCKET /usr/bin/python3 "$bench_root/Benchmarks/peers/expansions.py" \
        --natoazctl "$NATOAZCTL" --queries "$queries" >"$bench_work/expansions.json"
    kill "$NATOAZD_PID" && wait "$NATOAZD_PID" 2>/dev/null || true
    echo "SQLite FTS5: querying the fuzzy queries' expansions ..." >&2
    fts_or=$(/usr/bin/python3 "$bench_root/Benchmarks/peers/fts5.py" "${fts_args[@]}" \
        --reuse-db --expansions "$bench_work/expansions.json")
else
    echo "natoazd: not measured (no natoazd binary yet, or it did not start)" >&2
fi

/usr/bin/python3 - "$fts" "$natoaz" "${NATOAZD_READY_SECONDS:-}" "${rss:-}" "$fts_or" <<'PY'
import json, sys
fts = json.loads(sys.argv[1])
natoaz = json.loads(sys.argv[2]) if sys.argv[2] else None
ready, rss = sys.argv[3], sys.argv[4]
if sys.argv[5]:
    fts["classes"].update(json.loads(sys.argv[5])["classes"])
if natoaz and "fuzzy" in natoaz.get("classes", {}):
    natoaz["classes"]["fuzzy-or"] = natoaz["classes"]["fuzzy"]
    natoaz["classes"]["fuzzy-spellfix"] = natoaz["classes"]["fuzzy"]
mb = fts["text_bytes"] / 1e6
print(f"corpus: {fts['documents']} articles, {mb:.1f} MB of text")
print(f"load:   FTS5 {fts['load_seconds']:.2f} s ({fts['load_mb_per_s']} MB/s), "
      f"database {fts['db_bytes'] / 1e6:.1f} MB", end="")
if fts.get("spellfix_build_seconds"):
    print(f", spellfix1 table {fts['spellfix_build_seconds']:.2f} s more", end="")
if natoaz:
    print(f"; natoazd ready in {ready} s ({mb / float(ready):.1f} MB/s), "
          f"resident {int(rss) / 1e6:.1f} MB ({int(rss) / fts['text_bytes']:.2f}x the text)")
else:
    print()
header = f"{'class':14} {'FTS5 p50':>10} {'p99':>10} {'hits':>8} | {'natoazd p50':>11} {'p99':>10} {'hits':>8} | {'p50 ratio':>9} {'p99 ratio':>9}"
print(header)
for name in ["single", "two", "phrase", "prefix", "fuzzy", "filtered", "fuzzy-spellfix", "fuzzy-or"]:
    f = fts["classes"].get(name)
    n = (natoaz or {}).get("classes", {}).get(name)
    if not f and not n:
        continue
    row = f"{name:14} "
    row += f"{f['p50_us']:>10.0f} {f['p99_us']:>10.0f} {f['hits_per_query']:>8.0f} | " if f else f"{'-':>10} {'-':>10} {'-':>8} | "
    row += f"{n['p50_us']:>11.0f} {n['p99_us']:>10.0f} {n.get('hits_per_query', 0):>8.0f} | " if n else f"{'-':>11} {'-':>10} {'-':>8} | "
    if f and n:
        row += f"{n['p50_us'] / f['p50_us']:>8.2f}x {n['p99_us'] / f['p99_us']:>8.2f}x"
    print(row)
print("times in microseconds per query; hits = mean total matches per query; "
      "ratio = natoazd / FTS5 (below 1: natoazd faster)")
print("fuzzy: FTS5 searches the misspelt word as typed (it has no typo tolerance); "
      "fuzzy-spellfix: FTS5 searches an OR of spellfix1's candidates for the word; fuzzy-or: "
      "FTS5 searches an OR of the words natoazd matched; natoazd runs the same fuzzy queries "
      "in all three")
if natoaz and natoaz.get("errors"):
    print(f"natoazd errors: {natoaz['errors']}")
PY
