#!/usr/bin/python3
"""Generate NatoAzProtocol's message structs and codecs from natoaz.proto.

    /usr/bin/python3 Protocol/generate_swift.py     (or: make protocol-gen)

protoc parses the schema (with its comments) into a FileDescriptorSet; this script turns
every message into a plain Swift struct conforming to `WireMessage`, with an encoder and a
field decoder written against `ProtobufWriter` / `ProtobufReader`, and every enum into an
open RawRepresentable struct (unknown values from newer peers survive). The output needs
no protobuf runtime, so the thin client links neither SwiftProtobuf nor Foundation.

One Swift file per section of the .proto (the `// ----` banners), in
Sources/NatoAzProtocol/Messages/. Needs Debian's protobuf-compiler and python3-protobuf.
"""

import os
import re
import subprocess
import sys
import tempfile

from google.protobuf import descriptor_pb2

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PROTO = os.path.join(HERE, "natoaz.proto")
OUT = os.path.join(ROOT, "Sources", "NatoAzProtocol", "Messages")

FD = descriptor_pb2.FieldDescriptorProto

SWIFT_KEYWORDS = {
    "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import",
    "init", "inout", "internal", "let", "open", "operator", "private", "protocol", "public",
    "rethrows", "static", "struct", "subscript", "typealias", "var", "break", "case", "catch",
    "continue", "default", "defer", "do", "else", "fallthrough", "for", "guard", "if", "in",
    "repeat", "return", "throw", "switch", "where", "while", "as", "false", "is", "nil",
    "self", "Self", "super", "throws", "true", "try", "Any",
}

# Field numbers of the envelopes' `body` oneof that are reserved for methods: a body field
# in this range that this build does not know decodes as `.unknown(fieldNumber:)`.
METHOD_FIELDS = (11, 999)


def escape(name):
    return f"`{name}`" if name in SWIFT_KEYWORDS else name


def camel(snake, upper_first=False):
    parts = snake.lower().split("_")
    out = []
    for i, part in enumerate(parts):
        if i > 0 and part in ("id", "ids"):
            out.append("ID" if part == "id" else "IDs")
        elif i == 0 and not upper_first:
            out.append(part)
        else:
            out.append(part[:1].upper() + part[1:])
    return "".join(out)


def upper_snake(camel_name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", camel_name).upper()


def doc(comment, indent):
    lines = [line[1:] if line.startswith(" ") else line for line in comment.rstrip().split("\n")]
    return "".join(f"{indent}/// {line}".rstrip() + "\n" for line in lines) if comment else ""


class Comments:
    def __init__(self, source_info):
        self.by_path = {tuple(loc.path): loc for loc in source_info.location}

    def leading(self, path):
        loc = self.by_path.get(tuple(path))
        if loc is None:
            return ""
        text = loc.leading_comments or loc.trailing_comments
        return text

    def section(self, path):
        loc = self.by_path.get(tuple(path))
        if loc is None:
            return None, 0
        for detached in loc.leading_detached_comments:
            lines = [l.strip() for l in detached.split("\n")]
            lines = [l for l in lines if l and not set(l) <= {"-"}]
            if lines and "----" in detached:
                title = re.split(r"[:\s]", lines[0])[0]
                return title, loc.span[0]
        return None, loc.span[0]


def swift_scalar(field, enums):
    t = field.type
    if t == FD.TYPE_STRING:
        return "String", '""', "String"
    if t == FD.TYPE_BYTES:
        return "[UInt8]", "[]", "Bytes"
    if t == FD.TYPE_BOOL:
        return "Bool", "false", "Bool"
    if t == FD.TYPE_UINT32:
        return "UInt32", "0", "UInt32"
    if t == FD.TYPE_UINT64:
        return "UInt64", "0", "UInt64"
    if t == FD.TYPE_INT32:
        return "Int32", "0", "Int32"
    if t == FD.TYPE_DOUBLE:
        return "Double", "0", "Double"
    if t == FD.TYPE_ENUM:
        name = field.type_name.split(".")[-1]
        return name, f"{name}(rawValue: 0)", "Enum"
    if t == FD.TYPE_MESSAGE:
        name = field.type_name.split(".")[-1]
        return name, None, "Message"
    sys.exit(f"unsupported type {t} for field {field.name}: extend generate_swift.py")


# Body cases whose message is estimated to take more than this many bytes inline are
# `indirect` (boxed). An enum is as large as its largest case, and a server moves and copies
# the body of every request and response: one large, rare message (InfoResponse, over 200
# bytes) would otherwise make every Ping's answer that large. A boxed case costs one
# allocation when it is used.
MAX_INLINE_BODY_BYTES = 64

# All messages by name, for the size estimate (set by generate()).
MESSAGES = {}


def inline_size(msg):
    """A rough Swift size of `msg` stored inline: strings 16 bytes, arrays 8, scalars their
    width, nested messages their own estimate (alignment ignored)."""
    size = 0
    for f in msg.field:
        if f.label == FD.LABEL_REPEATED or f.type == FD.TYPE_BYTES:
            size += 8
        elif f.type == FD.TYPE_STRING:
            size += 16
        elif f.type == FD.TYPE_BOOL:
            size += 1
        elif f.type in (FD.TYPE_UINT32, FD.TYPE_INT32, FD.TYPE_ENUM):
            size += 4
        elif f.type == FD.TYPE_MESSAGE:
            size += inline_size(MESSAGES[f.type_name.split(".")[-1]]) + 1
        else:
            size += 8
    return size


def gen_enum(enum, path, comments):
    name = enum.name
    prefix = upper_snake(name) + "_"
    out = doc(comments.leading(path), "")
    out += f"public struct {name}: RawRepresentable, Hashable, Sendable, CustomStringConvertible {{\n"
    out += "    public var rawValue: Int32\n\n"
    out += "    @inlinable\n"
    out += "    public init(rawValue: Int32) {\n        self.rawValue = rawValue\n    }\n\n"
    cases = []
    for i, value in enumerate(enum.value):
        short = value.name[len(prefix):] if value.name.startswith(prefix) else value.name
        swift = escape(camel(short))
        comment = comments.leading(path + [2, i])
        out += doc(comment, "    ")
        # Inlinable constants, not `static let`s: another module reading a global `let`
        # calls its lazy initialiser's accessor each time (the daemon's dispatch compares
        # methods per request).
        out += f"    @inlinable public static var {swift}: {name} {{ {name}(rawValue: {value.number}) }}\n"
        cases.append((value, swift, comment))
    out += "\n    /// Every value this build knows, in number order.\n"
    out += f"    public static let allKnown: [{name}] = [\n"
    out += "".join(f"        .{swift},\n" for _, swift, _ in cases)
    out += "    ]\n\n"
    out += f"    /// The value's name in natoaz.proto; `{name}(N)` for a value this build lacks.\n"
    out += "    public var name: String {\n        switch rawValue {\n"
    out += "".join(f'        case {v.number}: "{v.name}"\n' for v, _, _ in cases)
    out += f'        default: "{name}(\\(rawValue))"\n        }}\n    }}\n\n'
    out += "    /// The value's documentation in natoaz.proto (one line).\n"
    out += "    public var doc: String {\n        switch rawValue {\n"
    for v, _, comment in cases:
        line = " ".join(comment.split()).replace("\\", "\\\\").replace('"', '\\"')
        out += f'        case {v.number}: "{line}"\n'
    out += '        default: ""\n        }\n    }\n\n'
    out += "    public var description: String { name }\n}\n"
    return out


def gen_message(msg, path, comments, enums, method_cases):
    name = msg.name
    oneof_fields = [f for f in msg.field if f.HasField("oneof_index")]
    plain = [f for f in msg.field if not f.HasField("oneof_index")]
    out = doc(comments.leading(path), "")
    out += f"public struct {name}: WireMessage {{\n"
    index_of = {f.name: i for i, f in enumerate(msg.field)}

    props = []  # (swift name, swift type, default)
    for f in plain:
        swift_type, default, kind = swift_scalar(f, enums)
        repeated = f.label == FD.LABEL_REPEATED
        if repeated:
            swift_type, default = f"[{swift_type}]", "[]"
        elif kind == "Message":
            swift_type, default = f"{swift_type}?", "nil"
        prop = escape(camel(f.name))
        out += doc(comments.leading(path + [2, index_of[f.name]]), "    ")
        out += f"    public var {prop}: {swift_type}\n"
        props.append((prop, swift_type, default))

    if oneof_fields:
        oneof = msg.oneof_decl[0].name
        out += f"    /// The method body; nil when the {name.lower()} carries none.\n"
        out += f"    public var {oneof}: Body?\n"
        props.append((oneof, "Body?", "nil"))

    # Initialisers.
    out += "\n    /// An empty message: every field at its default (0, false, empty, absent).\n"
    out += "    public init() {\n"
    out += "".join(f"        self.{p.strip('`')} = {d}\n" for p, _, d in props)
    out += "    }\n"
    if props:
        params = ", ".join(f"{p}: {t} = {d}" for p, t, d in props)
        out += "\n    /// A message with the fields given; the others at their defaults.\n"
        out += f"    public init({params}) {{\n"
        out += "".join(f"        self.{p.strip('`')} = {p}\n" for p, _, _ in props)
        out += "    }\n"

    # Oneof body.
    if oneof_fields:
        out += "\n    /// One case per method; see `Method`.\n"
        out += "    public enum Body: Sendable, Hashable {\n"
        for f in oneof_fields:
            t = f.type_name.split(".")[-1]
            out += doc(comments.leading(path + [2, index_of[f.name]]), "        ")
            boxed = "indirect " if inline_size(MESSAGES[t]) > MAX_INLINE_BODY_BYTES else ""
            out += f"        {boxed}case {escape(camel(f.name))}({t})\n"
        out += "        /// A method body this build does not know, by its field number.\n"
        out += "        case unknown(fieldNumber: UInt32)\n\n"
        out += "        /// The method this body belongs to (field number minus 10).\n"
        out += "        public var method: Method {\n            switch self {\n"
        for f in oneof_fields:
            out += f"            case .{escape(camel(f.name))}: .{method_cases[f.number - 10]}\n"
        out += "            case .unknown(let fieldNumber): Method(rawValue: Int32(fieldNumber) - 10)\n"
        out += "            }\n        }\n    }\n"

    # Names for error paths.
    out += f'\n    public static var protoName: String {{ "{name}" }}\n\n'
    out += "    public static func fieldName(_ number: UInt32) -> String? {\n"
    if msg.field:
        out += "        switch number {\n"
        out += "".join(f'        case {f.number}: "{f.name}"\n' for f in msg.field)
        out += "        default: nil\n        }\n    }\n"
    else:
        out += "        nil\n    }\n"

    # Encoder.
    out += "\n    public func encode(to writer: inout ProtobufWriter) {\n"
    for f in plain:
        prop = escape(camel(f.name))
        _, _, kind = swift_scalar(f, enums)
        repeated = f.label == FD.LABEL_REPEATED
        n = f.number
        if repeated:
            fn = {"String": "writeRepeatedString", "Message": "writeRepeatedMessage",
                  "UInt32": "writePackedUInt32"}.get(kind)
            if fn is None:
                sys.exit(f"unsupported repeated {kind} for {name}.{f.name}")
            out += f"        writer.{fn}({n}, {prop})\n"
        elif kind == "Message":
            out += f"        if let {prop} {{ writer.writeMessage({n}, {prop}) }}\n"
        elif kind == "Enum":
            out += f"        writer.writeInt32({n}, {prop}.rawValue)\n"
        else:
            out += f"        writer.write{kind}({n}, {prop})\n"
    if oneof_fields:
        oneof = msg.oneof_decl[0].name
        out += f"        switch {oneof} {{\n"
        for f in oneof_fields:
            out += f"        case .{escape(camel(f.name))}(let body)?: writer.writeMessage({f.number}, body)\n"
        out += "        case .unknown?, nil: break\n        }\n"
    out += "    }\n"

    # Decoder.
    out += "\n    public mutating func decodeField(\n"
    out += "        _ tag: FieldTag, from reader: inout ProtobufReader\n"
    out += "    ) throws(ProtocolError) -> Bool {\n"
    if msg.field:
        out += "        switch tag.number {\n"
        for f in plain:
            prop = escape(camel(f.name))
            swift_type, _, kind = swift_scalar(f, enums)
            repeated = f.label == FD.LABEL_REPEATED
            n = f.number
            if repeated and kind == "UInt32":
                out += f"        case {n}: try reader.readRepeatedUInt32(tag, into: &{prop})\n"
            elif repeated and kind == "Message":
                out += f"        case {n}: {prop}.append(try reader.readMessage(tag, as: {swift_type}.self))\n"
            elif repeated:
                out += f"        case {n}: {prop}.append(try reader.read{kind}(tag))\n"
            elif kind == "Message":
                out += f"        case {n}: try reader.mergeMessage(tag, into: &{prop})\n"
            elif kind == "Enum":
                out += f"        case {n}: {prop} = {swift_type}(rawValue: try reader.readInt32(tag))\n"
            else:
                out += f"        case {n}: {prop} = try reader.read{kind}(tag)\n"
        if oneof_fields:
            oneof = msg.oneof_decl[0].name
            for f in oneof_fields:
                t = f.type_name.split(".")[-1]
                out += (f"        case {f.number}: {oneof} = .{escape(camel(f.name))}"
                        f"(try reader.readMessage(tag, as: {t}.self))\n")
            lo, hi = METHOD_FIELDS
            out += f"        case {lo}...{hi}:\n"
            out += "            try reader.skip(tag)\n"
            out += f"            {oneof} = .unknown(fieldNumber: tag.number)\n"
        out += "        default: return false\n        }\n        return true\n"
    else:
        out += "        false\n"
    out += "    }\n}\n"
    return out


def descriptor_set():
    """natoaz.proto parsed by protoc, with its comments."""
    with tempfile.TemporaryDirectory() as tmp:
        pb = os.path.join(tmp, "natoaz.pb")
        subprocess.run(
            ["protoc", f"-I{HERE}", "--include_source_info", f"--descriptor_set_out={pb}",
             PROTO],
            check=True,
        )
        fds = descriptor_pb2.FileDescriptorSet()
        with open(pb, "rb") as f:
            fds.ParseFromString(f.read())
    return fds


def generate(out_dir):
    """Writes the Swift files into `out_dir`, formatted; returns their paths."""
    file = descriptor_set().file[0]
    comments = Comments(file.source_code_info)
    enums = {e.name for e in file.enum_type}
    MESSAGES.update({m.name: m for m in file.message_type})
    # Method number -> Swift case name, for Body.method.
    method_enum = next(e for e in file.enum_type if e.name == "Method")
    method_cases = {v.number: escape(camel(v.name[len("METHOD_"):])) for v in method_enum.value}

    items = []
    for i, m in enumerate(file.message_type):
        items.append((comments.section([4, i]), "m", i, m))
    for i, e in enumerate(file.enum_type):
        items.append((comments.section([5, i]), "e", i, e))
    items.sort(key=lambda item: item[0][1])

    sections = []
    current = None
    for (title, _), kind, i, d in items:
        if title is not None or current is None:
            current = (title or "Messages", [])
            sections.append(current)
        if kind == "m":
            current[1].append(gen_message(d, [4, i], comments, enums, method_cases))
        else:
            current[1].append(gen_enum(d, [5, i], comments))

    os.makedirs(out_dir, exist_ok=True)
    header = ("// Generated by Protocol/generate_swift.py from Protocol/natoaz.proto. Do not edit:\n"
              "// change the .proto and run `make protocol-gen`.\n\n")
    written = []
    for title, parts in sections:
        path = os.path.join(out_dir, f"{title}.swift")
        with open(path, "w") as f:
            f.write(header + "\n".join(parts))
        written.append(path)
    # The repository's .swift-format decides the layout, so regenerating leaves no diff.
    subprocess.run(["swift", "format", "-i", "--configuration", os.path.join(ROOT, ".swift-format"),
                    *written], check=True, cwd=ROOT)
    return written


def main():
    for path in generate(OUT):
        print(os.path.relpath(path, ROOT))


if __name__ == "__main__":
    main()
