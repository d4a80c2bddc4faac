#!/usr/bin/env bash
# Builds the libFuzzer targets and runs each for a bounded time (FUZZING.md).
#
#   Fuzz/run.sh                       every target, FUZZ_SECONDS (default 60) each
#   FUZZ_SECONDS=300 Fuzz/run.sh      longer
#   FUZZ_TARGETS="zstd-decompression" Fuzz/run.sh
#   Fuzz/run.sh --regress             only replay the corpora and Fuzz/regressions/ (no fuzzing)
#
# A target is its module's sources compiled together with Fuzz/Targets/<Name>.swift, whose
# @_cdecl("LLVMFuzzerTestOneInput") is libFuzzer's entry (swiftc -sanitize=fuzzer,address), so
# the fuzzer reaches internal API (the article parser) without making it public.
#
# Work files go to .build-fuzz/ (out of git): binaries, the growing corpus per target,
# crash artifacts and logs. Inputs that once crashed are kept in Fuzz/regressions/<target>/
# and replayed on every run; each also has a regression test in the module's test target.
# Exit status: 0 when no target crashed, 1 otherwise (the artifact paths are printed).
set -euo pipefail
cd "$(dirname "$0")/.."

FUZZ_SECONDS=${FUZZ_SECONDS:-60}
ALL_TARGETS="frame-decoding message-decoding zstd-decompression article-parsing query-parsing"
FUZZ_TARGETS=${FUZZ_TARGETS:-$ALL_TARGETS}
OUT=.build-fuzz
REGRESS=0
[[ ${1:-} == --regress ]] && REGRESS=1

SWIFTC=${SWIFTC:-swiftc}
SWIFT_FLAGS=(-O -g -parse-as-library -swift-version 6
    -enable-upcoming-feature ExistentialAny -enable-upcoming-feature InternalImportsByDefault
    -I Sources/CZstd -I Sources/CUTF8Proc -I Sources/CStemmer -use-ld=lld)

mkdir -p "$OUT/bin" "$OUT/corpus" "$OUT/artifacts" "$OUT/logs"

sources() { find "Sources/$1" -name '*.swift' | sort; }

# target -> "Module EntryFile"
target_info() {
    case $1 in
    frame-decoding) echo "NatoAzProtocol FrameDecoding" ;;
    message-decoding) echo "NatoAzProtocol MessageDecoding" ;;
    zstd-decompression) echo "NatoAzProtocol ZstdDecompression" ;;
    article-parsing) echo "NatoAzCorpus ArticleParsing" ;;
    query-parsing) echo "NatoAzCorpus QueryParsing" ;;
    *) echo "unknown fuzz target: $1 (targets: $ALL_TARGETS)" >&2; exit 2 ;;
    esac
}

build_target() {
    local name=$1 module entry
    read -r module entry < <(target_info "$name")
    local binary="$OUT/bin/$name"
    # Rebuild only when a source is newer than the binary.
    if [[ -x $binary ]] && [[ -z $(find "Sources/$module" "Fuzz/Targets/$entry.swift" \
        -newer "$binary" -name '*.swift' -print -quit) ]]; then
        return 0
    fi
    echo "fuzz: building $name ($module + Fuzz/Targets/$entry.swift)"
    mapfile -t files < <(sources "$module")
    "$SWIFTC" "${SWIFT_FLAGS[@]}" -sanitize=fuzzer,address -module-name "$module" \
        "${files[@]}" "Fuzz/Targets/$entry.swift" -o "$binary"
}

# Fills $OUT/corpus/<target>/ from the committed seeds; libFuzzer adds what it finds.
prepare_seeds() {
    local name=$1 dir="$OUT/corpus/$1"
    mkdir -p "$dir"
    case $name in
    frame-decoding | message-decoding | zstd-decompression)
        local generator="$OUT/bin/protocol-seeds"
        if [[ ! -x $generator ]] || [[ -n $(find Sources/NatoAzProtocol Fuzz/SeedGen \
            -newer "$generator" -name '*.swift' -print -quit) ]]; then
            mapfile -t files < <(sources NatoAzProtocol)
            "$SWIFTC" "${SWIFT_FLAGS[@]}" -module-name NatoAzProtocol "${files[@]}" \
                Fuzz/SeedGen/ProtocolSeeds.swift -o "$generator"
        fi
        mkdir -p "$OUT/corpus/frame-decoding" "$OUT/corpus/message-decoding" \
            "$OUT/corpus/zstd-decompression"
        "$generator" Protocol/vectors "$OUT/corpus" >/dev/null
        ;;
    article-parsing)
        cp seeds/*.txt "$dir/"
        # The same articles in the encodings the loader repairs: UTF-16 with BOM, legacy pages.
        for file in seeds/*.txt; do
            base=$(basename "$file" .txt)
            iconv -f UTF-8 -t UTF-16 "$file" >"$dir/$base.utf16" 2>/dev/null || true
            iconv -f UTF-8 -t CP1251 "$file" >"$dir/$base.cp1251" 2>/dev/null || rm -f "$dir/$base.cp1251"
            iconv -f UTF-8 -t CP1254 "$file" >"$dir/$base.cp1254" 2>/dev/null || rm -f "$dir/$base.cp1254"
            sed 's/$/\r/' "$file" >"$dir/$base.crlf"
        done
        ;;
    query-parsing)
        cp Fuzz/seeds/query-parsing/* "$dir/"
        ;;
    esac
    if [[ -d Fuzz/regressions/$name ]]; then cp Fuzz/regressions/"$name"/* "$dir/" 2>/dev/null || true; fi
}

available() {
    # The query parser lands with search; skip its target until the parser exists.
    [[ $1 != query-parsing ]] || grep -rqs "QueryParser" Sources/NatoAzCorpus
}

failed=()
summary=()
for name in $FUZZ_TARGETS; do
    target_info "$name" >/dev/null
    if ! available "$name"; then
        echo "fuzz: skipping $name (its module does not have the code yet)"
        continue
    fi
    build_target "$name"
    prepare_seeds "$name"
    log="$OUT/logs/$name.log"
    mkdir -p "$OUT/artifacts/$name"
    args=(-artifact_prefix="$OUT/artifacts/$name/" -print_final_stats=1 -timeout=10
        -rss_limit_mb=2048 -max_len=65536)
    if ((REGRESS)); then
        echo "fuzz: replaying $name corpus"
        args+=(-runs=0)
    else
        echo "fuzz: running $name for ${FUZZ_SECONDS}s (log: $log)"
        args+=(-max_total_time="$FUZZ_SECONDS")
    fi
    if "$OUT/bin/$name" "${args[@]}" "$OUT/corpus/$name" >"$log" 2>&1; then
        line=$( (grep -E '^#[0-9]+[[:space:]]+(DONE|INITED)' "$log" || true) | tail -1)
        cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+/[0-9]+[a-zA-Z]*' <<<"$line" || true)
        execs=$(awk '/stat::number_of_executed_units/ {print $2}' "$log")
        rate=$(awk '/stat::average_exec_per_sec/ {print $2}' "$log")
        rss=$(awk '/stat::peak_rss_mb/ {print $2}' "$log")
        summary+=("$(printf '%-20s execs=%-9s exec/s=%-6s peak_rss=%sMB  %s' \
            "$name" "$execs" "$rate" "$rss" "$cov")")
    else
        failed+=("$name")
        summary+=("$(printf '%-20s FAILED: %s' "$name" "$(grep -m1 -E 'ERROR|Fatal error|SUMMARY' "$log" || tail -1 "$log")")")
        ls "$OUT/artifacts/$name"/* 2>/dev/null | sed 's/^/    artifact: /' || true
    fi
done

echo
echo "fuzz summary (FUZZ_SECONDS=$FUZZ_SECONDS):"
printf '  %s\n' "${summary[@]}"
if ((${#failed[@]})); then
    echo "fuzz: crashes in: ${failed[*]} (artifacts under $OUT/artifacts/, logs under $OUT/logs/)"
    exit 1
fi
