import ArgumentParser
import Glibc
import NatoAzClient

/// How results are printed.
enum OutputMode {
    /// Aligned tables for people; bold matches on a terminal.
    case human
    /// JSON Lines: one object per result.
    case json
    /// Tab-separated values, one row per result, no header.
    case tsv
}

/// `--format` for the subcommands that also offer TSV.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, tsv
}

/// Where a command's results go: buffered stdout, in one of the `OutputMode`s.
///
/// In batch mode every JSON object starts with `line` and `command`, so results can be told
/// apart without relying on their order.
struct Output {
    let mode: OutputMode
    let style: TerminalStyle
    /// The batch line number and text this output answers, in batch mode.
    let batchTag: (line: Int, command: String)?
    /// The socket the answer came from (ping reports it).
    var socketPath = ""
    /// How long the request took, as this client measured it, when known.
    var roundTripMicros: UInt64?
    private var buffer: [UInt8] = []

    init(mode: OutputMode, style: TerminalStyle, batchTag: (line: Int, command: String)? = nil) {
        self.mode = mode
        self.style = mode == .human ? style : TerminalStyle(usesEscapes: false)
        self.batchTag = batchTag
    }

    /// A new JSON object, tagged with the batch line when there is one.
    func object() -> JSONObject {
        var object = JSONObject()
        if let batchTag {
            object.add("line", batchTag.line)
            object.add("command", batchTag.command)
        }
        return object
    }

    /// Writes one JSON object as a line.
    mutating func emit(_ object: JSONObject) {
        write(object.text)
        write("\n")
    }

    /// Writes `text` followed by a newline.
    mutating func line(_ text: String = "") {
        write(text)
        write("\n")
    }

    /// Writes one TSV row; tabs and line breaks inside fields become spaces.
    mutating func row(_ fields: [String]) {
        line(fields.map(Self.tsvField).joined(separator: "\t"))
    }

    /// Writes `text`; in a table or TSV, control characters are shown (`^[`), not obeyed,
    /// but for the table's own bold and dim. Titles, snippets and names come from the server:
    /// a socket that was not natoazd could clear or recolour the terminal with them. (JSON
    /// escapes them itself.)
    mutating func write(_ text: String) {
        let shown = mode == .json ? text : visibleControls(text, keepingStyle: mode == .human)
        buffer.append(contentsOf: shown.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    /// Sends what is buffered to stdout.
    mutating func flush() {
        guard !buffer.isEmpty else { return }
        writeAll(buffer, to: STDOUT_FILENO)
        buffer.removeAll(keepingCapacity: true)
    }

    private static func tsvField(_ value: String) -> String {
        guard value.contains(where: { $0 == "\t" || $0.isNewline }) else { return value }
        return String(value.map { $0 == "\t" || $0.isNewline ? " " : $0 })
    }
}

/// Writes a message to stderr, prefixed with the program name. Control characters other than
/// line feed and tab are shown as `^[`-style escapes: a message can quote what a server sent
/// (its error text), and a hostile socket's `ESC [2J` cleared the terminal it was shown on.
func reportError(_ message: String) {
    writeAll(Array("natoazctl: \(visibleControls(message))\n".utf8), to: STDERR_FILENO)
}

/// `text` with C0 controls (but line feed and tab), DEL, C1 controls and the bidirectional
/// embedding, override and isolate controls made visible: `^[`, `^G`, `^?`, `\u{9B}`,
/// `\u{202E}`. With `keepingStyle`, the bold, dim and reset that ``TerminalStyle``
/// writes (`ESC [1m`, `ESC [2m`, `ESC [0m`) are kept.
func visibleControls(_ text: String, keepingStyle: Bool = false) -> String {
    func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\n" && scalar != "\t")
            || (0x7F...0x9F).contains(scalar.value)
            // Bidirectional embeddings, overrides and isolates: an article's title could
            // show `NATO summary` written backwards over what follows it, or reorder an id
            // ("Trojan Source"). The marks (U+200E, U+200F, U+061C) change no order and stay.
            || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }
    guard text.unicodeScalars.contains(where: isHidden) else { return text }
    let scalars = Array(text.unicodeScalars)
    var shown = String.UnicodeScalarView()
    var index = 0
    while index < scalars.count {
        let scalar = scalars[index]
        index += 1
        // After an ESC, `index` is at the scalar that follows it.
        if keepingStyle, scalar == "\u{1B}", index + 2 < scalars.count, scalars[index] == "[",
            "012".unicodeScalars.contains(scalars[index + 1]), scalars[index + 2] == "m"
        {
            shown.append(contentsOf: scalars[(index - 1)...(index + 2)])
            index += 3
        } else if !isHidden(scalar) {
            shown.append(scalar)
        } else if scalar.value < 0x20 {
            shown.append(contentsOf: "^".unicodeScalars)
            shown.append(Unicode.Scalar(UInt8(scalar.value + 0x40)))
        } else if scalar.value == 0x7F {
            shown.append(contentsOf: "^?".unicodeScalars)
        } else {
            shown.append(
                contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                    .unicodeScalars)
        }
    }
    return String(shown)
}

/// Writes all of `bytes` to a file descriptor with write(2), unbuffered: stdout's bytes are
/// only ever written from here, help and version text included.
/// A closed pipe raises SIGPIPE and ends the process quietly, as `grep | head` expects. Any
/// other failure to write stdout (a full disk, a closed stdout) ends it with status 2 and
/// says so: results that were not written must not look like success.
func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
    bytes.withUnsafeBytes { raw in
        var offset = 0
        while offset < raw.count {
            let written = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
            if written > 0 {
                offset += written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                if descriptor == STDOUT_FILENO { StandardStreams.writeFailed(errno) }
                return
            }
        }
    }
}

extension OutputFormat {
    /// The output mode from `--format` and `--json` (validated not to disagree).
    static func mode(_ format: OutputFormat?, json: Bool) -> OutputMode {
        switch format {
        case .tsv: .tsv
        case .json: .json
        case .table: .human
        case nil: json ? .json : .human
        }
    }

    /// `--json` with `--format table` or `--format tsv` is a contradiction.
    static func validate(_ format: OutputFormat?, json: Bool) throws {
        if json, let format, format != .json {
            throw ValidationError("--json and --format \(format.rawValue) disagree; use one.")
        }
    }
}

/// natoazctl's standard streams, when they are closed or cannot be written.
enum StandardStreams {
    /// Puts /dev/null, read-only, on each of descriptors 0-2 that is closed (`natoazctl ... >&-`).
    /// Otherwise the socket to natoazd became descriptor 1 and the results were written into
    /// it, with exit status 0; now writing them fails (EBADF) and says so.
    static func occupyClosed() {
        for descriptor in STDIN_FILENO...STDERR_FILENO
        where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
            let opened = open("/dev/null", O_RDONLY)
            if opened >= 0 && opened != descriptor {
                dup2(opened, descriptor)
                close(opened)
            }
        }
    }

    /// stdout refused the results: report it on stderr and exit 2, as grep and ls do.
    static func writeFailed(_ code: Int32) -> Never {
        reportError("cannot write the results to stdout: \(String(cString: strerror(code)))")
        exit(ExitStatus.failure)
    }
}
