#!/usr/bin/env bash
# A start from the index snapshot ("warm start"), two natoazd binaries interleaved: how long
# until everything is built (or restored), and at what CPU and memory cost.
#   1. Each binary loads CORPUS_DIR from the text once with its own empty cache directory and
#      writes its snapshot (printed: the log's "corpus loaded", "index snapshot written" with
#      size and write_time, the file's size and the seconds from the start to each line).
#   2. ROUNDS times (default 3), each binary starts from its snapshot, BEFORE first, through
#      measure-load.sh: load_time, VmRSS/VmHWM and CPU at "corpus loaded" and once
#      everything is built (all_built_*).
# Usage: Benchmarks/load/measure-warm-start.sh BEFORE_NATOAZD AFTER_NATOAZD CORPUS_DIR [ROUNDS]
set -euo pipefail
before=$1
after=$2
corpus=$3
rounds=${4:-3}
here=$(dirname "$0")
caches=$(mktemp -d)
trap 'rm -rf "$caches"' EXIT
for name in before after; do
    bin=${!name}
    mkdir "$caches/$name"
    echo "== $name: text, snapshot written (load average $(cut -d' ' -f1 /proc/loadavg))"
    "$here/write-snapshot.sh" "$bin" "$corpus" "$caches/$name"
done
for round in $(seq 1 "$rounds"); do
    for name in before after; do
        echo "== round $round: $name from its snapshot (load average $(cut -d' ' -f1 /proc/loadavg))"
        "$here/measure-load.sh" "${!name}" "$corpus" --cache-dir "$caches/$name"
    done
done
