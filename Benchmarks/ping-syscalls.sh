#!/usr/bin/env bash
# System calls per Ping answer, natoazd builds against redis-server: `strace -c -f` attached
# to the server around unpipelined (c1) and pipelined (P16) Pings. Exact counts, unlike rates
# on this shared machine (strace slows the server down; only the counts are read).
#
#   Benchmarks/ping-syscalls.sh [--requests N] NAME=PATH/TO/natoazd ...
#
# natoazd is driven by the C client (c-pingpong/natoaz-ping.c, which also sends 1,000
# unpipelined warm-up Pings per run: counted, so the c1 run has N + 1,000 answers and the
# P16 run 16 N / 16 + 1,000), redis-server by redis-benchmark -t ping_mbulk (-c 1, -P 16).
# Prints, per server and shape, epoll_wait, read, write and all calls per answer.
# Needs strace (Debian: strace).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

requests=10000
declare -a names=() paths=()
while (($#)); do
    case $1 in
    --requests) requests=$2; shift 2 ;;
    *=*) names+=("${1%%=*}"); paths+=("${1#*=}"); shift ;;
    *) echo "usage: $0 [--requests N] NAME=PATH/TO/natoazd ..." >&2; exit 2 ;;
    esac
done
((${#names[@]})) || { echo "usage: $0 [--requests N] NAME=PATH/TO/natoazd ..." >&2; exit 2; }
command -v strace >/dev/null || { echo "needs strace (apt-get install strace)" >&2; exit 1; }

bench_build_ping_client

# report NAME SHAPE ANSWERS STRACE_FILE
report() {
    awk -v n="$1" -v s="$2" -v a="$3" '
        $NF == "epoll_wait" { e = $4 } $NF == "read" { r = $4 } $NF == "write" { w = $4 }
        $NF == "total" { t = $4 }
        END { printf "%-10s %-4s %7d answers  epoll_wait %.2f  read %.2f  write %.2f  all %.2f per answer\n",
            n, s, a, e / a, r / a, w / a, t / a }' "$4"
}

# traced PID OUTPUT COMMAND...: runs COMMAND with strace counting PID's calls meanwhile.
traced() {
    local pid=$1 out=$2 tracer
    shift 2
    strace -c -f -p "$pid" -o "$out" 2>/dev/null &
    tracer=$!
    sleep 1 # strace attaches to every thread before the run starts
    "$@" >/dev/null
    kill -INT "$tracer"
    wait "$tracer" 2>/dev/null || true
}

for i in "${!names[@]}"; do
    socket=$bench_work/${names[$i]}.sock
    "${paths[$i]}" --socket "$socket" --corpus "$bench_root/seeds" >"$bench_work/${names[$i]}.log" 2>&1 &
    pid=$!
    bench_pids+=("$pid")
    for _ in $(seq 600); do [[ -S $socket ]] && break; sleep 0.1; done
    [[ -S $socket ]] || { echo "${names[$i]} did not start:" >&2; tail "$bench_work/${names[$i]}.log" >&2; exit 1; }
    "$bench_work/natoaz-ping" --socket "$socket" --count 2000 >/dev/null
    traced "$pid" "$bench_work/${names[$i]}-c1" \
        "$bench_work/natoaz-ping" --socket "$socket" --count "$requests" --seconds 600
    report "${names[$i]}" c1 $((requests + 1000)) "$bench_work/${names[$i]}-c1"
    traced "$pid" "$bench_work/${names[$i]}-p16" \
        "$bench_work/natoaz-ping" --socket "$socket" --count $((requests * 16)) --pipeline 16 --seconds 600
    report "${names[$i]}" P16 $((requests * 16 + 1000)) "$bench_work/${names[$i]}-p16"
    kill "$pid"
done

bench_start_redis
traced "$redis_pid" "$bench_work/redis-c1" \
    redis-benchmark -s "$redis_socket" -t ping_mbulk -n "$requests" -c 1 -q
report redis c1 "$requests" "$bench_work/redis-c1"
traced "$redis_pid" "$bench_work/redis-p16" \
    redis-benchmark -s "$redis_socket" -t ping_mbulk -n $((requests * 16)) -c 1 -P 16 -q
report redis P16 $((requests * 16)) "$bench_work/redis-p16"
