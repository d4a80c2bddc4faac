#!/usr/bin/env bash
# Ping latency at 1 connection, 1 in flight, against the C floor, interleaved in rounds so
# that a noisy shared machine affects every configuration alike; reports the median p50 of
# the rounds and the ratios of medians. Splits the gap between natoazd and the floor into
# the server's part (a minimal C client, natoaz-ping.c) and the Swift load client's part.
#
#   Benchmarks/ping-floor.sh [--rounds R] [--requests N] [NAME=PATH/TO/natoazd ...]
#
# With no NAME=PATH, measures the release natoazd (built if missing). Several NAME=PATH
# compare builds (e.g. before=/tmp/natoazd-old after=.build/release/natoazd) in one run.
# Columns: floor = pingpong.c over a Unix stream socket; c-client = natoaz-ping.c against
# natoazd; bench = natoaz-bench --method ping --connections 1 --in-flight 1. Also natoazd's
# CPU time per Ping (all its threads, /proc/PID/task/*/schedstat) during the c-client runs:
# less sensitive to the machine's load than latency.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

rounds=7
requests=20000
declare -a names=() paths=()
while (($#)); do
    case $1 in
    --rounds) rounds=$2; shift 2 ;;
    --requests) requests=$2; shift 2 ;;
    *=*) names+=("${1%%=*}"); paths+=("${1#*=}"); shift ;;
    *) echo "usage: $0 [--rounds R] [--requests N] [NAME=PATH/TO/natoazd ...]" >&2; exit 2 ;;
    esac
done
bench_binaries
if ((${#names[@]} == 0)); then names=(natoazd); paths=("$NATOAZD"); fi

cc -O2 -Wall -Wextra -Werror -o "$bench_work/pingpong" "$bench_root/Benchmarks/c-pingpong/pingpong.c"
bench_build_ping_client

# One private natoazd per build, all on the seeds, all running for the whole run.
declare -a sockets=() pids=()
for i in "${!names[@]}"; do
    NATOAZD=${paths[$i]} bench_start_natoazd "$bench_root/seeds" 120
    mv "$NATOAZ_SOCKET" "$bench_work/natoazd-$i.sock"
    sockets+=("$bench_work/natoazd-$i.sock")
    pids+=("$NATOAZD_PID")
done

# Nanoseconds on CPU so far, summed over the threads of process $1.
cpu_ns() { cat /proc/"$1"/task/*/schedstat | awk '{ sum += $1 } END { printf "%.0f", sum }'; }

p50() { json_field "$1" p50_us; }
results=$bench_work/results.txt
: >"$results"
for round in $(seq "$rounds"); do
    echo "floor $(p50 "$("$bench_work/pingpong" --transport unix --count "$requests" --json)")" >>"$results"
    for i in "${!names[@]}"; do
        before=$(cpu_ns "${pids[$i]}")
        json=$("$bench_work/natoaz-ping" --socket "${sockets[$i]}" --count "$requests" --json)
        after=$(cpu_ns "${pids[$i]}")
        echo "${names[$i]}:c-client $(p50 "$json")" >>"$results"
        echo "${names[$i]}:cpu $(awk -v a="$after" -v b="$before" -v n="$(($(json_field "$json" round_trips) + 1000))" \
            'BEGIN { printf "%.3f", (a - b) / n / 1000 }')" >>"$results"
        echo "${names[$i]}:bench $(p50 "$("$NATOAZ_BENCH" --socket "${sockets[$i]}" --method ping \
            --requests "$requests" --connections 1 --in-flight 1 --duration 60 --json)")" >>"$results"
    done
    echo "round $round of $rounds done" >&2
done

median() { grep "^$1 " "$results" | awk '{ print $2 }' | sort -g | awk '{ v[NR] = $1 } END {
    printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
floor=$(median floor)
echo "median p50 of $rounds rounds, $requests round trips each (µs); ratio = p50 / floor p50;"
echo "server CPU = natoazd's CPU time per Ping from the C client (µs, median of the rounds)"
printf '%-24s %8s %7s\n' configuration "p50 us" ratio
printf '%-24s %8s %7s\n' "C floor (pingpong.c)" "$floor" 1.00x
for name in "${names[@]}"; do
    for client in c-client bench; do
        value=$(median "$name:$client")
        printf '%-24s %8s %6.2fx\n' "$name, $client" "$value" \
            "$(awk -v a="$value" -v b="$floor" 'BEGIN { print a / b }')"
    done
done
for name in "${names[@]}"; do
    printf '%-24s %8s\n' "$name, server CPU" "$(median "$name:cpu")"
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
