/// A systemd unit file read as sections of `Key=value` assignments, enough to check that the
/// units, the sysusers and the tmpfiles snippets agree with each other.
struct UnitFile {
    /// Every assignment in file order; keys may repeat (e.g. `SystemCallFilter=`).
    var assignments: [(section: String, key: String, value: String)] = []

    init(_ text: String) {
        var section = ""
        for raw in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = raw.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                section = String(line.dropFirst().dropLast())
            } else if let equals = line.firstIndex(of: "=") {
                let key = String(line[..<equals]).trimmingWhitespace()
                let value = String(line[line.index(after: equals)...]).trimmingWhitespace()
                assignments.append((section, key, value))
            }
        }
    }

    /// The last value assigned to `key` in `section`, as systemd reads single-valued settings.
    func value(_ section: String, _ key: String) -> String? {
        assignments.last { $0.section == section && $0.key == key }?.value
    }
}

/// The non-comment lines of a sysusers.d or tmpfiles.d snippet, split into fields.
func snippetLines(_ text: String) -> [[String]] {
    text.split(separator: "\n").map { $0.trimmingWhitespace() }
        .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        .map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
