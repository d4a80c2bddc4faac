#!/usr/bin/env bash
# What the answering side of one unpipelined round trip (c1) costs, for the C floor and for
# each server, in interleaved rounds: context switches and CPU time per round trip, and the
# run's round trips per second and p50. The floor's answering side is pingpong.c's echo
# child (a blocking read, then a write; its usage comes from wait4(2)); natoazd is driven
# by the C client (natoaz-ping.c), redis-server by redis-benchmark -t ping_mbulk -c 1, each
# server's usage read from /proc/PID/task/*/{status,schedstat} around the run (every
# thread; the clients' warm-ups are counted as round trips). System calls per answer are
# Benchmarks/ping-syscalls.sh's (the floor makes a read and a write per round trip).
#
#   Benchmarks/ping-wakeups.sh [--rounds R] [--requests N] [NAME=PATH/TO/natoazd ...]
#
# With no NAME=PATH, measures the release natoazd (built if missing). Prints the medians of
# the rounds: round trips per second and p50 of the run, then per round trip voluntary
# context switches (sleeps: waiting for the next request), involuntary ones (preempted by
# other work on the machine) and CPU microseconds (user + system). A server that sleeps in
# epoll_wait and a process that sleeps in read both switch out once per round trip; what an
# event loop adds is CPU per wake-up.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

rounds=3
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
if ((${#names[@]} == 0)); then
    bench_binaries
    names=(natoazd)
    paths=("$NATOAZD")
fi
command -v redis-benchmark >/dev/null || "$bench_root/.ci/ensure-packages" redis-server redis-tools >&2

cc -O2 -Wall -Wextra -Werror -o "$bench_work/pingpong" "$bench_root/Benchmarks/c-pingpong/pingpong.c"
bench_build_ping_client

# usage PID: "voluntary_switches involuntary_switches cpu_ns" summed over its threads.
usage() {
    local voluntary=0 involuntary=0 ns=0 task v i n
    for task in /proc/"$1"/task/*; do
        v=$(awk '/^voluntary_ctxt_switches/ { print $2 }' "$task/status" 2>/dev/null || echo 0)
        i=$(awk '/^nonvoluntary_ctxt_switches/ { print $2 }' "$task/status" 2>/dev/null || echo 0)
        n=$(awk '{ print $1 }' "$task/schedstat" 2>/dev/null || echo 0)
        voluntary=$((voluntary + ${v:-0}))
        involuntary=$((involuntary + ${i:-0}))
        ns=$((ns + ${n:-0}))
    done
    echo "$voluntary $involuntary $ns"
}

results=$bench_work/results
: >"$results"

# row NAME TRIPS BEFORE AFTER RPS P50
row() {
    read -r v0 i0 n0 <<<"$3"
    read -r v1 i1 n1 <<<"$4"
    awk -v name="$1" -v t="$2" -v v="$((v1 - v0))" -v i="$((i1 - i0))" -v n="$((n1 - n0))" \
        -v rps="$5" -v p50="$6" 'BEGIN {
            printf "%s %.0f %.2f %.3f %.3f %.2f\n", name, rps, p50, v / t, i / t, n / t / 1000 }' >>"$results"
}

# One natoazd per build on the seeds, all running for the whole run, each warmed up.
declare -a sockets=() pids=()
for i in "${!names[@]}"; do
    socket=$bench_work/natoazd-$i.sock
    "${paths[$i]}" --socket "$socket" --corpus "$bench_root/seeds" >"$bench_work/natoazd-$i.log" 2>&1 &
    pids+=("$!")
    bench_pids+=("$!")
    for _ in $(seq 600); do [[ -S $socket ]] && break; sleep 0.1; done
    [[ -S $socket ]] || { echo "${names[$i]} did not start:" >&2; tail "$bench_work/natoazd-$i.log" >&2; exit 1; }
    "$bench_work/natoaz-ping" --socket "$socket" --count 2000 >/dev/null
    sockets+=("$socket")
done
bench_start_redis

for round in $(seq "$rounds"); do
    floor=$("$bench_work/pingpong" --transport unix --count "$requests" --json)
    awk -v line="$floor" 'BEGIN {
        n = split(line, kv, /[,{}]/)
        for (i = 1; i <= n; i++) { split(kv[i], p, ":"); gsub(/"/, "", p[1]); f[p[1]] = p[2] }
        printf "floor %.0f %.2f %.3f %.3f %.2f\n", f["rps"], f["p50_us"], f["echo_voluntary_switches_per_trip"],
            f["echo_involuntary_switches_per_trip"], f["echo_cpu_us_per_trip"]
    }' >>"$results"
    for i in "${!names[@]}"; do
        before=$(usage "${pids[$i]}")
        out=$("$bench_work/natoaz-ping" --socket "${sockets[$i]}" --count "$requests" --json)
        after=$(usage "${pids[$i]}")
        row "${names[$i]}" $((requests + 1000)) "$before" "$after" \
            "$(json_field "$out" rps)" "$(json_field "$out" p50_us)"
    done
    before=$(usage "$redis_pid")
    out=$(redis-benchmark -s "$redis_socket" -t ping_mbulk -n "$requests" -c 1 --csv 2>/dev/null | tail -1)
    after=$(usage "$redis_pid")
    # CSV: "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms",...
    rps=$(echo "$out" | awk -F'","' '{ print $2 }')
    p50=$(echo "$out" | awk -F'","' '{ print $5 * 1000 }')
    row redis "$requests" "$before" "$after" "$rps" "$p50"
    echo "round $round done (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
done

printf '%-12s %10s %8s %10s %10s %10s %8s\n' answerer "trips/s" "p50 us" "p50/floor" "sleeps" "preempted" "CPU us"
awk '
    { n[$1]++; rps[$1, n[$1]] = $2; p50[$1, n[$1]] = $3; sw[$1, n[$1]] = $4; pre[$1, n[$1]] = $5
      cpu[$1, n[$1]] = $6
      if (!($1 in seen)) { seen[$1] = 1; order[++k] = $1 } }
    function median(a, name, count,   i, j, t, v) {
        for (i = 1; i <= count; i++) v[i] = a[name, i]
        for (i = 1; i <= count; i++) for (j = i + 1; j <= count; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
        return count % 2 ? v[(count + 1) / 2] : (v[count / 2] + v[count / 2 + 1]) / 2
    }
    END {
        floor = median(p50, "floor", n["floor"])
        for (i = 1; i <= k; i++) {
            m = order[i]
            printf "%-12s %10.0f %8.2f %9.2fx %10.3f %10.3f %8.2f\n", m, median(rps, m, n[m]),
                median(p50, m, n[m]), median(p50, m, n[m]) / floor, median(sw, m, n[m]),
                median(pre, m, n[m]), median(cpu, m, n[m])
        }
    }' "$results"
