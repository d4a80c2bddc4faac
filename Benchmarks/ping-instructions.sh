#!/usr/bin/env bash
# natoazd's own instructions and heap allocations per Ping answer, counted by callgrind:
# exact and independent of the machine's load, unlike rates and CPU times on this shared
# 2-core machine. Each build serves the seeds under valgrind; the C client (natoaz-ping.c)
# sends Pings unpipelined (c1) and in batches of 16 (P16); counting is switched on only
# around the measured run, after a warm-up.
#
#   Benchmarks/ping-instructions.sh [--requests N] NAME=PATH/TO/natoazd ...
#
# Prints, per build and shape: instructions (Ir) per answer, and calls to malloc per answer
# (a steady-state Ping should allocate nothing). Answers are counted as calls to
# Response.encode(to:) and to the framing of a PingAnswer, so a run's partly counted start
# does not skew the ratio.
# Needs valgrind (Debian: valgrind). valgrind 3.19 cannot read the DWARF 5 debug info of
# Swift 6 binaries, so each binary is copied without it (strip --strip-debug; symbols stay).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

requests=64000
declare -a names=() paths=()
while (($#)); do
    case $1 in
    --requests) requests=$2; shift 2 ;;
    *=*) names+=("${1%%=*}"); paths+=("${1#*=}"); shift ;;
    *) echo "usage: $0 [--requests N] NAME=PATH/TO/natoazd ..." >&2; exit 2 ;;
    esac
done
((${#names[@]})) || { echo "usage: $0 [--requests N] NAME=PATH/TO/natoazd ..." >&2; exit 2; }
command -v valgrind >/dev/null || { echo "needs valgrind (apt-get install valgrind)" >&2; exit 1; }

bench_build_ping_client

ping_answer_frame='$s14NatoAzProtocol10FrameCodecC06encodeD033_F93ADE21E7643B32192A00BFB5FE339CLL7message11appendingToyx_Says5UInt8VGztAA0C5ErrorVYKAA11WireMessageRzlFAA10PingAnswerV_Tg5'
# Session 10: a Ping's answer written straight into the channel's buffer.
ping_answer_written='$s14NatoAzProtocol10PingAnswerV15writePlainFrame12payloadCount2toS2i_SwtF'

# Calls of FUNCTION (a symbol) in a callgrind file: the sum of its callers' call counts.
calls_of() {
    callgrind_annotate --tree=caller "$1" 2>/dev/null | /usr/bin/python3 -c '
import re, sys
target, lines, calls = sys.argv[1], sys.stdin.read().split("\n"), 0
for i, line in enumerate(lines):
    if re.search(r"\*\s+\S*:" + re.escape(target) + r"\s", line):
        j = i - 1
        while j >= 0 and "<" in lines[j]:
            calls += int(re.search(r"\((\S+)x\)", lines[j]).group(1).replace(",", ""))
            j -= 1
print(calls)' "$2"
}

measure() { # NAME BINARY PIPELINE COUNT
    local dir=$bench_work/$1-p$3 vg
    mkdir -p "$dir"
    strip --strip-debug -o "$dir/natoazd" "$2"
    valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$dir/cg.%p" \
        "$dir/natoazd" --socket "$dir/s.sock" --corpus "$bench_root/seeds" >"$dir/log" 2>&1 &
    vg=$!
    bench_pids+=("$vg")
    for _ in $(seq 1200); do [[ -S $dir/s.sock ]] && break; sleep 0.1; done
    [[ -S $dir/s.sock ]] || { echo "natoazd under valgrind did not start:" >&2; tail "$dir/log" >&2; exit 1; }
    "$bench_work/natoaz-ping" --socket "$dir/s.sock" --count 2000 --pipeline "$3" >/dev/null
    callgrind_control -i on "$vg" >/dev/null 2>&1
    "$bench_work/natoaz-ping" --socket "$dir/s.sock" --count "$4" --pipeline "$3" >/dev/null
    callgrind_control -i off "$vg" >/dev/null 2>&1
    callgrind_control -d "$vg" >/dev/null 2>&1
    sleep 1
    kill "$vg"
    wait "$vg" 2>/dev/null || true
    local file total answers mallocs
    file=$(ls -S "$dir"/cg.* | head -1)
    total=$(callgrind_annotate "$file" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }')
    # Pings answered without a Response (session 8) are framed by FrameCodec's PingAnswer
    # specialisation, a call of its own, and since session 10 written straight by
    # PingAnswer.writePlainFrame; 0 in builds older than each.
    answers=$(($(calls_of "$file" '$s14NatoAzProtocol8ResponseV6encode2toyAA14ProtobufWriterVz_tF') +
        $(calls_of "$file" "$ping_answer_frame") + $(calls_of "$file" "$ping_answer_written")))
    mallocs=$(calls_of "$file" malloc)
    awk -v n="$1" -v p="$3" -v t="$total" -v a="$answers" -v m="$mallocs" 'BEGIN {
        shape = p == 1 ? "c1" : "P" p
        printf "%-10s %-4s %9d answers counted  %7.0f instructions  %5.2f mallocs per answer\n",
            n, shape, a, t / a, m / a }'
}

for i in "${!names[@]}"; do
    measure "${names[$i]}" "${paths[$i]}" 16 "$requests"
    measure "${names[$i]}" "${paths[$i]}" 1 $((requests / 4))
done
