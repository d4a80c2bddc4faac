"""A realistic mix of natoaz request and response payloads, built from a directory of articles.

The dictionary is trained on this mix (train.py) and the bytes-on-the-wire table is measured
on it (measure.py). The daemon's real analysis (stemming, transliteration, ranking) is not
needed to get realistic *bytes*: what matters is that messages carry what real ones carry
(ids, titles, dates, snippets of the articles' own text, highlight offsets, concordance
lines, term lists, metadata) in the proportions a client sends them. So this module derives
them with simple, documented approximations:

- metadata: first line as title when short; `date YYYY-MM-DD` headers and "Month D" datelines;
  language by script and a few letters (ə: az, ğ/ş/ı: tr, Cyrillic: ru, else en);
- search: the documents containing every query word, with a ~200-character snippet around
  the first match and its highlight offsets (UTF-8 bytes), scored by match count;
- kwic, terms, suggest, collocations, entities, timeline, similar: likewise from tokens.

The mix, per corpus: every document fetched (Get), several searches per document built from
its own words, and fewer of each other lookup; plus handshake, Ping, Info, Describe, Stats and
error responses. Requests and responses are both included, each as its payload bytes.
"""

import collections
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "clients", "python"))
import natoaz_pb2 as pb  # noqa: E402

WORD = re.compile(r"\w+(?:['’]\w+)?", re.UNICODE)
DATE_HEADER = re.compile(r"^\s*date (\d{4}-\d{2}-\d{2})")
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
DATELINE = re.compile(r"\b(" + "|".join(MONTHS) + r") (\d{1,2})\b")
RU_DATE = re.compile(r"(\d{1,2}) (января|февраля|марта|апреля|мая|июня|июля|августа|"
                     r"сентября|октября|ноября|декабря) (\d{4})")
RU_MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
             "сентября", "октября", "ноября", "декабря"]


class Doc:
    def __init__(self, doc_id, text):
        self.id = doc_id
        lines = [l.strip() for l in text.replace("\r\n", "\n").split("\n")]
        lines = [l for l in lines if l]
        self.date, self.date_text = "", ""
        header = DATE_HEADER.match(lines[0]) if lines else None
        if header:
            self.date, self.date_text = header.group(1), lines[0].strip()
            lines[0] = lines[0][header.end():].strip()
        self.title = lines[0] if lines and len(lines[0]) < 200 and not header else ""
        body = lines[1:] if self.title else lines
        self.paragraphs = [l for l in body if l]
        self.text = "\n\n".join(self.paragraphs)
        if not self.date:
            m = RU_DATE.search(text)
            d = DATELINE.search(text)
            if m:
                month = RU_MONTHS.index(m.group(2)) + 1
                self.date = f"{m.group(3)}-{month:02d}-{int(m.group(1)):02d}"
                self.date_text = m.group(0)
            elif d:
                self.date = f"--{MONTHS.index(d.group(1)) + 1:02d}-{int(d.group(2)):02d}"
                self.date_text = d.group(0)
        if re.search(r"[ə]", text):
            self.lang = "az"
        elif re.search(r"[а-яА-Я]", text):
            self.lang = "ru"
        elif re.search(r"[ğşı]", text):
            self.lang = "tr"
        else:
            self.lang = "en"
        m = re.search(r"\bBy ([A-Z]\w+ [A-Z]\w+)", text)
        self.author = m.group(1) if m else ""
        self.source = "AZERTAC" if "AZERTAC" in text else ""
        m = re.search(r"\b(Baku|Brussels|Ankara|Bakı|Брюссель)\b", text)
        self.place = m.group(1) if m else ""
        self.tokens = [(m.group(0), m.start()) for m in WORD.finditer(self.text)]
        self.folded = [t.lower() for t, _ in self.tokens]

    def article(self):
        return pb.Article(id=self.id, title=self.title, date=self.date, date_text=self.date_text,
                          lang=self.lang, source=self.source, author=self.author,
                          place=self.place, paragraphs=self.paragraphs)


def byte_offset(text, char_index):
    return len(text[:char_index].encode("utf-8"))


def snippet(doc, word):
    """~200 characters around the first occurrence of `word`, cut at spaces, with highlights."""
    idx = doc.folded.index(word)
    start_char = doc.tokens[idx][1]
    lo = max(0, start_char - 80)
    hi = min(len(doc.text), start_char + 120)
    lo = doc.text.rfind(" ", 0, lo) + 1 if lo > 0 else 0
    cut = doc.text.find(" ", hi)
    hi = cut if cut != -1 else len(doc.text)
    text = doc.text[lo:hi].replace("\n\n", " ")
    highlights = []
    for m in WORD.finditer(text):
        if m.group(0).lower() == word:
            highlights.append(pb.ByteRange(start=byte_offset(text, m.start()),
                                           end=byte_offset(text, m.end())))
    return text, highlights


def search(docs, words, limit=10):
    hits = []
    for d in docs:
        if all(w in d.folded for w in words):
            score = sum(d.folded.count(w) for w in words) * 1.37 + len(words) * 0.11
            text, hl = snippet(d, words[0])
            hits.append(pb.Hit(id=d.id, score=round(score, 4), title=d.title, date=d.date,
                               lang=d.lang, snippet=text, highlights=hl))
    hits.sort(key=lambda h: (-h.score, h.id))
    return pb.SearchResponse(total=len(hits), hits=hits[:limit], generation=1)


def kwic(docs, word, width=40, limit=20):
    lines = []
    for d in docs:
        for i, w in enumerate(d.folded):
            if w == word:
                tok, at = d.tokens[i]
                left = d.text[max(0, at - width):at].replace("\n", " ")
                right = d.text[at + len(tok):at + len(tok) + width].replace("\n", " ")
                lines.append(pb.KwicLine(doc_id=d.id, position=i, left=left, match=tok,
                                         right=right, offset=byte_offset(d.text, at)))
    return pb.KwicResponse(total=len(lines), lines=lines[:limit])


def term_counts(docs):
    freq, dfreq = collections.Counter(), collections.Counter()
    for d in docs:
        freq.update(d.folded)
        dfreq.update(set(d.folded))
    return freq, dfreq


def messages(docs):
    """(kind, payload bytes) for the mix over `docs`."""
    out = []
    rid = 0

    def add(kind, body_name, request, response):
        nonlocal rid
        rid += 1
        req = pb.Request(id=rid)
        getattr(req, body_name).CopyFrom(request)
        resp = pb.Response(id=rid)
        getattr(resp, body_name).CopyFrom(response)
        out.append((kind + " request", req.SerializeToString()))
        out.append((kind + " response", resp.SerializeToString()))

    limits = pb.Limits(max_frame_bytes=4 << 20, max_decompressed_bytes=16 << 20, max_in_flight=64,
                       idle_timeout_ms=300000, max_results=1000, handshake_timeout_ms=5000)
    add("Hello", "hello",
        pb.HelloRequest(min_version=1, max_version=1, compression=True,
                        dictionary_ids=[1312905777], client_name="natoazctl 0.1.0"),
        pb.HelloResponse(version=1, compression=True, dictionary_id=1312905777, limits=limits,
                         server_name="natoazd", server_version="0.1.0"))
    for i in range(5):
        add("Ping", "ping", pb.PingRequest(), pb.PingResponse())
    add("Info", "info", pb.InfoRequest(),
        pb.InfoResponse(server_version="0.1.0", protocol_version=1, limits=limits, generation=1,
                        document_count=len(docs), load_time_us=48211,
                        loaded_at_unix_ms=1764099000000, uptime_ms=86400123,
                        corpus_path="/usr/local/share/natoaz/seeds", bytes_read=15435,
                        ignored=["entities.tsv"]))
    freq, dfreq = term_counts(docs)
    vocabulary = [w for w, _ in freq.most_common()]
    for d in docs:
        add("Get", "get", pb.GetRequest(id=d.id), pb.GetResponse(article=d.article()))
        # Searches from the document's own content words: one, two, three words.
        content = [w for w in collections.Counter(d.folded).most_common(40) if len(w[0]) > 4]
        for n, (w, _) in enumerate(content[:6]):
            words = [w] + ([content[n + 1][0]] if n % 2 and n + 1 < len(content) else [])
            query = " ".join(words) + (" lang:" + d.lang if n == 4 else "")
            add("Search", "search", pb.SearchRequest(query=query, limit=10),
                search(docs, words))
        for w, _ in content[:2]:
            add("Kwic", "kwic", pb.KwicRequest(query=w, limit=20), kwic(docs, w))
            prefix = w[:3]
            sugg = [pb.Suggestion(term=v, frequency=freq[v])
                    for v in vocabulary if v.startswith(prefix)][:10]
            add("Suggest", "suggest", pb.SuggestRequest(prefix=prefix, limit=10),
                pb.SuggestResponse(suggestions=sugg))
        similar = sorted((len(set(d.folded) & set(o.folded)) / (1 + len(set(o.folded))), o)
                         for o in docs if o is not d)[::-1][:5]
        add("Similar", "similar", pb.SimilarRequest(id=d.id, limit=5),
            pb.SimilarResponse(documents=[
                pb.SimilarDocument(id=o.id, score=round(s, 4), title=o.title, lang=o.lang,
                                   date=o.date, shared_terms=sorted(set(d.folded) & set(o.folded))[:5])
                for s, o in similar]))
        names = re.findall(r"\b[A-ZА-ЯƏÜÖŞÇĞİ]\w+ [A-ZА-ЯƏÜÖŞÇĞİ]\w+", d.text)
        ents = collections.Counter(names).most_common(10)
        add("Entities", "entities", pb.EntitiesRequest(doc_id=d.id),
            pb.EntitiesResponse(total=len(ents), entities=[
                pb.Entity(name=n, type="person" if i % 2 else "organisation", mentions=c,
                          doc_ids=[d.id]) for i, (n, c) in enumerate(ents)]))
    for lang in sorted({d.lang for d in docs}):
        terms = [pb.TermCount(term=w, frequency=c, document_frequency=dfreq[w])
                 for w, c in freq.most_common(50)]
        add("Terms", "terms", pb.TermsRequest(lang=lang, limit=50),
            pb.TermsResponse(total=len(freq), terms=terms))
    node = vocabulary[0] if vocabulary else ""
    add("Collocations", "collocations", pb.CollocationsRequest(word=node, limit=20),
        pb.CollocationsResponse(node=node, node_frequency=freq[node], collocates=[
            pb.Collocate(term=w, log_dice=round(14 - i * 0.37, 3), cooccurrences=c,
                         frequency=freq[w]) for i, (w, c) in enumerate(freq.most_common(21)[1:])]))
    dated = sorted(docs, key=lambda d: d.date)
    add("Timeline", "timeline", pb.TimelineRequest(limit=100),
        pb.TimelineResponse(total=len(docs), entries=[
            pb.TimelineEntry(id=d.id, date=d.date, date_text=d.date_text, title=d.title,
                             place=d.place, lang=d.lang) for d in dated]))
    add("Describe", "describe", pb.DescribeRequest(), describe())
    # Errors: a bad query and an unknown id.
    rid += 1
    out.append(("Error response", pb.Response(id=rid, error=pb.ResponseError(
        code=pb.INVALID_ARGUMENT, message="unbalanced quote at column 7: add the closing \"",
        field="query")).SerializeToString()))
    out.append(("Error response", pb.Response(id=rid + 1, error=pb.ResponseError(
        code=pb.NOT_FOUND, message="no document with id \"999_0000000000000000\"",
        field="id")).SerializeToString()))
    return out


def describe():
    methods = [v for v in pb.Method.DESCRIPTOR.values if v.number]
    errors = [v for v in pb.ErrorCode.DESCRIPTOR.values if v.number]
    return pb.DescribeResponse(
        protocol_version=1,
        methods=[pb.MethodInfo(number=v.number, name=v.name[7:].title(),
                               doc=f"{v.name[7:].title()} lookup.",
                               admin=v.name in ("METHOD_STATS", "METHOD_RELOAD"))
                 for v in methods],
        errors=[pb.ErrorInfo(code=v.number, name=v.name, doc=v.name.replace("_", " ").lower())
                for v in errors])


def load(directory):
    docs = []
    for name in sorted(os.listdir(directory)):
        if name.endswith(".txt"):
            with open(os.path.join(directory, name), encoding="utf-8-sig") as f:
                docs.append(Doc(name[:-4], f.read()))
    return docs
