#!/usr/bin/env bash
# Starts natoazd on a corpus, waits for its start-up summary ("corpus loaded"), then prints
# the summary line and the process's VmRSS/VmHWM and CPU time (user+sys) from /proc; then waits
# until everything built after the load is built ("entity index built": since session 5,
# Suggest and the frequency lists are built first, then the entity index, on one worker; since
# session 13 a load from the text keeps the bodies plain, "bodies=plain" in the summary, and
# compresses them last: "bodies compressed") and prints the same figures again (prefixed
# all_built_), and stops it. A start from a snapshot of format 2 (session 8) restores them
# instead: "lookups and entity index restored from snapshot" matches too.
# Arguments after CORPUS_DIR go to natoazd (e.g. --cache-dir DIR: a start from the index
# snapshot logs "corpus loaded from snapshot", which matches too).
# Usage: Benchmarks/load/measure-load.sh NATOAZD CORPUS_DIR [NATOAZD_ARGS...]
set -euo pipefail
natoazd=$1
corpus=$2
shift 2
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
ticks=$(getconf CLK_TCK)
cpu_s() {
    local utime stime
    read -r utime stime < <(awk '{print $14, $15}' /proc/$pid/stat)
    echo "scale=2; ($utime + $stime) / $ticks" | bc
}
wait_for() {
    until grep -q "$1" "$work/log"; do
        kill -0 "$pid" 2>/dev/null || { cat "$work/log"; exit 1; }
        sleep 0.1
    done
}
start=$(date +%s.%N)
"$natoazd" --socket "$work/s.sock" --corpus "$corpus" "$@" 2>"$work/log" &
pid=$!
wait_for "corpus loaded"
end=$(date +%s.%N)
grep "corpus loaded" "$work/log"
grep -E "VmRSS|VmHWM" /proc/$pid/status | tr -s ' \t' ' '
echo "cpu_s $(cpu_s) wall_to_summary_s $(echo "$end - $start" | bc)"
wait_for "entity index built\|entity index restored"
if grep "corpus loaded" "$work/log" | grep -q "bodies=plain"; then
    wait_for "bodies compressed"
fi
end=$(date +%s.%N)
grep -E "VmRSS|VmHWM" /proc/$pid/status | tr -s ' \t' ' ' | sed 's/^/all_built_/'
echo "all_built_cpu_s $(cpu_s) all_built_wall_s $(echo "$end - $start" | bc)"
