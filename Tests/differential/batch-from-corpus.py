#!/usr/bin/env python3
"""A deterministic natoazctl batch from a corpus's words: search (fuzzy and exact), kwic,
suggest, terms (by prefix, language, stems), entities, collocations, get and similar, with
words drawn from the texts and cased or normalized (NFC, NFD) at random.

Usage: batch-from-corpus.py DIR > BATCH"""
import os, random, sys, unicodedata
d = sys.argv[1]; rng = random.Random(1717)
words = set(); ids = []
for f in sorted(os.listdir(d)):
    if not f.endswith('.txt'): continue
    ids.append(f[:-4])
    t = open(os.path.join(d, f), 'rb').read().decode('utf-8', 'replace')
    for w in t.split():
        w = w.strip('.,;:!?()[]«»"\'')
        if (0 < len(w) <= 40 and not any(c in w for c in '\'"\\#')
                and all(c.isprintable() for c in w)):
            words.add(w)
words = sorted(words); sample = rng.sample(words, min(500, len(words)))
out = []
def q(w): return '"' + w + '"'
for w in ['terms --limit 1000', 'terms --stems --limit 1000', 'entities --limit 1000',
          'timeline --limit 1000'] + ['terms --lang %s --limit 300' % l
                                      for l in ['en', 'ru', 'az', 'tr']]:
    out.append(w)
for w in sample:
    v = rng.choice([w, w.lower(), w.upper(), unicodedata.normalize('NFD', w),
                    unicodedata.normalize('NFC', w)])
    out.append('search %s --limit 20' % q(v))
    out.append('search %s --limit 20 --no-fuzzy' % q(v))
    out.append('kwic %s --limit 20' % q(v))
    out.append('suggest %s --limit 20' % q(v[:max(1, len(v)//2)]))
    out.append('terms --prefix %s --limit 20' % q(v[:2]))
for w in sample[:100]:
    out.append('entities %s --limit 20' % q(w))
    out.append('collocations %s --limit 20' % q(w))
for i in ids:
    out.append('get ' + i)
    out.append('entities --doc %s --limit 100' % i)
for i in ids[::10]:
    out.append('similar %s --limit 5' % i)
print('\n'.join(out))
