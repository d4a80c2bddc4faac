#!/usr/bin/python3
"""Decode every golden vector in Protocol/vectors/ with the stock protobuf library.

    /usr/bin/python3 clients/python/check_vectors.py               check (exit 1 on a failure)
    /usr/bin/python3 clients/python/check_vectors.py --write-text  (re)write each file's text:

For each valid vector: the frame header is read by natoaz_client.FrameReader, the payload
decompressed (with Protocol/natoaz.dict when flagged), parsed by natoaz_pb2 (protoc's code on
Debian's python3-protobuf); it must have no unknown fields, re-serialise to exactly the same
bytes (so the Swift encoder is canonical protobuf), and equal the message written as protobuf
text format in the file. Each invalid vector must be refused with the code the file names.
The Swift test suite checks the same files against NatoAzProtocol, so the two
implementations agree byte for byte.
"""

import os
import sys

from google.protobuf import text_format

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import natoaz_client  # noqa: E402
import natoaz_pb2 as pb  # noqa: E402

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
VECTORS = os.path.join(ROOT, "Protocol", "vectors")
TYPES = {"natoaz.v1.Request": pb.Request, "natoaz.v1.Response": pb.Response}


def parse(path):
    fields, text, in_text = {}, [], False
    with open(path, encoding="utf-8") as f:
        for line in f.read().split("\n"):
            if in_text:
                text.append(line)
            elif line == "text:":
                in_text = True
            elif line and not line.startswith("#"):
                key, _, value = line.partition(":")
                fields[key] = value.strip()
    return fields, "\n".join(text).strip()


def decode(frame_hex, dictionary):
    reader = natoaz_client.FrameReader(dictionary=dictionary)
    reader.feed(bytes.fromhex(frame_hex))
    frames = []
    while True:
        frame = reader.next_frame()
        if frame is None:
            break
        frames.append(frame)
    reader.finish()
    return frames


def check_valid(name, fields, text, dictionary, write_text):
    cls = TYPES[fields["message"]]
    frames = decode(fields["frame"], dictionary)
    assert len(frames) == 1, f"{len(frames)} frames"
    flags, payload = frames[0]
    assert f"0x{flags:02x}" == fields["flags"].split()[0], f"flags {flags:#04x}"
    assert len(payload) == int(fields["payload-bytes"]), "payload size"
    message = cls.FromString(payload)
    stripped = cls.FromString(payload)
    stripped.DiscardUnknownFields()
    assert stripped.SerializeToString() == payload, "unknown fields, or not canonical bytes"
    rendered = text_format.MessageToString(message, as_utf8=True).strip()
    if write_text:
        path = os.path.join(VECTORS, name + ".txt")
        with open(path, encoding="utf-8") as f:
            content = f.read()
        content = content[:content.index("\ntext:\n") + len("\ntext:\n")] + rendered + "\n"
        with open(path, "w", encoding="utf-8") as f:
            f.write(content)
        return
    expected = text_format.Parse(text, cls())
    assert expected == message, f"decodes to\n{rendered}\nnot the text in the file"


def check_invalid(name, fields, dictionary):
    expected = getattr(pb, fields["expect"])
    try:
        decode(fields["frame"], dictionary)
    except natoaz_client.ProtocolError as e:
        assert e.code == expected, f"refused with {e}, expected {fields['expect']}"
        return
    raise AssertionError(f"accepted; expected {fields['expect']}")


def main():
    write_text = "--write-text" in sys.argv[1:]
    dictionary = natoaz_client.load_dictionary()
    with open(os.path.join(VECTORS, "INDEX")) as f:
        names = [line.strip() for line in f if line.strip()]
    failures = 0
    for name in names:
        fields, text = parse(os.path.join(VECTORS, name + ".txt"))
        try:
            if "expect" in fields:
                check_invalid(name, fields, dictionary)
            else:
                check_valid(name, fields, text, dictionary, write_text)
        except Exception as e:  # report every vector, not just the first failure
            failures += 1
            print(f"FAIL {name}: {type(e).__name__}: {e}")
    print(f"{len(names) - failures}/{len(names)} vectors ok "
          f"(protobuf {pb.DESCRIPTOR.__class__.__module__.split('.')[0]} "
          f"{__import__('google.protobuf').protobuf.__version__})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
