#!/usr/bin/env bash
# A reload of an unchanged corpus from the index snapshot, two natoazd binaries interleaved:
# how long until the new generation has everything built (or restored), and at what CPU cost.
# Each binary first loads CORPUS_DIR from the text once with its own cache directory (the
# snapshot is written). Then ROUNDS times (default 3), BEFORE first, it starts from its
# snapshot, waits until everything is built, and sends `natoazctl reload --wait`: printed are
# the seconds the reload took (natoazctl's whole run), the seconds from the reload to the
# second "entity index built/restored" line, natoazd's CPU seconds over that span, and its
# VmRSS 2 s later (the replaced generation freed, or not).
# natoazctl is taken from $NATOAZCTL or /tmp/final7-bin/natoazctl.
# Usage: Benchmarks/load/measure-warm-reload.sh BEFORE_NATOAZD AFTER_NATOAZD CORPUS_DIR [ROUNDS]
set -euo pipefail
before=$1
after=$2
corpus=$3
rounds=${4:-3}
natoazctl=${NATOAZCTL:-/tmp/final7-bin/natoazctl}
ticks=$(getconf CLK_TCK)
caches=$(mktemp -d)
pid=
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null || true; rm -rf "$caches"' EXIT
built='entity index \(built\|restored\)'
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
# start BIN CACHE LOG: natoazd in the background (pid set), socket next to the log.
start() {
    "$1" --socket "$3.sock" --corpus "$corpus" --cache-dir "$2" 2>"$3" &
    pid=$!
}
wait_count() { # PATTERN COUNT LOG
    until [ "$(grep -c "$1" "$3" || true)" -ge "$2" ]; do
        kill -0 "$pid" 2>/dev/null || { cat "$3"; exit 1; }
        sleep 0.05
    done
}
for name in before after; do
    mkdir "$caches/$name"
    start "${!name}" "$caches/$name" "$caches/$name.log"
    wait_count "index snapshot written" 1 "$caches/$name.log"
    kill "$pid"
    wait "$pid" || true
    pid=
    echo "$name: snapshot written ($(ls -s --block-size=M "$caches/$name" | tail -1))"
done
for round in $(seq 1 "$rounds"); do
    for name in before after; do
        log="$caches/$name-$round.log"
        start "${!name}" "$caches/$name" "$log"
        wait_count "$built" 1 "$log"
        echo "== round $round: $name (load average $(cut -d' ' -f1 /proc/loadavg))"
        cpu0=$(cpu_ticks)
        t0=$(date +%s.%N)
        "$natoazctl" reload --wait --timeout 600 --socket "$log.sock" >/dev/null
        t1=$(date +%s.%N)
        wait_count "$built" 2 "$log"
        t2=$(date +%s.%N)
        cpu1=$(cpu_ticks)
        grep "reload succeeded" "$log" | sed 's/.*natoazd: //'
        sleep 2
        echo "reload_s $(echo "$t1 - $t0" | bc) to_all_built_s $(echo "$t2 - $t0" | bc)" \
            "cpu_s $(echo "scale=2; ($cpu1 - $cpu0) / $ticks" | bc)" \
            "VmRSS_2s_later $(awk '/VmRSS/ {print $2}' "/proc/$pid/status") kB"
        kill "$pid"
        wait "$pid" || true
        pid=
    done
done
