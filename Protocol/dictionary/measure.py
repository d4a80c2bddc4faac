#!/usr/bin/python3
"""Bytes on the wire for natoaz's message mix: none / zstd / zstd + dictionary, and the
CPU cost that decides the compression threshold.

    /usr/bin/python3 Protocol/dictionary/measure.py [CORPUS_DIR]   (default: seeds/)

Frames are counted whole (5-byte header + payload). "held out" numbers use, for each
document, a dictionary trained without it (leave-one-out), and messages over that document
alone: that is what an unseen corpus gets. Compression is zstd level 3 with content size,
no checksum, as natoaz sends it (same libzstd as the Swift code, through python3-zstandard;
contexts reused, as FrameCodec does).
"""

import collections
import os
import socket
import sys
import time

import zstandard

import samples
import train

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
HEADER = 5


def compressor(dictionary=None):
    return zstandard.ZstdCompressor(level=train.LEVEL, dict_data=dictionary, write_checksum=False,
                                    write_content_size=True, write_dict_id=True)


def sizes(payloads, dictionary=None):
    c = compressor(dictionary)
    return [len(c.compress(p)) for p in payloads]


def best_of(payload, threshold, compressed):
    """What FrameCodec sends: compressed if >= threshold and smaller, else plain."""
    return compressed if len(payload) >= threshold and compressed < len(payload) else len(payload)


def held_out(docs):
    """(kind, payload, compressed size with a dictionary trained without the document)."""
    out = []
    for i, doc in enumerate(docs):
        rest = docs[:i] + docs[i + 1:]
        d = train.train([p for _, p in samples.messages(rest)])
        c = compressor(d)
        for kind, p in samples.messages([doc]):
            out.append((kind, p, len(c.compress(p))))
    return out


def cost_us(payloads, dictionary=None, rounds=200):
    """Mean microseconds to compress + decompress one payload, contexts reused."""
    c = compressor(dictionary)
    dc = zstandard.ZstdDecompressor(dict_data=dictionary)
    frames = [c.compress(p) for p in payloads]
    start = time.perf_counter()
    for _ in range(rounds):
        for p in payloads:
            c.compress(p)
    mid = time.perf_counter()
    for _ in range(rounds):
        for f in frames:
            dc.decompress(f)
    end = time.perf_counter()
    n = rounds * len(payloads)
    return (mid - start) / n * 1e6, (end - mid) / n * 1e6


def socket_ns_per_byte():
    """Marginal cost of a byte through a Unix stream socket pair (write + read), in ns."""
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    chunk = b"x" * 65536
    total = 256 << 20
    start = time.perf_counter()
    sent = 0
    while sent < total:
        a.sendall(chunk)
        got = 0
        while got < len(chunk):
            got += len(b.recv(len(chunk) - got))
        sent += len(chunk)
    return (time.perf_counter() - start) / total * 1e9


def main():
    corpus = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "seeds")
    docs = samples.load(corpus)
    mix = samples.messages(docs)
    payloads = [p for _, p in mix]
    with open(os.path.join(ROOT, "Protocol", "natoaz.dict"), "rb") as f:
        shipped = zstandard.ZstdCompressionDict(f.read())
    plain_z = sizes(payloads)
    dict_z = sizes(payloads, shipped)

    print(f"corpus {corpus}: {len(docs)} documents, {len(mix)} payloads, "
          f"{sum(map(len, payloads))} payload bytes\n")
    print("Per message kind (mean bytes per frame, header included; threshold not applied):\n")
    print("| message | n | none | zstd | zstd + dict (seeds) | held out: zstd + dict vs none |")
    print("|---|---:|---:|---:|---:|---:|")
    ho = held_out(docs)
    ho_by = collections.defaultdict(lambda: [0, 0])
    for kind, p, z in ho:
        ho_by[kind][0] += len(p) + HEADER
        ho_by[kind][1] += z + HEADER
    by = collections.defaultdict(list)
    for (kind, p), z, dz in zip(mix, plain_z, dict_z):
        by[kind].append((len(p), z, dz))
    for kind, rows in by.items():
        n = len(rows)
        mean = lambda xs: sum(xs) / len(xs) + HEADER
        raw_ho, z_ho = ho_by.get(kind, (0, 0))
        hz = f"{z_ho / raw_ho:.0%}" if raw_ho else "-"
        print(f"| {kind} | {n} | {mean([r[0] for r in rows]):.0f} | "
              f"{mean([r[1] for r in rows]):.0f} | {mean([r[2] for r in rows]):.0f} | {hz} |")

    print("\nWhole mix on the wire, with FrameCodec's rule (compress when payload >= threshold "
          "and it shrinks):\n")
    print("| mode | threshold | bytes | vs none |")
    print("|---|---:|---:|---:|")
    none = sum(len(p) + HEADER for p in payloads)
    print(f"| none | - | {none} | 100% |")
    for label, zs, t in [("zstd", plain_z, 256), ("zstd", plain_z, 0),
                         ("zstd + dict (seeds)", dict_z, 64), ("zstd + dict (seeds)", dict_z, 0)]:
        total = sum(best_of(p, t, z) + HEADER for p, z in zip(payloads, zs))
        print(f"| {label} | {t} | {total} | {total / none:.0%} |")
    ho_none = sum(len(p) + HEADER for _, p, _ in ho)
    ho_total = sum(best_of(p, 64, z) + HEADER for _, p, z in ho)
    ho_plain = sizes([p for _, p, _ in ho])
    ho_ztotal = sum(best_of(p, 256, z) + HEADER for (_, p, _), z in zip(ho, ho_plain))
    print(f"| held out: none | - | {ho_none} | 100% |")
    print(f"| held out: zstd | 256 | {ho_ztotal} | {ho_ztotal / ho_none:.0%} |")
    print(f"| held out: zstd + dict | 64 | {ho_total} | {ho_total / ho_none:.0%} |")

    print("\nBy payload size (compress + decompress cost per message, contexts reused):\n")
    print("| payload bytes | n | zstd saves | zstd µs | zstd µs/KiB | dict saves | dict µs | "
          "dict µs/KiB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    buckets = [(0, 32), (32, 64), (64, 128), (128, 256), (256, 512), (512, 1024),
               (1024, 4096), (4096, 1 << 30)]
    for lo, hi in buckets:
        rows = [(p, z, dz) for p, z, dz in zip(payloads, plain_z, dict_z) if lo <= len(p) < hi]
        if not rows:
            continue
        ps = [r[0] for r in rows]
        raw = sum(map(len, ps))
        zc, zd = cost_us(ps)
        dc, dd = cost_us(ps, shipped)
        per_kib = 1024 * len(rows) / raw
        print(f"| {lo}-{hi if hi < 1 << 30 else '…'} | {len(rows)} | "
              f"{(raw - sum(r[1] for r in rows)) / len(rows):+.0f} B | {zc + zd:.1f} | "
              f"{(zc + zd) * per_kib:.1f} | "
              f"{(raw - sum(r[2] for r in rows)) / len(rows):+.0f} B | {dc + dd:.1f} | "
              f"{(dc + dd) * per_kib:.1f} |")
    print(f"\nUnix socket pair, marginal cost: {socket_ns_per_byte():.2f} ns per byte "
          f"(write + read, 64 KiB chunks)")


if __name__ == "__main__":
    main()
