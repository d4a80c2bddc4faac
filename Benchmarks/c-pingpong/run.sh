#!/usr/bin/env bash
# The physical floor: a C ping-pong between two processes over a socketpair and over a Unix
# stream socket (what natoazd uses), with messages the size of a natoaz Ping frame.
# Prints both and their ratio, measured in the same run.
#   Benchmarks/c-pingpong/run.sh [--count N] [--seconds S] [--size BYTES] [--json]
# With --json, prints the two JSON lines only (other scripts read them).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
json=0
args=()
for arg in "$@"; do
    if [[ $arg == --json ]]; then json=1; else args+=("$arg"); fi
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -O2 -Wall -Wextra -Werror -o "$work/pingpong" "$here/pingpong.c"
pair=$("$work/pingpong" --transport socketpair --json "${args[@]}")
unix=$("$work/pingpong" --transport unix --json "${args[@]}")
if ((json)); then
    printf '%s\n%s\n' "$pair" "$unix"
    exit 0
fi
field() { sed -E "s/.*\"$2\":\"?([^,\"}]+).*/\1/" <<<"$1"; }
for line in "$pair" "$unix"; do
    printf '%-10s %s-byte messages: %s round trips/s, p50 %s us, p99 %s us, max %s us\n' \
        "$(field "$line" transport)" "$(field "$line" size)" "$(field "$line" rps)" \
        "$(field "$line" p50_us)" "$(field "$line" p99_us)" "$(field "$line" max_us)"
done
awk -v a="$(field "$unix" p50_us)" -v b="$(field "$pair" p50_us)" \
    -v c="$(field "$unix" rps)" -v d="$(field "$pair" rps)" \
    'BEGIN { printf "ratio unix/socketpair: p50 %.2fx, round trips/s %.2fx\n", a / b, c / d }'
