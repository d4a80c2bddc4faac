/// The terms of one token as UTF-8 bytes, one after another: what ``Analyzer`` hands the
/// shard builder, so a new token's terms reach the vocabulary without a `String` each.
///
/// ```
/// bytes  [ t e r m 0 | t e r m 1 | ... ]     term i is bytes[ends[i - 1]..<ends[i]]
/// ```
struct TermBytes {
    private(set) var bytes: [UInt8] = []
    private(set) var ends: [Int] = []

    var count: Int { ends.count }

    /// Empties the list, keeping its capacity.
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
    }

    mutating func append(_ term: String) {
        bytes.append(contentsOf: term.utf8)
        ends.append(bytes.count)
    }

    mutating func append(_ term: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: term)
        ends.append(bytes.count)
    }

    /// Appends a term made of `mark` (a namespace byte, see ``Analyzer/latinKeyMark``) and
    /// `term`.
    mutating func append(mark: UInt8, _ term: UnsafeBufferPointer<UInt8>) {
        bytes.append(mark)
        bytes.append(contentsOf: term)
        ends.append(bytes.count)
    }

    /// Term `index` as a string (tests and diagnostics).
    func term(_ index: Int) -> String {
        String(decoding: bytes[(index == 0 ? 0 : ends[index - 1])..<ends[index]], as: UTF8.self)
    }

    /// Runs `body` on each term's bytes, in order.
    func forEachTerm(_ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        bytes.withUnsafeBufferPointer { bytes in
            var start = 0
            for end in ends {
                body(UnsafeBufferPointer(rebasing: bytes[start..<end]))
                start = end
            }
        }
    }
}
