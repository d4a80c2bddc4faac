#!/usr/bin/env bash
# The load clients' own cost: CPU time (user + system, /usr/bin/time) per request of
# natoaz-bench builds against one private natoazd, and of redis-benchmark against a private
# redis-server, in the P16 and c4 shapes of redis-anchor.sh, interleaved in rounds; medians.
# On a 2-core machine shared by client and server, what the client spends the server cannot
# use, so this is the client's share of a round trip, less sensitive to load than rates.
#
#   Benchmarks/client-cpu.sh [--requests N] [--rounds R] [NAME=PATH/TO/natoaz-bench ...]
#
# Rows: P16 = --connections 1 --in-flight 16 --batched (redis -c 1 -P 16), 10x N requests;
# c4 = --connections 4 --threads 4 (a thread per connection); c4t1 = --connections 4
# --threads 1 (one thread, poll(2); redis-benchmark -c 4 is one thread too).
# natoazd is $NATOAZD (release build by default), on seeds/.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

requests=30000
rounds=5
declare -a names=() paths=()
while (($#)); do
    case $1 in
    --requests) requests=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    *=*) names+=("${1%%=*}"); paths+=("${1#*=}"); shift ;;
    *) echo "usage: $0 [--requests N] [--rounds R] [NAME=PATH/TO/natoaz-bench ...]" >&2; exit 2 ;;
    esac
done
bench_binaries
if ((${#names[@]} == 0)); then names=(natoaz-bench); paths=("$NATOAZ_BENCH"); fi
bench_start_redis
bench_start_natoazd "$bench_root/seeds" 120

# timed COUNT COMMAND...: prints "rps cpu_us_per_request" (rps from the client's output).
timed() {
    local count=$1 out rps
    shift
    out=$(/usr/bin/time -f '%U %S' -o "$bench_work/time" "$@")
    if [[ $1 == redis-benchmark ]]; then
        rps=$(awk -F'"' '$2 == "PING_MBULK" { print $4 }' <<<"$out")
    else
        rps=$(json_field "$out" rps)
    fi
    awk -v r="$rps" -v n="$count" '{ printf "%s %.2f\n", r, ($1 + $2) / n * 1e6 }' "$bench_work/time"
}

results=$bench_work/results.txt
: >"$results"
for round in $(seq "$rounds"); do
    for shape in P16 c4 c4t1; do
        count=$requests
        case $shape in
        P16) count=$((requests * 10)); redis_args=(-c 1 -P 16)
            bench_args=(--connections 1 --in-flight 16 --batched) ;;
        c4) redis_args=(-c 4); bench_args=(--connections 4 --threads 4 --in-flight 1) ;;
        c4t1) redis_args=(-c 4); bench_args=(--connections 4 --threads 1 --in-flight 1) ;;
        esac
        echo "redis-benchmark $shape $(timed "$count" redis-benchmark -s "$redis_socket" \
            -t ping_mbulk -n "$count" "${redis_args[@]}" --csv)" >>"$results"
        for i in "${!names[@]}"; do
            echo "${names[$i]} $shape $(timed "$count" "${paths[$i]}" --socket "$NATOAZ_SOCKET" \
                --method ping --requests "$count" --duration 60 --json "${bench_args[@]}")" >>"$results"
        done
    done
    echo "round $round of $rounds done" >&2
done

median() {
    awk -v n="$1" -v s="$2" -v c="$3" '$1 == n && $2 == s { print $c }' "$results" | sort -g |
        awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
echo "median of $rounds round(s); client CPU = user + system time of the client process per request"
printf '%-5s %-16s %12s %16s\n' shape client rps "client CPU us/req"
for shape in P16 c4 c4t1; do
    for name in redis-benchmark "${names[@]}"; do
        printf '%-5s %-16s %12s %16s\n' "$shape" "$name" "$(median "$name" "$shape" 3)" \
            "$(median "$name" "$shape" 4)"
    done
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
