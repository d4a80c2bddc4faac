public import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A swift-log handler writing one line per event to stderr, in one of two styles:
///
/// - journal (stderr is connected to journald, detected from `$JOURNAL_STREAM`): no
///   timestamp (journald adds its own) and the sd-daemon(3) priority prefix, which journald
///   turns into the entry's priority:
///   `<6>natoazd: corpus loaded documents=5 rejected=0`
/// - terminal: an ISO 8601 UTC timestamp and the level as a word:
///   `2026-11-25T20:41:07.123Z info natoazd: corpus loaded documents=5 rejected=0`
///
/// Levels map to priorities as trace/debug <7>, info <6>, notice <5>, warning <4>,
/// error <3>, critical <2>. Metadata follows the message as `key=value`, values quoted when
/// they contain spaces; control characters are escaped (`\n`), so an event is always one
/// line. Each line is written with a single write(2), so lines from different threads never
/// interleave.
public struct StderrLogHandler: LogHandler {
    /// The line format: for journald, or for a terminal or file (see the type's description).
    public enum Style: Sendable {
        case journal
        case terminal
    }

    /// Events below this level are not written.
    public var logLevel: Logger.Level
    /// Metadata added to every event of this handler (the event's own wins on a clash).
    public var metadata: Logger.Metadata = [:]
    /// Metadata computed for each event (e.g. from task-local values), merged before the
    /// event's own.
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let style: Style

    /// A handler for the logger named `label` (printed before the message, e.g. `natoazd:`),
    /// writing events at `level` and above in `style`.
    public init(label: String, level: Logger.Level, style: Style) {
        self.label = label
        self.logLevel = level
        self.style = style
    }

    /// One entry of ``metadata``.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// `.journal` when stderr is the stream `$JOURNAL_STREAM` names (device:inode), as
    /// systemd.exec(5) recommends checking, else `.terminal`.
    public static func detectStyle(environment: [String: String]) -> Style {
        guard let stream = environment["JOURNAL_STREAM"] else { return .terminal }
        let parts = stream.split(separator: ":")
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else {
            return .terminal
        }
        var info = stat()
        guard fstat(STDERR_FILENO, &info) == 0 else { return .terminal }
        return UInt64(info.st_dev) == device && UInt64(info.st_ino) == inode ? .journal : .terminal
    }

    /// Writes the event as one line to stderr with a single write(2).
    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() {
            merged.merge(provided) { _, new in new }
        }
        if let extra = event.metadata {
            merged.merge(extra) { _, new in new }
        }
        let prefix =
            switch style {
            case .journal: "<\(Self.priority(event.level))>"
            case .terminal: "\(Self.timestamp()) \(event.level) "
            }
        let line = Self.line(
            prefix: prefix, label: label, message: "\(event.message)", metadata: merged)
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(STDERR_FILENO, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }

    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: return 7
        case .info: return 6
        case .notice: return 5
        case .warning: return 4
        case .error: return 3
        case .critical: return 2
        }
    }

    /// One log line, newline included: `prefix`, the label, the message (control characters
    /// escaped), then the metadata sorted by key.
    static func line(
        prefix: String, label: String, message: String, metadata: Logger.Metadata
    ) -> String {
        var line = "\(prefix)\(label): \(escapingControls(message))"
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            line += " \(key)=\(quoted("\(value)"))"
        }
        return line + "\n"
    }

    /// A metadata value: as it is, or in quotes when it is empty or holds a space, quote,
    /// `=` or control character (escaped as `\n`, `\u{1B}`...).
    static func quoted(_ value: String) -> String {
        guard
            value.isEmpty
                || value.unicodeScalars.contains(where: {
                    $0 == " " || $0 == "\"" || $0 == "=" || isControl($0)
                })
        else { return value }
        var escaped = "\""
        for scalar in value.unicodeScalars {
            if scalar == "\"" || scalar == "\\" { escaped.append("\\") }
            escaped += escapingControls(String(scalar))
        }
        return escaped + "\""
    }

    /// `text` with C0 and C1 controls, DEL and the line and paragraph separators written as
    /// escapes. Values from clients (a Hello's `client_name`) reach the log: a newline in one
    /// started a forged line (under journald, a forged entry), and an escape sequence could
    /// rewrite the terminal showing it.
    static func escapingControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case _ where isControl(scalar):
                escaped += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028
            || scalar.value == 0x2029
    }

    private static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return
            "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))"
            + "T\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))"
            + ".\(pad(Int32(now.tv_nsec / 1_000_000), 3))Z"
    }
}
