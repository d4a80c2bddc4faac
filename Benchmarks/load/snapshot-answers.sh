#!/usr/bin/env bash
# Proves that a start from the index snapshot answers byte for byte as a start from the
# corpus text: starts NATOAZD on CORPUS_DIR with an empty cache directory (load from the
# text, snapshot written), sends one `natoazctl batch --json` of search, get, kwic, terms,
# collocations, entities, similar, timeline and suggest commands once everything is built,
# stops it; starts it again (from the snapshot), sends the same batch, and compares the two
# outputs with cmp. Prints the line count and md5 of each.
# Run from the repository root; natoazctl is taken from $NATOAZCTL or .build/debug.
# Usage: Benchmarks/load/snapshot-answers.sh NATOAZD CORPUS_DIR
set -euo pipefail
natoazd=$1
corpus=$2
natoazctl=${NATOAZCTL:-.build/debug/natoazctl}
work=$(mktemp -d)
mkdir "$work/cache"
pid=
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
ids=$(ls "$corpus" | grep '\.txt$' | awk 'NR % 97 == 1 && ++n <= 60' | sed 's/\.txt$//')
{
    grep -v '^#' Benchmarks/queries.txt | cut -f2 | while IFS= read -r query; do
        quoted=\'${query//\'/\'\\\'\'}\'
        echo "search $quoted --limit 20"
        echo "search $quoted --limit 10 --offset 10"
        echo "kwic $quoted --limit 200"
    done
    for id in $ids; do
        echo "get $id"
        echo "similar $id"
        echo "entities --doc $id"
    done
    for lang in "" "--lang en" "--lang ru" "--lang az" "--lang tr"; do
        echo "terms $lang --limit 100"
        echo "terms $lang --stems --limit 100"
        echo "terms $lang --prefix a --limit 100"
    done
    for word in nato azerbaijan baku нато türkiye; do echo "collocations $word"; done
    echo "timeline --limit 1000"
    echo "timeline --from 2021-01 --to 2021-12 --lang en --limit 200"
    echo "entities --limit 1000"
    for name in nato NATO "ilham aliyev" azerbaijan азербайджан stoltenberg türkiye "mark rutte" \
        brussels "no such entity"; do
        echo "entities '$name'"
    done
    for type in person country organisation city name; do echo "entities --type $type --limit 200"; done
    for prefix in a az nat ст tü; do echo "suggest $prefix --limit 100"; done
} >"$work/batch"
run() {
    "$natoazd" --socket "$work/s.sock" --corpus "$corpus" --cache-dir "$work/cache" \
        2>"$work/log-$1" &
    pid=$!
    until grep -qE "entity index (built|restored)" "$work/log-$1" 2>/dev/null; do
        kill -0 "$pid" 2>/dev/null || { cat "$work/log-$1"; exit 1; }
        sleep 0.2
    done
    if [ "$1" = text ]; then
        until grep -qE "index snapshot written|cannot write" "$work/log-$1"; do sleep 0.2; done
    fi
    # Generous: at 100k on a busy machine one answer (a Terms surface list) can take seconds.
    "$natoazctl" batch --json --timeout 600 --socket "$work/s.sock" <"$work/batch" \
        >"$work/out-$1" || true
    # Some commands find nothing (exit status 1), but an empty or short output means the
    # batch itself failed (e.g. a time-out), and comparing it would prove nothing.
    lines=$(wc -l <"$work/out-$1")
    [ "$lines" -ge "$(wc -l <"$work/batch")" ] || {
        echo "$1: only $lines lines for $(wc -l <"$work/batch") commands"
        exit 1
    }
    grep -E "corpus loaded|index snapshot" "$work/log-$1"
    kill "$pid"
    wait "$pid" || true
}
run text
run snapshot
grep -q "corpus loaded from snapshot" "$work/log-snapshot" || { echo "not from the snapshot"; exit 1; }
echo "batch: $(wc -l <"$work/batch") commands"
for kind in text snapshot; do
    echo "$kind: $(wc -l <"$work/out-$kind") lines, md5 $(md5sum <"$work/out-$kind" | cut -c1-12)"
done
cmp "$work/out-text" "$work/out-snapshot" && echo "identical"
