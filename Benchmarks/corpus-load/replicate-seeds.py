#!/usr/bin/python3
"""Writes a corpus for measuring load throughput: N variations of the seed articles.

Usage: replicate-seeds.py SEEDS_DIR OUT_DIR N

Each file is a seed with shuffled body paragraphs, a few paragraphs borrowed from another seed
in the same language, and a different date, so no two files are identical. A deterministic
share of files carries the quirks the loader handles: CRLF line ends (10%), a UTF-8 BOM (5%),
Windows-1252 bytes (2%, English seeds only), empty (0.5%) and binary (0.5%) files.
This is a quick stand-in; the benchmarks issue ships the official synthetic corpus generator.
"""
import os
import random
import re
import sys

seeds_dir, out_dir, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
rng = random.Random(42)
seeds = []
for name in sorted(os.listdir(seeds_dir)):
    if name.endswith(".txt"):
        with open(os.path.join(seeds_dir, name), encoding="utf-8") as f:
            seeds.append(f.read())

def language(text):
    return "ru" if re.search("[а-яА-Я]", text) else "en"

def parts(text):
    blocks = [b for b in re.split(r"\n\s*\n|\n(?=\S)", text.strip()) if b.strip()]
    return blocks[:1], blocks[1:]

os.makedirs(out_dir, exist_ok=True)
total = 0
for index in range(count):
    seed = seeds[index % len(seeds)]
    head, body = parts(seed)
    body = body[:]
    rng.shuffle(body)
    donors = [s for s in seeds if s is not seed and language(s) == language(seed)]
    if donors:
        body += rng.sample(parts(rng.choice(donors))[1], 2)
    year, month, day = rng.randint(2005, 2025), rng.randint(1, 12), rng.randint(1, 28)
    text = "\n\n".join(head + body) + "\n"
    text = re.sub(r"\d{4}-\d{2}-\d{2}", f"{year}-{month:02d}-{day:02d}", text)
    roll = rng.random()
    if roll < 0.005:
        data = b""
    elif roll < 0.01:
        data = bytes(rng.getrandbits(8) for _ in range(2048))
    elif roll < 0.03 and language(seed) == "en":
        data = text.encode("cp1252", errors="replace")
    elif roll < 0.08:
        data = b"\xef\xbb\xbf" + text.encode("utf-8")
    elif roll < 0.18:
        data = text.replace("\n", "\r\n").encode("utf-8")
    else:
        data = text.encode("utf-8")
    with open(os.path.join(out_dir, f"{index:06d}_{rng.getrandbits(64):016x}.txt"), "wb") as f:
        f.write(data)
    total += len(data)
print(f"{count} files, {total} bytes in {out_dir}")
