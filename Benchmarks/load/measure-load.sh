#!/usr/bin/env bash
# Starts natoazd on a corpus, waits for its start-up summary ("corpus loaded"), then prints
# the summary line and the process's VmRSS/VmHWM and CPU time (user+sys) from /proc, and stops it.
# Usage: Benchmarks/load/measure-load.sh NATOAZD CORPUS_DIR
set -euo pipefail
natoazd=$1
corpus=$2
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
start=$(date +%s.%N)
"$natoazd" --socket "$work/s.sock" --corpus "$corpus" 2>"$work/log" &
pid=$!
until grep -q "corpus loaded" "$work/log"; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/log"; exit 1; }
    sleep 0.2
done
end=$(date +%s.%N)
grep "corpus loaded" "$work/log"
grep -E "VmRSS|VmHWM" /proc/$pid/status | tr -s ' \t' ' '
ticks=$(getconf CLK_TCK)
read -r utime stime < <(awk '{print $14, $15}' /proc/$pid/stat)
echo "cpu_s $(echo "scale=2; ($utime + $stime) / $ticks" | bc) wall_to_summary_s $(echo "$end - $start" | bc)"
