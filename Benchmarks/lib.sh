# Shared helpers for the peer scripts in Benchmarks/ (sourced, not run).
# Every script starts its own private servers in a temporary directory and stops them by PID.

bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench_work=$(mktemp -d "${TMPDIR:-/tmp}/natoaz-bench.XXXXXX")
bench_pids=()

bench_cleanup() {
    local pid
    for pid in "${bench_pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${bench_pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$bench_work"
}
trap bench_cleanup EXIT

# Release binaries: natoazd and natoaz-bench from `swift build -c release` (built if missing),
# or the paths in $NATOAZD / $NATOAZ_BENCH.
bench_binaries() {
    local bin
    bin=$(cd "$bench_root" && swift build -c release --show-bin-path)
    NATOAZD=${NATOAZD:-$bin/natoazd}
    NATOAZ_BENCH=${NATOAZ_BENCH:-$bin/natoaz-bench}
    if [[ ! -x $NATOAZ_BENCH || ! -x $NATOAZD ]]; then
        echo "building release binaries (swift build -c release) ..." >&2
        (cd "$bench_root" && swift build -c release --product natoaz-bench >&2 &&
            swift build -c release --product natoazd >&2)
    fi
}

# Builds the minimal C client (c-pingpong/natoaz-ping.c) as $bench_work/natoaz-ping.
bench_build_ping_client() {
    cc -O2 -Wall -Wextra -Werror -o "$bench_work/natoaz-ping" \
        "$bench_root/Benchmarks/c-pingpong/natoaz-ping.c"
}

# Starts a private natoazd on CORPUS; sets NATOAZ_SOCKET and NATOAZD_PID, waits (at most
# $2 seconds, default 600) until it answers a search, and sets NATOAZD_READY_SECONDS (from
# start to first answer: process start-up, corpus load and index build).
# Call it directly, not in $(...): the PID must stay in this shell to be stopped on exit.
bench_start_natoazd() {
    local corpus=$1 timeout=${2:-600} started now
    NATOAZ_SOCKET=$bench_work/natoazd.sock
    started=$(date +%s.%N)
    "$NATOAZD" --socket "$NATOAZ_SOCKET" --corpus "$corpus" >"$bench_work/natoazd.log" 2>&1 &
    NATOAZD_PID=$!
    bench_pids+=("$NATOAZD_PID")
    while true; do
        if ! kill -0 "$NATOAZD_PID" 2>/dev/null; then
            echo "natoazd exited during start-up; its log:" >&2
            tail -20 "$bench_work/natoazd.log" >&2
            return 1
        fi
        # Ready = a search is answered without an error (not UNAVAILABLE while loading).
        if [[ -S $NATOAZ_SOCKET ]] &&
            "$NATOAZ_BENCH" --socket "$NATOAZ_SOCKET" --method search --requests 1 \
                --timeout 2000 --json 2>/dev/null | grep -q '"errors":0,'; then
            break
        fi
        now=$(date +%s.%N)
        if awk -v a="$now" -v b="$started" -v t="$timeout" 'BEGIN { exit !(a - b > t) }'; then
            echo "natoazd did not answer within $timeout s; its log:" >&2
            tail -20 "$bench_work/natoazd.log" >&2
            return 1
        fi
        sleep 0.05
    done
    NATOAZD_READY_SECONDS=$(awk -v a="$(date +%s.%N)" -v b="$started" 'BEGIN { printf "%.2f", a - b }')
}

# Resident memory of a process in bytes.
bench_rss_bytes() {
    awk '/^VmRSS:/ { print $2 * 1024 }' "/proc/$1/status"
}

# The value of a numeric or string field in a one-line JSON object (no jq dependency).
json_field() {
    /usr/bin/python3 -c 'import json,sys
value = json.loads(sys.argv[1])
for key in sys.argv[2].split("."):
    value = value.get(key) if isinstance(value, dict) else None
print("" if value is None else value)' "$1" "$2"
}

# Starts a private redis-server (no TCP port, no persistence, socket in our temporary
# directory); sets redis_socket and redis_pid, and waits until the socket exists.
bench_start_redis() {
    "$bench_root/.ci/ensure-packages" redis-server redis-tools >&2
    redis_socket=$bench_work/redis.sock
    redis-server --port 0 --unixsocket "$redis_socket" --unixsocketperm 700 --save '' \
        --appendonly no --dir "$bench_work" --daemonize no --loglevel warning \
        >"$bench_work/redis.log" 2>&1 &
    redis_pid=$!
    bench_pids+=("$redis_pid")
    for _ in $(seq 200); do [[ -S $redis_socket ]] && break; sleep 0.05; done
    [[ -S $redis_socket ]] || { echo "redis-server did not start:" >&2; cat "$bench_work/redis.log" >&2; exit 1; }
}
