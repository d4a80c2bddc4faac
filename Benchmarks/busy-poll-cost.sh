#!/usr/bin/env bash
# What natoazd's busy-poll setting costs in CPU, against the same build with it off: one
# natoazd per window on the seeds, each driven by the C client (c-pingpong/natoaz-ping.c) at
# one connection, back to back and with pauses between Pings (a client that asks now and
# then), then left idle. Prints per run the Pings per second, p50, the server's CPU per Ping
# (µs, all its threads, /proc/PID/task/*/schedstat) and its CPU over the run's wall time (%
# of one core); the idle line is the CPU the daemon used over --idle seconds with no request.
#
#   Benchmarks/busy-poll-cost.sh [--requests N] [--idle S] [--pin same|apart]
#                                PATH/TO/natoazd WINDOW ...      (e.g. 0 50us)
#
# --pin as in redis-anchor.sh: `same` puts server and client on CPU 0, `apart` the server on
# CPU 0 and the client on CPU 1.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

requests=20000
idle=2
pin=
while (($#)); do
    case $1 in
    --requests) requests=$2; shift 2 ;;
    --idle) idle=$2; shift 2 ;;
    --pin) pin=$2; shift 2 ;;
    *) break ;;
    esac
done
(($# >= 2)) || { echo "usage: $0 [--requests N] [--idle S] [--pin same|apart] NATOAZD WINDOW ..." >&2; exit 2; }
natoazd=$1
shift
windows=("$@")
declare -a client_cpu=()
case $pin in
same) client_cpu=(taskset -c 0) ;;
apart) client_cpu=(taskset -c 1) ;;
'') ;;
*) echo "--pin takes same or apart" >&2; exit 2 ;;
esac

bench_build_ping_client
cpu_ns() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ sum += $1 } END { printf "%.0f", sum }'; }
now_ns() { date +%s%N; }

declare -a sockets=() pids=()
for i in "${!windows[@]}"; do
    socket=$bench_work/natoazd-$i.sock
    "$natoazd" --socket "$socket" --corpus "$bench_root/seeds" --busy-poll "${windows[$i]}" \
        >"$bench_work/natoazd-$i.log" 2>&1 &
    pids+=("$!")
    bench_pids+=("$!")
    for _ in $(seq 600); do [[ -S $socket ]] && break; sleep 0.1; done
    [[ -S $socket ]] || { echo "natoazd did not start:" >&2; tail "$bench_work/natoazd-$i.log" >&2; exit 1; }
    [[ -z $pin ]] || taskset -a -p -c 0 "${pids[$i]}" >/dev/null
    "$bench_work/natoaz-ping" --socket "$socket" --count 2000 >/dev/null
    sockets+=("$socket")
done

printf '%-8s %-14s %9s %8s %12s %8s\n' window "pause (us)" "Pings/s" "p50 us" "CPU us/Ping" "CPU %"
# Interleaved: each pause runs against every window before the next pause.
for pause in 0 100 1000 5000; do
    count=$requests
    ((pause == 0)) || count=$((requests / 10))
    ((pause < 5000)) || count=$((requests / 40))
    for i in "${!windows[@]}"; do
        c0=$(cpu_ns "${pids[$i]}")
        t0=$(now_ns)
        out=$("${client_cpu[@]}" "$bench_work/natoaz-ping" --socket "${sockets[$i]}" \
            --count "$count" --interval-us "$pause" --seconds 120 --json)
        t1=$(now_ns)
        c1=$(cpu_ns "${pids[$i]}")
        # natoaz-ping sends 1,000 warm-up Pings too, back to back: counted in the CPU per Ping.
        awk -v w="${windows[$i]}" -v p="$pause" -v rps="$(json_field "$out" rps)" \
            -v p50="$(json_field "$out" p50_us)" -v n=$((count + 1000)) -v c=$((c1 - c0)) \
            -v t=$((t1 - t0)) 'BEGIN {
                printf "%-8s %-14s %9.0f %8.2f %12.2f %7.1f%%\n", w, p, rps, p50, c / n / 1000, 100 * c / t }'
    done
done
sleep 0.5
for i in "${!windows[@]}"; do
    c0=$(cpu_ns "${pids[$i]}")
    sleep "$idle"
    c1=$(cpu_ns "${pids[$i]}")
    awk -v w="${windows[$i]}" -v c=$((c1 - c0)) -v s="$idle" 'BEGIN {
        printf "%-8s idle %s s: %.3f ms of CPU (%.3f%% of a core)\n", w, s, c / 1e6, 100 * c / (s * 1e9) }'
done
