#!/usr/bin/env bash
# Start-up from the corpus text against start-up from the index snapshot, interleaved:
# ROUNDS times (default 3), NATOAZD starts on CORPUS_DIR
#   1. without a snapshot (--no-cache): the plain load from the text;
#   2. with an empty cache directory: the load from the text, then the snapshot written
#      (its size and write time from the "index snapshot written" line);
#   3. with that snapshot: the start from it ("corpus loaded from snapshot").
# Each run prints measure-load.sh's figures: the summary line (load_time; mb_per_s for the
# snapshot start), VmRSS/VmHWM and CPU at "corpus loaded" and once everything is built.
# Usage: Benchmarks/load/measure-snapshot.sh NATOAZD CORPUS_DIR [ROUNDS]
set -euo pipefail
natoazd=$1
corpus=$2
rounds=${3:-3}
here=$(dirname "$0")
cache=$(mktemp -d)
trap 'rm -rf "$cache"' EXIT
for round in $(seq 1 "$rounds"); do
    echo "== round $round: text, no cache (load average $(cut -d' ' -f1 /proc/loadavg))"
    "$here/measure-load.sh" "$natoazd" "$corpus" --no-cache
    rm -f "$cache"/*
    echo "== round $round: text, snapshot written (load average $(cut -d' ' -f1 /proc/loadavg))"
    "$here/write-snapshot.sh" "$natoazd" "$corpus" "$cache"
    echo "== round $round: snapshot (load average $(cut -d' ' -f1 /proc/loadavg))"
    "$here/measure-load.sh" "$natoazd" "$corpus" --cache-dir "$cache"
done
