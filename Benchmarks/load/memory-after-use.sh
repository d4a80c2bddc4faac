#!/usr/bin/env bash
# Resident memory of natoazd after it has served a mix of lookups, not just after start-up:
# starts NATOAZD on CORPUS_DIR, waits until everything built after the load is built (the
# "entity index built" log line), prints VmRSS, then sends one `natoazctl batch --json` over
# one connection (every query of Benchmarks/queries.txt as Search and as Kwic with
# --limit 1000, the Terms lists of all languages and each language, surface forms and stems,
# Collocations, Timeline, Entities and Suggest), and prints the batch's time, the md5 of its
# output (compare binaries with it), and VmRSS right after and 3 s later.
# Run from the repository root; natoazctl is taken from $NATOAZCTL or .build/debug.
# Usage: Benchmarks/load/memory-after-use.sh NATOAZD CORPUS_DIR
set -euo pipefail
natoazd=$1
corpus=$2
natoazctl=${NATOAZCTL:-.build/debug/natoazctl}
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
{
    grep -v '^#' Benchmarks/queries.txt | cut -f2 | while IFS= read -r query; do
        quoted=\'${query//\'/\'\\\'\'}\'
        echo "search $quoted --limit 10"
        echo "kwic $quoted --limit 1000"
    done
    for lang in "" "--lang en" "--lang ru" "--lang az" "--lang tr"; do
        echo "terms $lang --limit 100"
        echo "terms $lang --stems --limit 100"
        echo "terms $lang --prefix a --limit 100"
    done
    for word in nato azerbaijan baku нато türkiye; do echo "collocations $word"; done
    echo "timeline --limit 1000"
    echo "entities --limit 1000"
    for prefix in a az nat ст tü; do echo "suggest $prefix --limit 100"; done
} >"$work/batch"
"$natoazd" --socket "$work/s.sock" --corpus "$corpus" 2>"$work/log" &
pid=$!
until grep -q "entity index built" "$work/log" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/log"; exit 1; }
    sleep 0.5
done
resident() { grep VmRSS /proc/$pid/status | awk '{print $2}'; }
echo "everything built: VmRSS $(resident) kB"
started=$(date +%s.%N)
NATOAZ_SOCKET=$work/s.sock "$natoazctl" batch --json --timeout 600 <"$work/batch" >"$work/out" || true
echo "batch of $(wc -l <"$work/batch") commands: $(echo "$(date +%s.%N) - $started" | bc) s," \
    "$(wc -l <"$work/out") lines, md5 $(md5sum <"$work/out" | cut -c1-12)"
echo "right after the batch: VmRSS $(resident) kB"
sleep 3
echo "3 s later: VmRSS $(resident) kB; $(grep VmHWM /proc/$pid/status | tr -s ' \t' ' ')"
