#!/usr/bin/env bash
# The scale table of BENCHMARKS.md in one run: for each corpus directory, a private release
# natoazd is started and measured, then stopped before the next one starts.
#
#   Benchmarks/scale.sh [--repeat N] [--runs N] CORPUS_DIR...
#   e.g. Benchmarks/scale.sh /tmp/natoaz-1k /tmp/natoaz-10k /tmp/natoaz-100k
#
# Per corpus (one column each):
#   - text bytes read and load time: natoazd's own (`natoazctl info --json`: bytesRead,
#     loadTimeMicros; load = read, decode, parse, analyse and index), MB/s of it;
#   - natoazd's CPU seconds (user + sys, all threads, /proc/PID/stat) when the start-up
#     summary is logged, and MB of text per CPU-second;
#   - resident memory (VmRSS) at the summary, and again once the entity index is built (the
#     steady state a user sees), with bytes per byte of text; since session 5 Suggest and the
#     frequency lists are built after the summary too (before the entity index, on the same
#     worker), so only the second reading includes them; since session 13 a load from the
#     text keeps the bodies plain until the daemon serves ("bodies=plain" in the summary) and
#     compresses them last ("bodies compressed"), which the second reading waits for too;
#   - search p50 / p99 per query class over the socket: natoaz-bench, 1 connection, 1 in
#     flight, Benchmarks/queries.txt --repeat N times (default 2);
#   - natoazctl whole-process time: hyperfine -N, `ping` and `search nato --limit 10`.
# Binaries: $NATOAZD, $NATOAZ_BENCH and $NATOAZCTL, else the release build (built if missing).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

repeat=2
runs=100
declare -a corpora=()
while (($#)); do
    case $1 in
    --repeat) repeat=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    -*) echo "usage: $0 [--repeat N] [--runs N] CORPUS_DIR..." >&2; exit 2 ;;
    *) corpora+=("$1"); shift ;;
    esac
done
((${#corpora[@]})) || { echo "usage: $0 [--repeat N] [--runs N] CORPUS_DIR..." >&2; exit 2; }
"$bench_root/.ci/ensure-packages" hyperfine jq >&2
bench_binaries
NATOAZCTL=${NATOAZCTL:-$(dirname "$NATOAZ_BENCH")/natoazctl}
[[ -x $NATOAZCTL ]] || (cd "$bench_root" && swift build -c release --product natoazctl >&2)
ticks=$(getconf CLK_TCK)
classes=(single two phrase prefix fuzzy filtered)

# Waits (at most $3 s) until natoazd's log has the line $2; fails with the log if it exits.
wait_for_log() {
    local log=$1 text=$2 limit=$3 waited=0
    until grep -q "$text" "$log"; do
        kill -0 "$pid" 2>/dev/null || { echo "natoazd exited; its log:" >&2; tail -20 "$log" >&2; exit 1; }
        ((waited++ < limit * 10)) || { echo "no '$text' within $limit s" >&2; exit 1; }
        sleep 0.1
    done
}

declare -A cell
for corpus in "${corpora[@]}"; do
    name=$(basename "$corpus")
    socket=$bench_work/scale.sock
    log=$bench_work/$name.log
    "$NATOAZD" --socket "$socket" --corpus "$corpus" 2>"$log" &
    pid=$!
    bench_pids+=("$pid")
    wait_for_log "$log" "corpus loaded" 3600
    read -r utime stime < <(awk '{ print $14, $15 }' "/proc/$pid/stat")
    rss_loaded=$(bench_rss_bytes "$pid")
    wait_for_log "$log" "entity index built" 3600
    if grep "corpus loaded" "$log" | grep -q "bodies=plain"; then
        wait_for_log "$log" "bodies compressed" 3600
    fi
    rss_steady=$(bench_rss_bytes "$pid")
    info=$("$NATOAZCTL" info --json --socket "$socket")
    bytes=$(jq -r .bytesRead <<<"$info")
    load_us=$(jq -r .loadTimeMicros <<<"$info")
    cpu=$(awk -v u="$utime" -v s="$stime" -v t="$ticks" 'BEGIN { printf "%.1f", (u + s) / t }')
    cell[$name,text]=$(awk -v b="$bytes" 'BEGIN { printf "%.1f MB", b / 1e6 }')
    cell[$name,load]=$(awk -v l="$load_us" 'BEGIN { printf "%.2f s", l / 1e6 }')
    cell[$name,mbps]=$(awk -v b="$bytes" -v l="$load_us" 'BEGIN { printf "%.1f", b / l }')
    cell[$name,cpu]=$cpu
    cell[$name,mbcpu]=$(awk -v b="$bytes" -v c="$cpu" 'BEGIN { printf "%.1f", b / 1e6 / c }')
    cell[$name,rss]=$(awk -v r="$rss_loaded" -v b="$bytes" \
        'BEGIN { printf "%.1f MiB (%.2fx)", r / 1048576, r / b }')
    cell[$name,steady]=$(awk -v r="$rss_steady" -v b="$bytes" \
        'BEGIN { printf "%.1f MiB (%.2fx)", r / 1048576, r / b }')

    result=$("$NATOAZ_BENCH" --socket "$socket" --method search --connections 1 --in-flight 1 \
        --query-file "$bench_root/Benchmarks/queries.txt" --repeat "$repeat" --json)
    for class in "${classes[@]}"; do
        cell[$name,$class]=$(jq -r --arg c "$class" \
            '.classes[$c] | "\(.p50_us | floor) / \(.p99_us | floor)"' <<<"$result")
    done
    hyperfine -N --warmup 10 --runs "$runs" --export-json "$bench_work/ctl.json" \
        "$NATOAZCTL ping --socket $socket" \
        "$NATOAZCTL search nato --limit 10 --socket $socket" >/dev/null 2>&1
    cell[$name,ctlping]=$(jq -r '.results[0] | "\(.min * 1000 * 100 | round / 100) / \(.median * 1000 * 100 | round / 100) ms"' "$bench_work/ctl.json")
    cell[$name,ctlsearch]=$(jq -r '.results[1] | "\(.min * 1000 * 100 | round / 100) / \(.median * 1000 * 100 | round / 100) ms"' "$bench_work/ctl.json")
    kill "$pid"
    wait "$pid" 2>/dev/null || true
done

header="| |"
rule="|---|"
for corpus in "${corpora[@]}"; do
    header+=" $(basename "$corpus") |"
    rule+="---:|"
done
echo "$header"
echo "$rule"
row() {
    local label=$1 key=$2 line
    line="| $label |"
    for corpus in "${corpora[@]}"; do line+=" ${cell[$(basename "$corpus"),$key]} |"; done
    echo "$line"
}
row "text (bytes read)" text
row "load + index build (natoazd's loadTime)" load
row "load MB/s (wall)" mbps
row "natoazd CPU s at the start-up summary" cpu
row "MB of text per CPU-second" mbcpu
row "resident after the load (x text)" rss
row "resident with everything built (x text)" steady
for class in "${classes[@]}"; do row "search $class p50 / p99 µs" "$class"; done
row "natoazctl ping, whole process, min / median" ctlping
row "natoazctl search nato, whole process, min / median" ctlsearch
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
