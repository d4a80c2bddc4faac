#!/usr/bin/python3
"""Fail when code generated from natoaz.proto is out of date (someone edited the .proto and
forgot `make protocol-gen`, or edited generated code by hand).

    /usr/bin/python3 Protocol/check_generated.py

Checks Sources/NatoAzProtocol/Messages/*.swift (generate_swift.py), the message reference in
PROTOCOL.md (generate_docs.py) and clients/python/natoaz_pb2.py (protoc). Run by the Swift
test suite (GeneratedCodeTests).
"""

import filecmp
import os
import subprocess
import sys
import tempfile

import generate_docs
import generate_swift

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def main():
    stale = []
    with tempfile.TemporaryDirectory() as tmp:
        swift_dir = os.path.join(tmp, "swift")
        fresh = {os.path.basename(p) for p in generate_swift.generate(swift_dir)}
        current = {f for f in os.listdir(generate_swift.OUT) if f.endswith(".swift")}
        for name in sorted(fresh | current):
            a, b = os.path.join(swift_dir, name), os.path.join(generate_swift.OUT, name)
            if not (os.path.exists(a) and os.path.exists(b) and filecmp.cmp(a, b, shallow=False)):
                stale.append(os.path.relpath(b, ROOT))
        subprocess.run(["protoc", f"-I{HERE}", f"--python_out={tmp}",
                        os.path.join(HERE, "natoaz.proto")], check=True)
        pb2 = os.path.join(ROOT, "clients", "python", "natoaz_pb2.py")
        if not filecmp.cmp(os.path.join(tmp, "natoaz_pb2.py"), pb2, shallow=False):
            stale.append(os.path.relpath(pb2, ROOT))
    with open(generate_docs.DOC) as f:
        doc = f.read()
    start = doc.index(generate_docs.BEGIN) + len(generate_docs.BEGIN)
    if doc[start:doc.index(generate_docs.END)] != "\n" + generate_docs.render() + "\n":
        stale.append("Protocol/PROTOCOL.md (message reference)")
    for path in stale:
        print(f"stale: {path}")
    if stale:
        print("natoaz.proto and the code generated from it differ: run `make protocol-gen`")
        return 1
    print("generated code is up to date with Protocol/natoaz.proto")
    return 0


if __name__ == "__main__":
    sys.exit(main())
