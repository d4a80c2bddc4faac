#!/usr/bin/env bash
# Profiles natoazd's corpus load with `perf record -g` and prints the phase timeline
# (Benchmarks/load/phase-timeline.py): per time bucket, how many cores each load phase kept
# busy, then each phase's span and CPU seconds, then an estimate of the wall time on idle
# cores that the wait for a core on a busy machine does not inflate. The profile is kept for
# `perf report`.
# UNTIL is the log line to stop at: "corpus loaded" (default: the load until natoazd serves) or
# "entity index built" (everything built after the load too: Suggest, frequency lists, entities).
# Usage: Benchmarks/load/profile-load.sh NATOAZD CORPUS_DIR [PERF_DATA] [HZ] [BUCKET_S] [UNTIL]
set -euo pipefail
natoazd=$1
corpus=$2
data=${3:-/tmp/natoazd-load.perf.data}
hz=${4:-499}
bucket=${5:-1}
until_line=${6:-corpus loaded}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
perf record -q -g -F "$hz" -o "$data" -- "$natoazd" --socket "$work/s.sock" --corpus "$corpus" \
    2>"$work/log" &
pid=$!
until grep -q "$until_line" "$work/log"; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/log"; exit 1; }
    sleep 0.2
done
grep -E "corpus loaded|lookups built|entity index built" "$work/log"
# SIGINT reaches perf, which stops natoazd and writes the profile.
kill -INT "$pid"
wait "$pid" 2>/dev/null || true
perf script -i "$data" -F tid,time,ip,sym,dso 2>/dev/null | swift demangle --simplified | /usr/bin/python3 "$here/phase-timeline.py" "$hz" "$bucket"
