#!/usr/bin/env bash
# The load clients' own instructions and heap allocations per answer, counted by callgrind:
# exact and independent of the machine's load (client-cpu.sh times the same thing, noisily).
# natoaz-bench builds drive one private natoazd ($NATOAZD, release; not under valgrind), and
# redis-benchmark drives a private redis-server, as the reference, in the P16 and c1 shapes
# of redis-anchor.sh.
#
#   Benchmarks/client-instructions.sh [--requests N] [NAME=PATH/TO/natoaz-bench ...]
#
# Each client runs twice under callgrind, with N requests and with 16: the difference divided
# by N - 16 is the cost per answer without start-up (process start, handshake, the report).
# Needs valgrind (Debian: valgrind). valgrind 3.19 cannot read the DWARF 5 debug info of
# Swift 6 binaries, so each natoaz-bench is copied without it (strip --strip-debug).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

requests=64000
declare -a names=() paths=()
while (($#)); do
    case $1 in
    --requests) requests=$2; shift 2 ;;
    *=*) names+=("${1%%=*}"); paths+=("${1#*=}"); shift ;;
    *) echo "usage: $0 [--requests N] [NAME=PATH/TO/natoaz-bench ...]" >&2; exit 2 ;;
    esac
done
command -v valgrind >/dev/null || { echo "needs valgrind (apt-get install valgrind)" >&2; exit 1; }
bench_binaries
if ((${#names[@]} == 0)); then names=(natoaz-bench); paths=("$NATOAZ_BENCH"); fi
bench_start_redis
bench_start_natoazd "$bench_root/seeds" 120

# counts FILE-PREFIX COMMAND...: runs COMMAND under callgrind; prints "instructions mallocs"
# summed over its threads.
counts() {
    local prefix=$1
    shift
    valgrind --tool=callgrind --callgrind-out-file="$prefix.%p" "$@" >/dev/null 2>"$prefix.log"
    local total=0 mallocs=0 file
    for file in "$prefix".*; do
        [[ $file == *.log ]] && continue
        total=$((total + $(callgrind_annotate "$file" 2>/dev/null |
            awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }')))
        mallocs=$((mallocs + $(calls_of_malloc "$file")))
    done
    echo "$total $mallocs"
}

# Calls of malloc in a callgrind file: the sum of its callers' call counts.
calls_of_malloc() {
    callgrind_annotate --tree=caller "$1" 2>/dev/null | /usr/bin/python3 -c '
import re, sys
lines, calls = sys.stdin.read().split("\n"), 0
for i, line in enumerate(lines):
    if re.search(r"\*\s+\S*:malloc\s", line):
        j = i - 1
        while j >= 0 and "<" in lines[j]:
            calls += int(re.search(r"\((\S+)x\)", lines[j]).group(1).replace(",", ""))
            j -= 1
print(calls)'
}

# per_answer NAME SHAPE BASE_COUNTS FULL_COUNTS
per_answer() {
    read -r base_ir base_malloc <<<"$3"
    read -r full_ir full_malloc <<<"$4"
    awk -v n="$1" -v s="$2" -v r="$requests" -v bi="$base_ir" -v fi="$full_ir" \
        -v bm="$base_malloc" -v fm="$full_malloc" 'BEGIN {
        printf "%-14s %-4s %8.0f instructions  %5.2f mallocs per answer\n",
            n, s, (fi - bi) / (r - 16), (fm - bm) / (r - 16) }'
}

for shape in P16 c1; do
    if [[ $shape == P16 ]]; then
        redis_args=(-c 1 -P 16); bench_args=(--connections 1 --in-flight 16 --batched)
    else
        redis_args=(-c 1); bench_args=(--connections 1 --in-flight 1)
    fi
    dir=$bench_work/redis-$shape
    mkdir -p "$dir"
    base=$(counts "$dir/base" redis-benchmark -s "$redis_socket" -t ping_mbulk -n 16 \
        "${redis_args[@]}" -q)
    full=$(counts "$dir/full" redis-benchmark -s "$redis_socket" -t ping_mbulk -n "$requests" \
        "${redis_args[@]}" -q)
    per_answer redis-benchmark "$shape" "$base" "$full"
    for i in "${!names[@]}"; do
        dir=$bench_work/$i-$shape
        mkdir -p "$dir"
        strip --strip-debug -o "$dir/natoaz-bench" "${paths[$i]}"
        base=$(counts "$dir/base" "$dir/natoaz-bench" --socket "$NATOAZ_SOCKET" --method ping \
            --requests 16 "${bench_args[@]}" --json)
        full=$(counts "$dir/full" "$dir/natoaz-bench" --socket "$NATOAZ_SOCKET" --method ping \
            --requests "$requests" "${bench_args[@]}" --json)
        per_answer "${names[$i]}" "$shape" "$base" "$full"
    done
done
