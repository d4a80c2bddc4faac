#!/usr/bin/env python3
"""Wall-clock timeline of natoazd's load phases from a `perf record -g` profile.

Reads `perf script -F tid,time,ip,sym,dso` output on stdin (samples with call stacks), files each
sample under the load phase whose function is in its stack (see PHASES), and prints,
per time bucket, how many cores each phase kept busy, then each phase's span, CPU seconds
and average cores.

Last, an estimate of the wall time on CORES idle cores (default 2), per stage: the larger of
its CPU divided by the cores and its busiest thread's CPU.

Usage (see Benchmarks/load/profile-load.sh, which records the profile):
    perf script -i perf.data -F tid,time,ip,sym,dso | swift demangle --simplified \
        | Benchmarks/load/phase-timeline.py HZ [BUCKET_S [CORES]]
HZ is the sampling frequency given to `perf record -F`.
"""

import re
import sys
from collections import defaultdict

ZSTD = "zstd (unwound)"

# Each phase is named by the functions that run it; a sample belongs to the first phase (in
# this order) with a frame anywhere in its stack, so a phase nested in another (the term
# dictionary inside the merge, everything inside ServingCorpus) comes before its caller.
PHASES = [
    ("trim", re.compile(r"malloc_trim|releaseFreedMemory")),
    ("entity detection", re.compile(r"NameDetector")),
    ("entity index", re.compile(r"EntityIndex\.init|nameLocations|EntityKeyTable")),
    ("frequency list", re.compile(r"FrequencyList\.init")),
    ("suggest", re.compile(r"SuggestIndex\.init|SuggestIndex\.foldSpellings")),
    ("dictionary", re.compile(r"TermDictionary\.init|TermStore\.init|SortedTerms\.init")),
    ("spellings", re.compile(r"mergeSpellings")),
    ("merge", re.compile(r"IndexBuilder\.merge|mergeVocabularies|mergeRanges")),
    ("shards", re.compile(r"IndexShard\.build|ShardBuilder")),
    ("skips/filters", re.compile(r"IndexStorage\.init|PostingSkips\.init|FilterColumns\.init")),
    ("read+parse", re.compile(r"CorpusLoader|ReadAhead")),
    ("entity table", re.compile(r"EntityTableLoad")),
    ("index (other)", re.compile(r"SearchIndex\.init|IndexBuilder\.build")),
    ("serving (other)", re.compile(r"ServingCorpus")),
    # libzstd is built without frame pointers, so a stack that enters it ends there: body
    # compression during the parse and decompression during the shard build land here rather
    # than under their phase (session 12: 2.9 of the 5.5 CPU s that were "other" at 100k).
    (ZSTD, re.compile(r"libzstd")),
]


# Phases that run one after another; the phases within a stage may overlap (Suggest and the
# frequency list run side by side). Used for the idle-machine estimate (see main).
STAGES = [
    ("read and parse", {"read+parse", "entity table"}),
    ("index shards", {"shards"}),
    ("merge, dictionary, spellings, skips", {"merge", "spellings", "dictionary", "skips/filters", "index (other)"}),
    ("Suggest and frequency list", {"suggest", "frequency list", "serving (other)", "trim"}),
    ("entity index", {"entity detection", "entity index"}),
]


def classify(stack):
    for name, pattern in PHASES:
        if any(pattern.search(frame) for frame in stack):
            return name
    return "other"


def main():
    hz = float(sys.argv[1])
    bucket = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
    cores = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    samples = []  # (time, phase, thread)
    header = re.compile(r"^\s*(\d+)\s+([0-9.]+):?\s*$")
    current_time = None
    current_thread = None
    stack = []

    def flush():
        if current_time is not None:
            samples.append((current_time, classify(stack), current_thread))

    for line in sys.stdin:
        line = line.rstrip("\n")
        match = header.match(line)
        if match:
            flush()
            current_time = float(match.group(2))
            current_thread = match.group(1)
            stack = []
        elif line.strip():
            stack.append(line.strip())
        else:
            flush()
            current_time = None
            stack = []
    flush()
    if not samples:
        sys.exit("no samples")
    start = min(t for t, _, _ in samples)
    buckets = defaultdict(lambda: defaultdict(int))
    spans = {}
    totals = defaultdict(int)
    for t, phase, _ in samples:
        buckets[int((t - start) / bucket)][phase] += 1
        totals[phase] += 1
        first, last = spans.get(phase, (t, t))
        spans[phase] = (min(first, t), max(last, t))
    order = sorted(totals, key=lambda p: spans[p][0])
    print(f"# cores busy per {bucket:g} s bucket (samples / (HZ * bucket)), by phase")
    print("t_s   " + " ".join(f"{p[:12]:>12}" for p in order) + "        all")
    for b in sorted(buckets):
        row = buckets[b]
        cells = " ".join(f"{row.get(p, 0) / (hz * bucket):12.2f}" for p in order)
        print(f"{b * bucket:5.1f} {cells} {sum(row.values()) / (hz * bucket):10.2f}")
    print()
    print("| phase | from (s) | to (s) | CPU s | share | cores while running |")
    print("|---|---:|---:|---:|---:|---:|")
    all_samples = len(samples)
    for p in order:
        first, last = spans[p]
        cpu = totals[p] / hz
        width = max(last - first, 1 / hz)
        print(
            f"| {p} | {first - start:.1f} | {last - start:.1f} | {cpu:.2f} | "
            f"{100 * totals[p] / all_samples:.0f}% | {cpu / width:.2f} |"
        )
    print(f"| all | 0 | {max(t for t, _, _ in samples) - start:.1f} | {all_samples / hz:.2f} | 100% | |")
    # On a loaded machine the wall-clock spans above stretch with the wait for a core. An
    # estimate for CORES idle cores that does not: each stage takes at least its CPU divided by
    # the cores, and at least the CPU of its busiest thread (work one thread must do alone).
    # Samples outside every phase ("other": unwound stacks, runtime start-up) and zstd's are
    # counted as spread over all cores.
    print()
    print(f"| stage | CPU s | busiest thread CPU s | estimated wall on {cores} idle cores (s) |")
    print("|---|---:|---:|---:|")
    total = 0.0
    for stage, phases in STAGES:
        threads = defaultdict(int)
        for _, phase, thread in samples:
            if phase in phases:
                threads[thread] += 1
        cpu = sum(threads.values()) / hz
        busiest = max(threads.values(), default=0) / hz
        estimate = max(cpu / cores, busiest)
        total += estimate
        print(f"| {stage} | {cpu:.2f} | {busiest:.2f} | {estimate:.1f} |")
    for name in (ZSTD, "other"):
        spread = totals.get(name, 0) / hz
        total += spread / cores
        print(f"| {name} (spread) | {spread:.2f} | | {spread / cores:.1f} |")
    print(f"| **all** | {all_samples / hz:.2f} | | **{total:.1f}** |")


if __name__ == "__main__":
    main()
