#!/usr/bin/env bash
# The loader alone (natoaz-corpus: list, read, decode, parse, compress, pack; no index) from the
# disk and from the page cache, binaries interleaved: per round, each binary once with the
# corpus's files dropped from the page cache first (POSIX_FADV_DONTNEED per file: only this
# corpus, not other processes' cache) and once with them read just before. Prints the wall,
# user and system seconds and the peak resident memory of each run (/usr/bin/time).
# Use a copy of a shared corpus: dropping its pages slows down anyone else reading it; run
# `sync` once after copying (dirty pages are not dropped, so a fresh copy stays cached).
# Usage: Benchmarks/load/loader-disk-pairs.sh CORPUS_DIR ROUNDS NATOAZ_CORPUS...
set -euo pipefail
corpus=$1
rounds=$2
shift 2
times=$(mktemp)
trap 'rm -f "$times"' EXIT
evict() {
    python3 -c 'import os, sys
for name in os.listdir(sys.argv[1]):
    fd = os.open(os.path.join(sys.argv[1], name), os.O_RDONLY)
    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    os.close(fd)' "$corpus"
}
for round in $(seq 1 "$rounds"); do
    for mode in disk cached; do
        for loader in "$@"; do
            if [ "$mode" = disk ]; then
                evict
            else
                find "$corpus" -maxdepth 1 -type f -exec cat {} + >/dev/null
            fi
            /usr/bin/time -o "$times" -f "wall %e user %U sys %S maxrss_kB %M" \
                "$loader" "$corpus" >/dev/null 2>&1 || true
            echo "round $round $mode $(date -u +%H:%M:%S) load $(cut -d' ' -f1 /proc/loadavg)" \
                "$loader: $(tail -1 "$times")"
        done
    done
done
