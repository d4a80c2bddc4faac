#!/usr/bin/python3
# ASCII typing of Turkish and Azerbaijani words: how many articles a word with o/u/e for
# ö/ü/ə (and i, g, s, c for ı, ğ, ş, ç) finds, against the word as written.
#   Benchmarks/ascii-turkic.py CORPUS SOCKET NATOAZCTL [SAMPLE]
# CORPUS is a generated corpus (its CORPUS.tsv gives the languages); SOCKET a natoazd serving
# it. LEX=1 keeps only real words (the generator's Turkish and Azerbaijani lexicons);
# EXTRA="--no-fuzzy" passes options to every search; EXTRAS=1 lists words whose ASCII
# spelling finds many other articles. Prints MISS (none of the word's articles found), PART
# (some) and a summary line.
import json, os, random, re, subprocess, sys, collections
corpus, sock, ctl = sys.argv[1], sys.argv[2], sys.argv[3]
n = int(sys.argv[4]) if len(sys.argv) > 4 else 400
langs = {}
for line in open(corpus + '.tsv'):
    f = line.split('\t')
    if f[0] != 'id': langs[f[0]] = f[1]
table = str.maketrans({'ı':'i','ğ':'g','ş':'s','ç':'c','ö':'o','ü':'u','ə':'e','İ':'I','Ğ':'G','Ş':'S','Ç':'C','Ö':'O','Ü':'U','Ə':'E'})
words = collections.Counter()
for id, lang in langs.items():
    if lang not in ('tr', 'az'): continue
    text = open(os.path.join(corpus, id + '.txt'), encoding='utf-8', errors='replace').read()
    for w in re.findall(r"[^\W\d_]+", text):
        if len(w) >= 4 and re.search('[öüə]', w.lower()) and w.translate(table).isascii():
            words[(w.lower(), lang)] += 1
lex = set(w.lower() for p in ("Azerbaijani","Turkish") for w in re.findall(r"[^\W\d_]+", open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Sources/NatoAzBenchKit/Lexicons/%s.swift" % p)).read()))
if os.environ.get("LEX"): words = {k: v for k, v in words.items() if k[0] in lex}
print("pool", len(words))
random.seed(10)
pool = sorted(words)
sample = random.sample(pool, min(n, len(pool)))
lines = []
for w, lang in sample:
    extra = os.environ.get("EXTRA", "")
    lines.append("search %s --limit 1000 %s" % (w, extra))
    lines.append("search %s --limit 1000 %s" % (w.translate(table), extra))
out = subprocess.run([ctl, 'batch', '--json', '--timeout', '600', '--socket', sock], input='\n'.join(lines) + '\n',
                     capture_output=True, text=True)
out = out.stdout
hits = collections.defaultdict(set)
for line in out.splitlines():
    o = json.loads(line)
    if 'id' in o: hits[o['line']].add(o['id'])
missed = partial = 0; extra_total = 0; native_total = 0
for i, (w, lang) in enumerate(sample):
    native, ascii = hits[2*i+1], hits[2*i+2]
    extra_total += len(ascii - native); native_total += len(native)
    if os.environ.get('EXTRAS') and len(ascii - native) > 15: print('EXTRA', lang, w, w.translate(table), len(native), len(ascii - native))
    if native and not (native & ascii):
        missed += 1; print('MISS', lang, w, w.translate(table), len(native), len(ascii))
    elif native - ascii:
        partial += 1; print('PART', lang, w, w.translate(table), len(native), len(native & ascii), len(ascii))
print('words', len(sample), 'missed', missed, 'partial', partial, 'native docs', native_total, 'ascii-only docs', extra_total)
