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
# The summary's wall time and CPU are taken when natoazd writes the line: its standard error
# comes through a FIFO read line by line (bash builtins, no process per line). Until session
# 18 they were taken when a poll every 0.1 s found the line in the log: up to 0.1 s late
# (0.05 s on average), with up to 0.2 s of the work that follows the load in the CPU figure.
# Usage: Benchmarks/load/measure-load.sh NATOAZD CORPUS_DIR [NATOAZD_ARGS...]
set -euo pipefail
natoazd=$1
corpus=$2
shift 2
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
ticks=$(getconf CLK_TCK)
# CPU seconds (user + system) of natoazd; with an argument, from that /proc/PID/stat line.
cpu_s() {
    local stat=${1:-$(</proc/$pid/stat)}
    local fields=(${stat##*) })
    echo "scale=2; (${fields[11]} + ${fields[12]}) / $ticks" | bc
}
wait_for() {
    until grep -q "$1" "$work/log"; do
        kill -0 "$pid" 2>/dev/null || { cat "$work/log"; exit 1; }
        sleep 0.1
    done
}
mkfifo "$work/stderr"
start=$EPOCHREALTIME
"$natoazd" --socket "$work/s.sock" --corpus "$corpus" "$@" 2>"$work/stderr" &
pid=$!
exec 3<"$work/stderr"
loaded_stat=
while IFS= read -r -u 3 line; do
    printf '%s\n' "$line" >>"$work/log"
    if [[ $line == *"corpus loaded"* ]]; then
        end=$EPOCHREALTIME
        loaded_stat=$(</proc/$pid/stat)
        status=$(</proc/$pid/status)
        break
    fi
done
[[ -n $loaded_stat ]] || { cat "$work/log"; exit 1; }
cat <&3 >>"$work/log" &
grep "corpus loaded" "$work/log"
grep -E "VmRSS|VmHWM" <<<"$status" | tr -s ' \t' ' '
echo "cpu_s $(cpu_s "$loaded_stat") wall_to_summary_s $(echo "$end - $start" | bc)"
wait_for "entity index built\|entity index restored"
if grep "corpus loaded" "$work/log" | grep -q "bodies=plain"; then
    wait_for "bodies compressed"
fi
end=$(date +%s.%N)
grep -E "VmRSS|VmHWM" /proc/$pid/status | tr -s ' \t' ' ' | sed 's/^/all_built_/'
echo "all_built_cpu_s $(cpu_s) all_built_wall_s $(echo "$end - $start" | bc)"
