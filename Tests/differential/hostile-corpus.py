#!/usr/bin/env python3
"""A deterministic corpus of hostile and unseen articles, for differential tests of the parse
and the index (session 17's QA): every script, mixed scripts and look-alikes, decomposed and
precomposed text, Turkic dotted and dotless i, one- and two-byte scalars beside three- and
four-byte ones, CRLF and CR, BOMs, UTF-16, very long words and lines, bylines, dates and
trailers in odd shapes, random valid UTF-8, files cut mid-scalar; about half are mutated
articles of NATOAZ_QA_BASE (default /tmp/natoaz-1k: natoaz-bench generate --articles 1000
--seed 1) and the seeds.

Usage: hostile-corpus.py OUTDIR [N]; SEED=n (default 17), TWO=1: random text of one- and
two-byte scalars only (the byte-table folding's fast path)."""
import os, random, sys, unicodedata
out = sys.argv[1]; n = int(sys.argv[2]) if len(sys.argv) > 2 else 600
os.makedirs(out, exist_ok=True)
rng = random.Random(int(os.environ.get('SEED', '17')))
TWO = os.environ.get('TWO') == '1'
base_dir = os.environ.get('NATOAZ_QA_BASE', '/tmp/natoaz-1k')
bases = sorted(os.listdir(base_dir))[:300]
base_texts = [open(os.path.join(base_dir, b), encoding='utf-8').read() for b in bases]
seeds_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'seeds')
base_texts += [open(os.path.join(seeds_dir, f), encoding='utf-8').read()
               for f in sorted(os.listdir(seeds_dir)) if f.endswith('.txt')]
WORDS = {
 'tr': ("İstanbul IŞIK ışık İzmir KASIM Kasım kasım haberin devamı Türkiye'nin ĞÜŞÖÇ ğüşöç "
        "İİİ ııı DİYARBAKIR").split(),
 'az': "Azərbaycan Əliyev İlham Bakı QƏRAR qərar müəllif: XƏBƏR şəhər ÖLKƏ İşğal ığ Ğ".split(),
 'ru': "Москва НАТО Россия Ёлка ёж ЁЖИК Щука Ґанок Їжак Єгипет Ўзбекистон Қазақстан Ӯ Ң".split(),
 'el': "Αθήνα ΝΑΤΟ ΟΔΥΣΣΕΥΣ Σίσυφος ΐ ΰ ς σ Σ ᾼ ἀρχή".split(),
 'hy': "Հայաստան Երևան ՀԱՅ և".split(),
 'he': "ירושלים שָׁלוֹם נאט״ו".split(),
 'ar': "باكو الناتو أذربيجان ﷺ ٱلْعَرَبِيَّة".split(),
 'ka': "საქართველო თბილისი ᲡᲐᲥᲐᲠᲗᲕᲔᲚᲝ".split(),
 'zh': "北京 北约 阿塞拜疆 中华人民共和国".split(),
 'ja': "東京 ナトー ｶﾀｶﾅ ひらがな".split(),
 'ko': "서울 나토 가".split(),
 'hi': "नई दिल्ली नाटो क्षत्रिय".split(),
 'th': "กรุงเทพ นาโต".split(),
 'emoji': "👍🏽 🇦🇿 👨‍👩‍👧 🏳️‍🌈 𝐀𝐁𝐂 𝔘𝔫𝔦 𐐀𐐨 𝟙𝟚".split(),
 'lat': ("Ǆemal ǅ ǆ ß ẞ ŉ ǰ ﬁ ﬂ Ǳ İ̇ K Å Ω ſ ΐ Straße MASSE É e\u0301 E\u0301 "
         "A\u030a i\u0307 I\u0307 ı\u0307").split(),
 'lookalike': "NАТО НATO Bаku Вaku АzərbaycаN ΝΑΤΟ ΝATO Αzerbaijan".split(),
 'odd': ["\u200b", "\u200d", "\ufeff", "\u00ad", "\u2028", "\u2029", "\u0085", "\u00a0",
         "\u3000",
         "\u202e", "\ufffd", "\u0007", "\t", "\x0b", "\x0c", "\u0307", "\u0301\u0301",
         "\U0001F600", "\U000E0001", "\uffff", "\ufdd0", "\U0010FFFF"],
}
ALL = [w for ws in WORDS.values() for w in ws]
def rand_scalar():
    r = rng.random()
    if TWO:
        c = rng.randrange(0x20, 0x7f) if r < 0.3 else rng.choice([
            rng.randrange(0x80, 0x800), rng.randrange(0x400, 0x500), rng.randrange(0xC0, 0x250),
            0x130, 0x131, 0x307, 0x259, 0x18F])
        return chr(c) if not (0x80 <= c < 0xA0) else 'ə'
    if r < 0.3: c = rng.randrange(0x20, 0x7f)
    elif r < 0.6: c = rng.randrange(0x80, 0x800)
    elif r < 0.85: c = rng.randrange(0x800, 0x10000)
    else: c = rng.randrange(0x10000, 0x110000)
    if 0xD800 <= c <= 0xDFFF: c = 0x41
    return chr(c)
def rand_word():
    r = rng.random()
    if r < 0.5: return rng.choice(ALL)
    if r < 0.8: return ''.join(rand_scalar() for _ in range(rng.randrange(1, 12)))
    return rng.choice(ALL) + rand_scalar() + rng.choice(ALL)
def rand_line(k):
    return ' '.join(rand_word() for _ in range(k))
TITLES = ["NATO and Azerbaijan", "В Баку НАТО", "Azərbaycan və NATO", "NATO ile Türkiye",
          "İSTANBUL'DA NATO",
          "ΝΑΤΟ στην Αθήνα", "ناتو", "北约", "NАТО (Cyrillic A)"]
DATES = ["24 ноября 2024, 12:14", "November 24, 2024", "24.11.2024", "2024-11-24",
         "24 Noyabr 2024", "24 Kasım 2024 12:14", "24 KASIM 2024", "24 noyabr 2024-cü il",
         "32.13.2024", "2024-02-30",
         "24 ноя\u0301бря 2024", "２０２４-１１-２４", "24 Kası\u0307m 2024", "24 KASIM 2024"]
BYLINES = ["By John Smith", "BY JOHN SMITH - Trend:", "by Vafa Ismayilova — Trend",
           "Author: İlkin Əliyev",
           "Автор: Иван Иванов", "Müəllif: Ərəstun Quliyev", "MÜƏLLİF: X", "Yazar: Ayşe Yılmaz",
           "Muhabir: Ömer", "By\u0301 Someone", "B\u0307y Dotted", "BY\u0307 Dotted Y",
           "By  Two  Spaces", "By " + "X" * 120, "By Jean-Paul de la Croix",
           "By Əli oğlu Məmməd qızı", "By", "By ", "by:",
           "Аuthor: Cyrillic A", "Муһабир:", "muhabir:Ömer", "AUTHOR:Ö", "Byline without prefix",
           "By 北约 记者", "By 👍 Emoji", "By Ömer\u0301 Faruk", "Yazar:\u0301 Mark"]
TRAILERS = ["--", "— —", "-- ", "- -", "−−", "--\u0301", "Follow us on Twitter", "FOLLOW US ON",
            "Подписывайтесь на наш канал", "Bütün xəbərlər bizdə", "BÜTÜN XƏBƏRLƏR",
            "Butun xeberler", "Bizi takip edin", "BİZİ TAKİP EDİN", "Haberin devamı",
            "HABERİN DEVAMI", "Tüm hakları saklıdır", "TÜM HAKLARI SAKLIDIR", "© 2024 Trend",
            "(c) 2024", "(C) NATO", "Copyright 2024", "COPYRİGHT", "Source: AZERTAC", "Mənbə: APA",
            "MƏNBƏ:", "Kaynak: AA", "Фото: ТАСС", "ФОТО:", "Read more", "Read more " + "x" * 900,
            "ℂopyright", "Ⓒ 2024", "Telegram kanalımız", "TELEGRAM KANALIMIZ",
            "Səhifəmizi izləyin", "Ən son xəbərlər", "ƏN SON XƏBƏRLƏR"]
def nfd_or_nfc(s):
    r = rng.random()
    if r < 0.3: return unicodedata.normalize('NFD', s)
    if r < 0.4: return unicodedata.normalize('NFC', s)
    return s
def article(i):
    kind = rng.randrange(12)
    lines = []
    if kind <= 5:
        t = rng.choice(base_texts)
        lines = t.split('\n')
        # mutate
        for _ in range(rng.randrange(1, 8)):
            op = rng.randrange(8)
            j = rng.randrange(len(lines)) if lines else 0
            if op == 0: lines.insert(j, rand_line(rng.randrange(1, 30)))
            elif op == 1 and lines: lines[j] = nfd_or_nfc(lines[j])
            elif op == 2 and lines: lines[j] = lines[j].upper()
            elif op == 3:
                lines.insert(rng.randrange(0, min(4, len(lines) + 1)), rng.choice(BYLINES))
            elif op == 4: lines.append(rng.choice(TRAILERS))
            elif op == 5:
                lines.insert(rng.randrange(0, min(3, len(lines) + 1)), rng.choice(DATES))
            elif op == 6 and lines:
                w = lines[j].split(' '); k = rng.randrange(len(w)); w[k] = rand_word()
                lines[j] = ' '.join(w)
            elif op == 7 and lines:
                if rng.random() < .5:  # Cyrillic look-alikes
                    lines[j] = lines[j].replace('a', 'а').replace('o', 'о').replace('e', 'е')
                else:
                    lines[j] = lines[j].replace('i', 'ı').replace('I', 'İ')
    elif kind == 6:
        lines = [rng.choice(TITLES), rng.choice(DATES), rng.choice(BYLINES)] + \
                [rand_line(rng.randrange(5, 60)) for _ in range(rng.randrange(1, 8))] + \
                [rng.choice(TRAILERS) for _ in range(rng.randrange(0, 8))]
    elif kind == 7:
        lang = rng.choice(list(WORDS))
        lines = [' '.join(rng.choice(WORDS[lang]) for _ in range(rng.randrange(1, 15)))
                 for _ in range(rng.randrange(1, 20))]
    elif kind == 8:  # long word / long line
        w = rng.choice(ALL) * rng.randrange(50, 3000)
        lines = [rng.choice(TITLES), w, rand_line(2000), 'x' * rng.randrange(1, 70000)]
    elif kind == 9:  # random valid utf-8
        lines = [''.join(rand_scalar() for _ in range(rng.randrange(0, 400)))
                 for _ in range(rng.randrange(1, 30))]
    elif kind == 10:  # mostly two-byte vs 3-byte neighbours
        mix = ['ə', 'Ə', 'ı', 'İ', 'ş', 'Ş', 'ж', 'Ж', 'ё', 'Ё', 'ǅ', 'ß', 'Σ', 'ς', 'ŉ', 'İ',
               '\u0307', 'ẞ', '€', '—', 'ﬁ', 'K', 'Ω', '𝐀', 'a', 'A', ' ', ' ', ' ']
        lines = [''.join(rng.choice(mix) for _ in range(rng.randrange(1, 300)))
                 for _ in range(rng.randrange(1, 20))]
    else:
        lines = [rng.choice(TITLES)] + [rand_line(rng.randrange(1, 40))
                                        for _ in range(rng.randrange(0, 10))]
    text = '\n'.join(lines)
    nl = rng.random()
    if nl < 0.2: text = text.replace('\n', '\r\n')
    elif nl < 0.25: text = text.replace('\n', '\r')
    elif nl < 0.3: text = text.replace('\n', '\n\n\n')
    data = text.encode('utf-8', 'surrogatepass')
    r = rng.random()
    if r < 0.08: data = b'\xef\xbb\xbf' + data
    elif r < 0.12: data = data[:rng.randrange(0, len(data) + 1)]  # may cut mid-scalar
    elif r < 0.14: data = data + bytes([rng.choice([0xC3, 0xE2, 0xF0, 0x80, 0xFF])])
    elif r < 0.16: data = b'\xff\xfe' + text.encode('utf-16-le', 'surrogatepass')
    elif r < 0.17: data = b''
    elif r < 0.18: data = b'   \n\n  \t\n'
    return data
for i in range(n):
    data = article(i)
    with open(os.path.join(out, '%06d_qa%04x.txt' % (i, i)), 'wb') as f:
        f.write(data)
