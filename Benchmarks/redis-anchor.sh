#!/usr/bin/env bash
# The round-trip anchor: redis-benchmark PING against a private redis-server on a Unix socket,
# natoaz-bench ping against a private natoazd, and the C ping-pong floor, in one run, with ratios.
#
#   Benchmarks/redis-anchor.sh [--requests N] [--corpus DIR] [--socket PATH]
#
# Shapes (redis-benchmark flags ↔ natoaz-bench flags):
#   c1   -c 1        ↔ --connections 1 --in-flight 1
#   c4   -c 4        ↔ --connections 4 --in-flight 1
#   P16  -c 1 -P 16  ↔ --connections 1 --in-flight 16
# Goals (issue 10): natoazd ping rate ≥ redis in every shape; natoazd c1 p50 ≤ 1.1 × the C floor.
# --socket uses an already running natoazd instead of starting one on --corpus (default seeds/).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

requests=100000
corpus=$bench_root/seeds
socket=
while (($#)); do
    case $1 in
    --requests) requests=$2; shift 2 ;;
    --corpus) corpus=$2; shift 2 ;;
    --socket) socket=$2; shift 2 ;;
    *) echo "usage: $0 [--requests N] [--corpus DIR] [--socket PATH]" >&2; exit 2 ;;
    esac
done

"$bench_root/.ci/ensure-packages" redis-server redis-tools >&2

# A private redis-server: no TCP port, no persistence, socket in our temporary directory.
redis_socket=$bench_work/redis.sock
redis-server --port 0 --unixsocket "$redis_socket" --unixsocketperm 700 --save '' \
    --appendonly no --dir "$bench_work" --daemonize no --loglevel warning \
    >"$bench_work/redis.log" 2>&1 &
bench_pids+=($!)
for _ in $(seq 200); do [[ -S $redis_socket ]] && break; sleep 0.05; done
[[ -S $redis_socket ]] || { echo "redis-server did not start:" >&2; cat "$bench_work/redis.log" >&2; exit 1; }

# redis-benchmark --csv: "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms",...
redis_run() {
    redis-benchmark -s "$redis_socket" -t ping -n "$requests" "$@" --csv |
        awk -F'"' '$2 == "PING_MBULK" { printf "%s %.1f %.1f\n", $4, $10 * 1000, $14 * 1000 }'
}

natoaz_available=1
bench_binaries || natoaz_available=0
if ((natoaz_available)) && [[ -z $socket ]]; then
    if [[ -x $NATOAZD ]]; then
        bench_start_natoazd "$corpus" 120 || natoaz_available=0
        socket=${NATOAZ_SOCKET:-}
    else
        natoaz_available=0
    fi
fi
natoaz_run() {
    local json
    json=$("$NATOAZ_BENCH" --socket "$socket" --method ping --requests "$requests" \
        --duration 60 --json "$@")
    printf '%s %s %s %s\n' "$(json_field "$json" rps)" "$(json_field "$json" p50_us)" \
        "$(json_field "$json" p99_us)" "$(json_field "$json" errors)"
}

floor=$("$bench_root/Benchmarks/c-pingpong/run.sh" --count "$requests" --json | tail -1)
floor_p50=$(json_field "$floor" p50_us)
floor_rps=$(json_field "$floor" rps)

printf '%-5s %12s %10s %10s | %12s %10s %10s %7s | %9s %9s\n' shape "redis rps" "p50 us" \
    "p99 us" "natoaz rps" "p50 us" "p99 us" errors "rps ratio" "p50 ratio"
for shape in c1 c4 P16; do
    case $shape in
    c1) redis_args=(-c 1); natoaz_args=(--connections 1 --in-flight 1) ;;
    c4) redis_args=(-c 4); natoaz_args=(--connections 4 --in-flight 1) ;;
    P16) redis_args=(-c 1 -P 16); natoaz_args=(--connections 1 --in-flight 16) ;;
    esac
    read -r r_rps r_p50 r_p99 < <(redis_run "${redis_args[@]}")
    if ((natoaz_available)); then
        read -r n_rps n_p50 n_p99 n_err < <(natoaz_run "${natoaz_args[@]}")
        ratios=$(awk -v a="$n_rps" -v b="$r_rps" -v c="$n_p50" -v d="$r_p50" \
            'BEGIN { printf "%8.2fx %8.2fx", a / b, (d > 0 ? c / d : 0) }')
    else
        n_rps=-; n_p50=-; n_p99=-; n_err=-; ratios="        -         -"
    fi
    printf '%-5s %12s %10s %10s | %12s %10s %10s %7s | %s\n' "$shape" "$r_rps" "$r_p50" \
        "$r_p99" "$n_rps" "$n_p50" "$n_p99" "$n_err" "$ratios"
    if [[ $shape == c1 ]]; then c1_natoaz_p50=$n_p50; c1_redis_p50=$r_p50; fi
done
echo "C ping-pong floor (Unix stream socket, 16 bytes): $floor_rps round trips/s, p50 $floor_p50 us"
awk -v r="$c1_redis_p50" -v f="$floor_p50" \
    'BEGIN { printf "redis c1 p50 / C floor p50: %.2fx\n", r / f }'
if ((natoaz_available)); then
    awk -v n="$c1_natoaz_p50" -v f="$floor_p50" \
        'BEGIN { printf "natoazd c1 p50 / C floor p50: %.2fx (goal <= 1.10)\n", n / f }'
else
    echo "natoazd: not measured (no natoazd binary yet, or it did not start)"
fi
echo "(redis-benchmark p50 has 1 us resolution at best; ratios come from this one run.)"
