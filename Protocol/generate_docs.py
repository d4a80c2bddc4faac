#!/usr/bin/python3
"""Regenerate the message reference of PROTOCOL.md from natoaz.proto's comments.

    /usr/bin/python3 Protocol/generate_docs.py      (part of `make protocol-gen`)

Only the text between the GENERATED markers in PROTOCOL.md is replaced, so the reference can
never drift from the schema; everything else in PROTOCOL.md is written by hand.
"""

import os
import re

from generate_swift import FD, HERE, Comments, descriptor_set

DOC = os.path.join(HERE, "PROTOCOL.md")
BEGIN = "<!-- BEGIN GENERATED: Protocol/generate_docs.py -->"
END = "<!-- END GENERATED -->"

TYPES = {
    FD.TYPE_STRING: "string", FD.TYPE_BYTES: "bytes", FD.TYPE_BOOL: "bool",
    FD.TYPE_UINT32: "uint32", FD.TYPE_UINT64: "uint64", FD.TYPE_INT32: "int32",
    FD.TYPE_DOUBLE: "double",
}


def one_line(comment):
    return " ".join(comment.split()).replace("|", "\\|")


def field_type(f):
    t = TYPES.get(f.type) or f"[{f.type_name.split('.')[-1]}](#{f.type_name.split('.')[-1].lower()})"
    return ("repeated " if f.label == FD.LABEL_REPEATED else "") + t


def render():
    file = descriptor_set().file[0]
    comments = Comments(file.source_code_info)
    items = []
    for i, m in enumerate(file.message_type):
        items.append((comments.section([4, i]), "m", i, m))
    for i, e in enumerate(file.enum_type):
        items.append((comments.section([5, i]), "e", i, e))
    items.sort(key=lambda item: item[0][1])
    out = []
    for (title, _), kind, i, d in items:
        if title is not None:
            out.append(f"\n### {title}\n")
        if kind == "m":
            path = [4, i]
            out.append(f"\n#### {d.name}\n")
            lead = one_line(comments.leading(path))
            if lead:
                out.append(f"\n{lead}\n")
            if not d.field:
                out.append("\nNo fields.\n")
                continue
            out.append("\n| # | field | type | meaning |\n|---:|---|---|---|\n")
            for j, f in enumerate(d.field):
                oneof = " (oneof `body`)" if f.HasField("oneof_index") else ""
                out.append(f"| {f.number} | `{f.name}` | {field_type(f)}{oneof} | "
                           f"{one_line(comments.leading(path + [2, j]))} |\n")
        else:
            path = [5, i]
            out.append(f"\n#### {d.name}\n")
            lead = one_line(comments.leading(path))
            if lead:
                out.append(f"\n{lead}\n")
            out.append("\n| value | name | meaning |\n|---:|---|---|\n")
            for j, v in enumerate(d.value):
                out.append(f"| {v.number} | `{v.name}` | "
                           f"{one_line(comments.leading(path + [2, j]))} |\n")
    return "".join(out)


def main():
    with open(DOC) as f:
        text = f.read()
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    text = text[:start] + "\n" + render() + "\n" + text[end:]
    with open(DOC, "w") as f:
        f.write(text)
    print(os.path.relpath(DOC, os.path.dirname(HERE)))


if __name__ == "__main__":
    main()
