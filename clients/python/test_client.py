#!/usr/bin/python3
"""End-to-end check of the Python reference client against a running natoazd.

    /usr/bin/python3 clients/python/test_client.py SOCKET_PATH

Exercises, over the real socket: the handshake (plain, and with zstd + the NAZ1 dictionary),
Ping, Search, Get of a hit, pipelined requests answered by id, and the error model
(NOT_FOUND for an unknown id, INVALID_ARGUMENT naming the field for a malformed query).
Prints one line per check; exits 1 on the first failure. Run by the Swift end-to-end tests
against the real daemon on the seeds.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import natoaz_client  # noqa: E402
import natoaz_pb2 as pb  # noqa: E402


def check(condition, what):
    if not condition:
        print(f"FAIL {what}")
        sys.exit(1)
    print(f"ok   {what}")


def main(socket_path):
    with natoaz_client.Client(socket_path, client_name="natoaz-python test") as c:
        check(c.server.version == 1, "handshake: version 1")
        check(c.server.limits.max_frame_bytes > 0, "handshake: limits announced")
        check(c.ping(b"natoaz").payload == b"natoaz", "ping echoes its payload")

        result = c.search("NATO")
        check(result.total >= 1 and len(result.hits) >= 1, f"search NATO: {result.total} hits")
        hit = result.hits[0]
        check(hit.id and hit.lang, f"search hit has id and lang ({hit.id}, {hit.lang})")
        for h in hit.highlights:
            check(0 <= h.start < h.end <= len(hit.snippet.encode()), "highlight inside snippet")

        article = c.get(hit.id)
        check(article.id == hit.id and article.paragraphs, f"get {hit.id}: paragraphs")
        check("nato" in "\n\n".join(article.paragraphs).lower() + article.title.lower(),
              "the document found for NATO mentions NATO")

        # Pipelining: two requests sent before either answer is read, matched by id.
        first = c.send("ping", pb.PingRequest(payload=b"1"))
        second = c.send("get", pb.GetRequest(id=hit.id))
        check(c.receive(second).get.article.id == hit.id, "pipelined: second answered by id")
        check(c.receive(first).ping.payload == b"1", "pipelined: first answered by id")

        try:
            c.get("no-such-document")
            check(False, "get of an unknown id fails")
        except natoaz_client.ServerError as e:
            check(e.error.code == pb.NOT_FOUND, f"unknown id: NOT_FOUND ({e})")
        try:
            c.search('"unbalanced')
            check(False, "a malformed query fails")
        except natoaz_client.ServerError as e:
            check(e.error.code == pb.INVALID_ARGUMENT and e.error.field == "query",
                  f"malformed query: INVALID_ARGUMENT on query ({e})")

    dictionary = natoaz_client.load_dictionary()
    with natoaz_client.Client(socket_path, compression=True, dictionary=dictionary) as c:
        check(c.server.compression, "handshake with compression: accepted")
        check(c.server.dictionary_id == dictionary.dict_id(), "dictionary NAZ1 negotiated")
        article = c.get(hit.id)
        check(article.id == hit.id, "get over a compressed connection")
        check(len(c.search("Azerbaijan NATO", limit=5).hits) >= 1, "search over compression")
    print("all checks passed")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    main(sys.argv[1])
