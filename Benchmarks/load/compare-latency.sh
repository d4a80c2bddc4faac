#!/usr/bin/env bash
# Lookup and search latency of two natoazd binaries on one corpus, one after the other: for
# each, starts it, waits for "corpus loaded", runs Benchmarks/lookups.sh 3 (natoazd's own
# server-time histogram) and natoaz-bench over Benchmarks/queries.txt twice, prints VmRSS
# before and after the requests, and stops it. Run from the repository root after `swift build`
# (natoazctl and natoaz-bench are taken from .build/debug; they only send the requests).
# Usage: Benchmarks/load/compare-latency.sh BEFORE_NATOAZD AFTER_NATOAZD CORPUS_DIR
set -euo pipefail
corpus=$3
# The first article (a glob, not `ls | head`: under pipefail, ls dies of SIGPIPE on a large
# corpus and the script stopped here without a word).
for first in "$corpus"/*.txt; do break; done
similar=$(basename "$first" .txt)
for natoazd in "$1" "$2"; do
    work=$(mktemp -d)
    "$natoazd" --socket "$work/s.sock" --corpus "$corpus" 2>"$work/log" &
    pid=$!
    until grep -q "corpus loaded" "$work/log" 2>/dev/null; do
        kill -0 "$pid" 2>/dev/null || { cat "$work/log"; exit 1; }
        sleep 0.5
    done
    echo "== $natoazd $(date -u +%H:%M:%S) load average $(cut -d' ' -f1-3 /proc/loadavg)"
    grep VmRSS /proc/$pid/status
    NATOAZ_SOCKET=$work/s.sock SIMILAR_ID=$similar PATH=$PWD/.build/debug:$PATH \
        Benchmarks/lookups.sh 3 2>&1 | tail -12
    .build/debug/natoaz-bench --socket "$work/s.sock" --method search \
        --query-file Benchmarks/queries.txt --repeat 2 --json
    echo
    grep -E "VmRSS|VmHWM" /proc/$pid/status
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    rm -rf "$work"
done
