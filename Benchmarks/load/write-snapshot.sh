#!/usr/bin/env bash
# Starts NATOAZD on CORPUS_DIR with CACHE_DIR, waits until it has written its index snapshot
# (or said why not), prints the seconds that took and the log's load, build and snapshot
# lines, stops it, and lists CACHE_DIR. Used by measure-snapshot.sh and measure-warm-start.sh.
# Usage: Benchmarks/load/write-snapshot.sh NATOAZD CORPUS_DIR CACHE_DIR
set -euo pipefail
natoazd=$1
corpus=$2
cache=$3
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
start=$(date +%s.%N)
"$natoazd" --socket "$work/s.sock" --corpus "$corpus" --cache-dir "$cache" 2>"$work/log" &
pid=$!
until grep -qE "index snapshot (written|not written)|cannot write" "$work/log"; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/log"; exit 1; }
    sleep 0.1
done
echo "snapshot_line_after_s $(echo "$(date +%s.%N) - $start" | bc)"
grep -E "corpus loaded|lookups built|entity index built|index snapshot" "$work/log"
ls -l "$cache"
