#!/usr/bin/env bash
# Resident memory of a running natoazd: starts it on a corpus, waits for its start-up summary
# ("corpus loaded"), prints the load time, CPU time (user+sys) and VmRSS, then asks for
# Entities (which builds the entity index, as a running daemon soon holds it) and prints
# VmRSS and VmHWM again, and stops it. Run from the repository root after `swift build`
# (natoazctl is taken from .build/debug; it only sends the request).
# Usage: Benchmarks/load/resident-memory.sh NATOAZD CORPUS_DIR
set -euo pipefail
natoazd=$1
corpus=$2
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
"$natoazd" --socket "$work/s.sock" --corpus "$corpus" 2>"$work/log" &
pid=$!
until grep -q "corpus loaded" "$work/log" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/log"; exit 1; }
    sleep 0.3
done
ticks=$(getconf CLK_TCK)
read -r utime stime < <(awk '{print $14, $15}' /proc/$pid/stat)
grep "corpus loaded" "$work/log" | grep -o 'load_time="[^"]*"'
echo "cpu_s $(echo "scale=2; ($utime + $stime) / $ticks" | bc)"
echo "after load: $(grep VmRSS /proc/$pid/status | tr -s ' \t' ' ')"
NATOAZ_SOCKET=$work/s.sock .build/debug/natoazctl entities --limit 1 --timeout 600 >/dev/null || true
echo "entity index built: $(grep -E 'VmRSS|VmHWM' /proc/$pid/status | tr -s ' \t' ' ' | tr '\n' ' ')"
