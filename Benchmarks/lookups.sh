#!/usr/bin/env bash
# Server time per lookup: runs each lookup N times, one natoazctl call at a time, against a running natoazd, then prints natoazd's own per-method latency
# histogram (Stats: server time from decoded request to encoded response).
#   NATOAZ_SOCKET=/path/natoaz.sock [SIMILAR_ID=doc-id] Benchmarks/lookups.sh [N] [natoazctl]
# Terms without --stems counts surface forms (natoazctl's default).
# Run it on a freshly started natoazd so Stats holds only these calls.
set -eu
export LC_ALL=C.UTF-8  # prefixes are cut by character, not byte
n=${1:-200}
ctl=${2:-natoazctl}
similar=${SIMILAR_ID:-002_163f1bbd0ac872e2}
i=0
{
    while [ "$i" -lt "$n" ]; do
        echo "kwic nato --limit 25"
        echo "kwic '\"Resolute Support\"' --limit 25 --sort right"
        echo "kwic nato --limit 25 --offset 1000 --sort left"
        echo "terms --prefix az --limit 50"
        echo "terms --limit 100 --lang ru"
        echo "terms --stems --limit 100 --lang ru"
        echo "suggest turk"
        echo "suggest a"
        echo "suggest stolt"
        echo "collocations nato"
        echo "entities --type person --limit 50"
        echo "entities 'Ilham Aliyev'"
        echo "timeline --from 2021 --to 2021-12 --limit 100"
        echo "similar $similar"
        i=$((i + 1))
    done
} | while IFS= read -r line; do
    # One request at a time, so the times are service times, not time queued behind
    # other pipelined requests.
    eval "\"\$ctl\" $line --json" > /dev/null || true
done
# Suggest as typed, one request per keystroke, pipelined over one connection: Suggest answers
# on the event loop from a precomputed index, so pipelining adds no queueing to its server time.
i=0
{
    while [ "$i" -lt "$n" ]; do
        for word in nato azerbaijan türkiye stoltenberg peacekeeping столтенберг bakı resolute; do
            prefix=""
            rest=$word
            while [ -n "$rest" ]; do
                next=${rest#?}
                prefix="$prefix${rest%"$next"}"
                rest=$next
                echo "suggest '$prefix'"
            done
        done
        i=$((i + 1))
    done
} | "$ctl" batch --json > /dev/null || true
"$ctl" stats
