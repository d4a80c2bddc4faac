#!/usr/bin/env bash
# compare.sh OLD_BINDIR NEW_BINDIR [WORK]: differential test of two builds' parse and index on
# hostile and unseen text (session 17's QA). Generates three corpora (hostile-corpus.py: seed 17,
# 800 articles; seed 18, 1,500, one- and two-byte scalars only; seed 19, 1,500), then for each
# compares `natoaz-corpus --documents` and natoazd's answers (--no-cache) to a batch of
# 3,000-5,000 commands on the corpus's words (batch-from-corpus.py, via `natoazctl batch --json`).
# Prints SAME or DIFFERENT per check (the differences are kept in WORK); exits 1 if any differ.
set -euo pipefail
old=$(cd "$1" && pwd); new=$(cd "$2" && pwd)
work=${3:-$(mktemp -d /tmp/natoaz-differential.XXXXXX)}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$work"
status=0

answers() { # BINDIR CORPUS BATCH OUT
    local dir pid
    dir=$(mktemp -d)
    "$1/natoazd" --socket "$dir/s.sock" --corpus "$2" --no-cache 2>"$dir/log" &
    pid=$!
    until grep -qs "entity index built" "$dir/log"; do
        kill -0 $pid 2>/dev/null || { cat "$dir/log" >&2; return 1; }
        sleep 0.2
    done
    "$1/natoazctl" batch --socket "$dir/s.sock" --json --timeout 600 <"$3" >"$4" || true
    kill $pid; wait $pid 2>/dev/null || true
    rm -rf "$dir"
    # Two daemons failing alike would compare equal: a batch must be answered.
    [[ $(grep -c '"results":0\|"error"' "$4") -lt $(($(wc -l <"$4") / 4)) ]] ||
        { echo "too many errors or empty results in $4" >&2; return 1; }
}

verdict() { # NAME A B
    if cmp -s "$2" "$3"; then echo "SAME      $1 ($(wc -l <"$2") lines)"; else
        echo "DIFFERENT $1: diff $2 $3"; status=1; fi
}

for spec in "17 0 800" "18 1 1500" "19 0 1500"; do
    read -r seed two count <<<"$spec"
    corpus=$work/corpus-$seed
    [[ -d $corpus ]] || SEED=$seed TWO=$two python3 "$here/hostile-corpus.py" "$corpus" "$count"
    python3 "$here/batch-from-corpus.py" "$corpus" >"$work/batch-$seed.txt"
    for side in old new; do
        bin=$old; [[ $side == new ]] && bin=$new
        # The first line is the load's timing.
        "$bin/natoaz-corpus" "$corpus" --documents | tail -n +2 \
            >"$work/$side-documents-$seed.txt" || true
        answers "$bin" "$corpus" "$work/batch-$seed.txt" "$work/$side-answers-$seed.jsonl"
    done
    verdict "documents, seed $seed" "$work/old-documents-$seed.txt" "$work/new-documents-$seed.txt"
    verdict "answers, seed $seed" "$work/old-answers-$seed.jsonl" "$work/new-answers-$seed.jsonl"
done
exit $status
