#!/usr/bin/env bash
# The round-trip anchor: redis-benchmark PING against a private redis-server on a Unix socket,
# natoaz-bench ping against private natoazd builds, and the C ping-pong floor, in one run,
# interleaved in rounds, with ratios of the medians.
#
#   Benchmarks/redis-anchor.sh [--requests N] [--rounds R] [--corpus DIR] [--socket PATH]
#                              [--pin same|apart] [NAME=PATH/TO/natoazd[:PATH/TO/natoaz-bench] ...]
#
# Shapes (redis-benchmark flags ↔ natoaz-bench flags):
#   c1   -c 1        ↔ --connections 1 --in-flight 1
#   c4   -c 4        ↔ --connections 4 --threads 4 --in-flight 1   (a thread per connection)
#   c4t1 -c 4        ↔ --connections 4 --threads 1 --in-flight 1   (one thread, as redis-benchmark;
#                                                                   natoaz-bench's default)
#   P16  -c 1 -P 16  ↔ --connections 1 --in-flight 16 --batched   (10x --requests)
#   P16c -c 1 -P 16  ↔ Benchmarks/c-pingpong/natoaz-ping.c --pipeline 16 (a minimal C client:
#                      the server's share of P16 without natoaz-bench's)
# redis-benchmark -P 16 sends 16 commands, waits for all 16 replies, then sends the next 16;
# --batched makes natoaz-bench do the same. redis-benchmark drives all its connections from one
# thread (an event loop); c4t1 makes natoaz-bench do the same (poll(2) over the 4 sockets),
# which costs the client more per answer than 4 blocking threads on this 2-core machine. Both time a request from the write that carried it
# to the read that brought its answer.
# Each round runs every shape against redis, then against each natoazd build, and the C floor
# once; the tables give the median of the rounds (the machine is shared and noisy: only ratios
# from one run mean much).
# Goals (issue 10): natoazd ping rate ≥ redis in every shape; natoazd c1 p50 ≤ 1.1 × the C floor.
# With no NAME=PATH, measures $NATOAZD (the release natoazd, built if missing); several compare
# builds (e.g. before=/tmp/natoazd-old after=.build/release/natoazd); a build given as
# NATOAZD:NATOAZ_BENCH is driven by its own natoaz-bench (to compare client changes too),
# otherwise by $NATOAZ_BENCH. --socket uses an already running natoazd instead of starting one
# on --corpus (default seeds/).
# --pin fixes where the processes run (taskset): `same` puts every server and client on CPU 0
# (the floor's two processes too), `apart` the servers on CPU 0 and the clients on CPU 1 (the
# floor's echo side on CPU 0 and its client on CPU 1, pingpong.c --echo-cpu/--client-cpu). Unpinned, the scheduler's placement decides P16 on this 2-core machine: a
# pair on two CPUs was 2.5-3x slower than on one, for redis and natoazd alike (BENCHMARKS.md,
# "CPU placement"), so an unpinned run compares placements as much as servers.
# redis-benchmark runs only PING_MBULK (-t ping_mbulk): `-t ping` would also run PING_INLINE,
# and redis-server's CPU, read around the whole redis-benchmark run, would count two tests'
# requests against one test's count (session 3's table did: redis CPU per request was 2x).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

requests=100000
rounds=1
corpus=$bench_root/seeds
socket=
pin=
declare -a names=() paths=()
while (($#)); do
    case $1 in
    --requests) requests=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --corpus) corpus=$2; shift 2 ;;
    --socket) socket=$2; shift 2 ;;
    --pin)
        pin=$2; shift 2
        [[ $pin == same || $pin == apart ]] || { echo "--pin takes same or apart, not '$pin'" >&2; exit 2; }
        ;;
    *=*) names+=("${1%%=*}"); paths+=("${1#*=}"); shift ;;
    *)
        echo "usage: $0 [--requests N] [--rounds R] [--corpus DIR] [--socket PATH] [--pin same|apart] [NAME=PATH ...]" >&2
        exit 2
        ;;
    esac
done

bench_start_redis
# The command prefixes that place clients and the floor (see --pin); servers are moved with
# `taskset -a -p` once started.
declare -a client_cpu=() floor_cpu=() floor_args=()
case $pin in
same) client_cpu=(taskset -c 0); floor_cpu=(taskset -c 0) ;;
apart) client_cpu=(taskset -c 1); floor_args=(--echo-cpu 0 --client-cpu 1) ;;
esac
place_server() { [[ -z $pin || $1 == - ]] || taskset -a -p -c 0 "$1" >/dev/null; }
place_server "$redis_pid"

# Nanoseconds on CPU so far, summed over the threads of process $1 ("-" when unknown).
cpu_ns() {
    if [[ $1 == - ]]; then echo -; return; fi
    cat /proc/"$1"/task/*/schedstat | awk '{ sum += $1 } END { printf "%.0f", sum }'
}
# Server CPU per request in µs between two cpu_ns readings, over $3 (default $count) requests.
cpu_per_request() {
    awk -v a="$1" -v b="$2" -v n="${3:-$count}" 'BEGIN { if (a == "-") print "-"; else printf "%.2f", (b - a) / n / 1000 }'
}

# redis-benchmark --csv: "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms",...
redis_run() {
    local before after
    before=$(cpu_ns "$redis_pid")
    "${client_cpu[@]}" redis-benchmark -s "$redis_socket" -t ping_mbulk -n "$count" "$@" --csv |
        awk -F'"' '$2 == "PING_MBULK" { printf "%s %.1f %.1f 0 ", $4, $10 * 1000, $14 * 1000 }'
    after=$(cpu_ns "$redis_pid")
    cpu_per_request "$before" "$after"
}

# The natoazd builds: NAME=PATH arguments, or the one at --socket, or $NATOAZD.
declare -a sockets=() server_pids=() benches=()
natoaz_available=1
# Builds given as NATOAZD:NATOAZ_BENCH need nothing else: no release build of this checkout
# (which, missing, would be compiled first, for minutes, on the machine being measured).
own_benches=0
if [[ -z $socket ]] && ((${#names[@]} > 0)); then
    own_benches=1
    for path in "${paths[@]}"; do [[ $path == *:* ]] || own_benches=0; done
fi
if ((!own_benches)); then bench_binaries || natoaz_available=0; fi
if ((natoaz_available)); then
    if [[ -n $socket ]]; then
        names=(natoazd); sockets=("$socket"); server_pids=(-); benches=("$NATOAZ_BENCH")
    else
        if ((${#names[@]} == 0)); then names=(natoazd); paths=("$NATOAZD"); fi
        for i in "${!names[@]}"; do
            if [[ ${paths[$i]} == *:* ]]; then
                benches[i]=${paths[$i]#*:}
                paths[i]=${paths[$i]%%:*}
            else
                benches[i]=$NATOAZ_BENCH
            fi
            if [[ -x ${paths[$i]} ]] && NATOAZD=${paths[$i]} NATOAZ_BENCH=${benches[$i]} \
                bench_start_natoazd "$corpus" 120; then
                mv "$NATOAZ_SOCKET" "$bench_work/natoazd-$i.sock"
                sockets+=("$bench_work/natoazd-$i.sock")
                server_pids+=("$NATOAZD_PID")
                place_server "$NATOAZD_PID"
            else
                echo "natoazd ${names[$i]} (${paths[$i]}) did not start" >&2
                natoaz_available=0
            fi
        done
    fi
fi
# natoaz_run PID BENCH ARGS...
natoaz_run() {
    local json before after pid=$1 bench=$2
    shift 2
    before=$(cpu_ns "$pid")
    json=$("${client_cpu[@]}" "$bench" --method ping --requests "$count" --duration 60 --json "$@")
    after=$(cpu_ns "$pid")
    printf '%s %s %s %s %s\n' "$(json_field "$json" rps)" "$(json_field "$json" p50_us)" \
        "$(json_field "$json" p99_us)" "$(json_field "$json" errors)" \
        "$(cpu_per_request "$before" "$after")"
}

bench_build_ping_client
# c_run PID SOCKET: the P16c shape, natoazd driven by the C client.
c_run() {
    local json before after
    before=$(cpu_ns "$1")
    json=$("${client_cpu[@]}" "$bench_work/natoaz-ping" --socket "$2" --count "$count" --pipeline 16 --json)
    after=$(cpu_ns "$1")
    # natoaz-ping also sends 1,000 warm-up Pings, one at a time, on the same connection.
    printf '%s %s %s %s %s\n' "$(json_field "$json" rps)" - - 0 \
        "$(cpu_per_request "$before" "$after" $((count + 1000)))"
}

results=$bench_work/anchor.txt
: >"$results"
for round in $(seq "$rounds"); do
    floor=$("${floor_cpu[@]}" "$bench_root/Benchmarks/c-pingpong/run.sh" --count "$requests" \
        "${floor_args[@]}" --json | tail -1)
    count=$requests
    echo "floor - $(json_field "$floor" rps) $(json_field "$floor" p50_us) 0 0 -" >>"$results"
    for shape in c1 c4 c4t1 P16 P16c; do
        count=$requests
        case $shape in
        c1) redis_args=(-c 1); natoaz_args=(--connections 1 --in-flight 1) ;;
        c4) redis_args=(-c 4); natoaz_args=(--connections 4 --threads 4 --in-flight 1) ;;
        c4t1) redis_args=(-c 4); natoaz_args=(--connections 4 --threads 1 --in-flight 1) ;;
        P16)
            # 10x the requests: at ~10x the rate, a run as short as the others would be
            # a fraction of a second, at the mercy of one scheduling hiccup.
            count=$((requests * 10))
            redis_args=(-c 1 -P 16); natoaz_args=(--connections 1 --in-flight 16 --batched)
            ;;
        P16c) count=$((requests * 10)); redis_args=(-c 1 -P 16) ;;
        esac
        echo "redis $shape $(redis_run "${redis_args[@]}")" >>"$results"
        if ((natoaz_available)); then
            for i in "${!names[@]}"; do
                if [[ $shape == P16c ]]; then
                    echo "${names[$i]} $shape $(c_run "${server_pids[$i]}" "${sockets[$i]}")" >>"$results"
                    continue
                fi
                echo "${names[$i]} $shape $(natoaz_run "${server_pids[$i]}" "${benches[$i]}" \
                    --socket "${sockets[$i]}" "${natoaz_args[@]}")" >>"$results"
            done
        fi
    done
    echo "round $round of $rounds done" >&2
done

# median NAME SHAPE COLUMN (3 rps, 4 p50, 5 p99, 7 server CPU µs per request; 6 errors: summed)
median() {
    awk -v n="$1" -v s="$2" -v c="$3" '$1 == n && $2 == s && $c != "-" { print $c }' "$results" | sort -g |
        awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
errors() { awk -v n="$1" -v s="$2" '$1 == n && $2 == s { e += $6 } END { print e + 0 }' "$results"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2fx", a / b }'; }

echo "placement: ${pin:-unpinned, as the scheduler places them}"
echo "median of $rounds round(s), $requests requests per run ($((requests * 10)) at P16, P16c); rps,"
echo "latency in us; cpu = the server process's CPU time per request in us (all its threads,"
echo "/proc/PID/task/*/schedstat): the server's own cost, less sensitive to the machine's load"
printf '%-5s %-10s %10s %8s %8s %6s %7s | %9s %9s %9s\n' shape server rps p50 p99 errors cpu \
    "rps/redis" "p50/redis" "cpu/redis"
for shape in c1 c4 c4t1 P16 P16c; do
    r_rps=$(median redis "$shape" 3); r_p50=$(median redis "$shape" 4); r_cpu=$(median redis "$shape" 7)
    printf '%-5s %-10s %10s %8s %8s %6s %7s |\n' "$shape" redis "$r_rps" "$r_p50" \
        "$(median redis "$shape" 5)" - "$r_cpu"
    if ((natoaz_available)); then
        for name in "${names[@]}"; do
            n_rps=$(median "$name" "$shape" 3); n_p50=$(median "$name" "$shape" 4)
            n_cpu=$(median "$name" "$shape" 7)
            printf '%-5s %-10s %10s %8s %8s %6s %7s | %9s %9s %9s\n' "$shape" "$name" "$n_rps" \
                "$n_p50" "$(median "$name" "$shape" 5)" "$(errors "$name" "$shape")" "$n_cpu" \
                "$(ratio "$n_rps" "$r_rps")" "$(ratio "$n_p50" "$r_p50")" "$(ratio "$n_cpu" "$r_cpu")"
        done
    fi
done
floor_p50=$(median floor - 4)
echo "C ping-pong floor (Unix stream socket, 16 bytes): $(median floor - 3) round trips/s, p50 $floor_p50 us"
echo "redis c1 p50 / C floor p50: $(ratio "$(median redis c1 4)" "$floor_p50")"
if ((natoaz_available)); then
    for name in "${names[@]}"; do
        echo "$name c1 p50 / C floor p50: $(ratio "$(median "$name" c1 4)" "$floor_p50") (goal <= 1.10x)"
    done
else
    echo "natoazd: not measured (no natoazd binary yet, or it did not start)"
fi
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "(redis-benchmark p50 has 1 us resolution at best; ratios come from this one run.)"
