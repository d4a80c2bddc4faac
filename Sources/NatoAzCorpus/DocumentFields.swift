/// A document's metadata besides its id, language and body, packed into one byte array.
///
/// As separate stored properties, a document's date, seven optional strings, header lines and
/// paragraph ends took about 570 bytes at 100,000 articles: a 224-byte slot in the document
/// array, a heap object for every string longer than 15 bytes and two arrays. Packed, they are
/// one allocation of about their own size. Reading a field walks the few fields before it;
/// writing one re-encodes the whole (documents are written once, by the parser).
///
/// ```
/// +------+----------+-----------+-----------------------+----------------+-------------------+
/// | date | title ...| ... 7     | header line count n   | n x (length,   | paragraph count p |
/// |      | strings  | optionals | varint                |  UTF-8 bytes)  | p x end delta     |
/// +------+----------+-----------+-----------------------+----------------+-------------------+
/// date:      tag byte (0: none; else 1 | 2 if a year | 4 if a day), then zigzag varints:
///            [year] month [day]
/// optional:  varint 0 for nil, else UTF-8 length + 1, then the bytes
/// order:     title, dateText, dateEvidence, source, author, place, trailer
/// end delta: paragraph end - previous paragraph end (UTF-8 offsets into the body)
/// ```
///
/// The encoding is canonical (one byte string per value), so `==` compares the fields.
struct DocumentFields: Sendable, Hashable {
    /// The optional strings, in stored order.
    enum Slot: Int, CaseIterable {
        case title, dateText, dateEvidence, source, author, place, trailer
    }

    /// The unpacked values.
    struct Values: Equatable {
        var date: PartialDate? = nil
        var strings: [String?] = Array(repeating: nil, count: Slot.allCases.count)
        var headerLines: [String] = []
        var paragraphEnds: [UInt32] = []
    }

    private let bytes: StoredBytes

    init(_ values: Values) {
        precondition(values.strings.count == Slot.allCases.count)
        var bytes: [UInt8] = []
        var size = 16 + 5 * values.paragraphEnds.count
        for string in values.strings { size += (string?.utf8.count ?? 0) + 5 }
        for line in values.headerLines { size += line.utf8.count + 5 }
        bytes.reserveCapacity(size)
        if let date = values.date {
            bytes.append(1 | (date.year != nil ? 2 : 0) | (date.day != nil ? 4 : 0))
            if let year = date.year { Self.appendSigned(year, to: &bytes) }
            Self.appendSigned(date.month, to: &bytes)
            if let day = date.day { Self.appendSigned(day, to: &bytes) }
        } else {
            bytes.append(0)
        }
        for string in values.strings {
            guard let string else {
                bytes.append(0)
                continue
            }
            Self.append(UInt64(string.utf8.count) + 1, to: &bytes)
            bytes.append(contentsOf: string.utf8)
        }
        Self.append(UInt64(values.headerLines.count), to: &bytes)
        for line in values.headerLines {
            Self.append(UInt64(line.utf8.count), to: &bytes)
            bytes.append(contentsOf: line.utf8)
        }
        Self.append(UInt64(values.paragraphEnds.count), to: &bytes)
        var previous: UInt32 = 0
        for end in values.paragraphEnds {
            // Ends only grow (they are cumulative lengths); a wrapped delta would still read
            // back exactly, but the parser never makes one.
            Self.append(UInt64(end &- previous), to: &bytes)
            previous = end
        }
        // Copied at its exact size: the reservation above is an upper bound.
        self.bytes = StoredBytes(bytes.withUnsafeBufferPointer { Array($0) })
    }

    /// The same fields, their bytes moved to `block` from `start` (see ``DocumentPacking``).
    /// Fields stored as `count` bytes of `block` from `start` (restored from a snapshot, after
    /// ``isWellFormed(_:)`` accepted them).
    init(block: PackedBytes, start: Int, count: Int) {
        bytes = StoredBytes(block, start: start, count: count)
    }

    init(moving fields: DocumentFields, to block: PackedBytes, start: Int) {
        bytes = StoredBytes(block, start: start, count: fields.bytes.count)
    }

    /// The encoded fields, as ``DocumentPacking`` copies them.
    var stored: StoredBytes { bytes }

    /// All fields, unpacked.
    var values: Values {
        var values = Values()
        bytes.withUnsafeBufferPointer { bytes in
            var offset = 0
            values.date = Self.readDate(bytes, &offset)
            for slot in 0..<Slot.allCases.count {
                values.strings[slot] = Self.readOptional(bytes, &offset)
            }
            values.headerLines = Self.readHeaderLines(bytes, &offset)
            values.paragraphEnds = Self.readParagraphEnds(bytes, &offset)
        }
        return values
    }

    var date: PartialDate? {
        bytes.withUnsafeBufferPointer { bytes in
            var offset = 0
            return Self.readDate(bytes, &offset)
        }
    }

    subscript(slot: Slot) -> String? {
        bytes.withUnsafeBufferPointer { bytes in
            var offset = Self.start(of: slot, in: bytes)
            return Self.readOptional(bytes, &offset)
        }
    }

    /// The UTF-8 bytes of the string in `slot` (0 when nil), without making it.
    func utf8Count(_ slot: Slot) -> Int {
        bytes.withUnsafeBufferPointer { bytes in
            var offset = Self.start(of: slot, in: bytes)
            return max(0, Int(Self.read(bytes, &offset)) - 1)
        }
    }

    /// Where `slot`'s length prefix starts: past the date and the slots before it.
    private static func start(of slot: Slot, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var offset = 0
        skipDate(bytes, &offset)
        for _ in 0..<slot.rawValue {
            let length = Int(read(bytes, &offset))
            offset += max(0, length - 1)
        }
        return offset
    }

    var headerLines: [String] {
        bytes.withUnsafeBufferPointer { bytes in
            var offset = 0
            Self.skipToHeaderLines(bytes, &offset)
            return Self.readHeaderLines(bytes, &offset)
        }
    }

    var paragraphEnds: [UInt32] {
        bytes.withUnsafeBufferPointer { bytes in
            var offset = 0
            Self.skipToHeaderLines(bytes, &offset)
            let lines = Int(Self.read(bytes, &offset))
            for _ in 0..<lines { offset += Int(Self.read(bytes, &offset)) }
            return Self.readParagraphEnds(bytes, &offset)
        }
    }

    var paragraphCount: Int {
        bytes.withUnsafeBufferPointer { bytes in
            var offset = 0
            Self.skipToHeaderLines(bytes, &offset)
            let lines = Int(Self.read(bytes, &offset))
            for _ in 0..<lines { offset += Int(Self.read(bytes, &offset)) }
            return Int(Self.read(bytes, &offset))
        }
    }

    /// ``stringsUTF8Count`` and ``paragraphCount`` in one walk over the fields.
    var stringsUTF8AndParagraphCount: (stringsUTF8: Int, paragraphs: Int) {
        bytes.withUnsafeBufferPointer { bytes in
            var offset = 0
            let total = Self.skipToHeaderLines(bytes, &offset)
            let lines = Int(Self.read(bytes, &offset))
            for _ in 0..<lines { offset += Int(Self.read(bytes, &offset)) }
            return (total, Int(Self.read(bytes, &offset)))
        }
    }

    /// The UTF-8 bytes of the optional strings together (nil counting 0), read from their
    /// stored lengths without making a string.
    var stringsUTF8Count: Int {
        bytes.withUnsafeBufferPointer { bytes in
            var offset = 0
            return Self.skipToHeaderLines(bytes, &offset)
        }
    }

    /// Bytes held on the heap (see ``MemoryFootprint``).
    var heapBytes: Int { bytes.heapBytes }

    // MARK: - Encoding

    private static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        VarInt.append(value, to: &bytes)
    }

    private static func appendSigned(_ value: Int, to bytes: inout [UInt8]) {
        let zigzag = UInt64(bitPattern: Int64(value << 1) ^ Int64(value >> (Int.bitWidth - 1)))
        append(zigzag, to: &bytes)
    }

    // MARK: - Checking stored bytes

    /// Whether `bytes` read as fields without running past their end, with paragraph ends
    /// that cut a body of `textLength` bytes as ``Document/paragraphs`` does: the readers
    /// below trust what `init` wrote, so bytes from elsewhere (an ``IndexSnapshot``) are
    /// checked first.
    static func isWellFormed(_ bytes: UnsafeBufferPointer<UInt8>, textLength: Int) -> Bool {
        var offset = 0
        func next() -> UInt64? { VarInt.readChecked64(bytes, &offset) }
        func skip(_ count: UInt64) -> Bool {
            guard count <= UInt64(bytes.count - offset) else { return false }
            offset += Int(count)
            return true
        }
        guard offset < bytes.count else { return false }
        let tag = bytes[offset]
        offset += 1
        guard tag & ~7 == 0, tag == 0 || tag & 1 == 1 else { return false }
        if tag != 0 {
            let numbers = 1 + (tag & 2 != 0 ? 1 : 0) + (tag & 4 != 0 ? 1 : 0)
            for _ in 0..<numbers where next() == nil { return false }
        }
        for _ in 0..<Slot.allCases.count {
            guard let length = next(), skip(length == 0 ? 0 : length - 1) else { return false }
        }
        guard let lines = next(), lines <= UInt64(bytes.count) else { return false }
        for _ in 0..<lines {
            guard let length = next(), skip(length) else { return false }
        }
        guard let paragraphs = next(), paragraphs <= UInt64(bytes.count) else { return false }
        // Paragraphs are joined with "\n\n": each after the first adds at least those two
        // bytes, and the last ends the text.
        var end: UInt64 = 0
        for number in 0..<paragraphs {
            guard let delta = next(), delta <= UInt64(textLength) - end,
                number == 0 || delta >= 2
            else { return false }
            end += delta
        }
        return end == UInt64(textLength) && offset == bytes.count
    }

    // MARK: - Decoding (of bytes `init` wrote)

    private static func read(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: inout Int) -> UInt64 {
        VarInt.read64(bytes, &offset)
    }

    private static func readSigned(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: inout Int)
        -> Int
    {
        let zigzag = read(bytes, &offset)
        return Int(Int64(bitPattern: zigzag >> 1) ^ -Int64(bitPattern: zigzag & 1))
    }

    private static func readDate(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: inout Int)
        -> PartialDate?
    {
        let tag = bytes[offset]
        offset += 1
        guard tag != 0 else { return nil }
        let year = tag & 2 != 0 ? readSigned(bytes, &offset) : nil
        let month = readSigned(bytes, &offset)
        let day = tag & 4 != 0 ? readSigned(bytes, &offset) : nil
        return PartialDate(year: year, month: month, day: day)
    }

    private static func skipDate(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: inout Int) {
        _ = readDate(bytes, &offset)
    }

    private static func readOptional(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: inout Int)
        -> String?
    {
        let length = Int(read(bytes, &offset))
        guard length > 0 else { return nil }
        let start = offset
        offset += length - 1
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
    }

    /// Moves `offset` from the start of the fields past the date and the optional strings;
    /// returns the strings' UTF-8 bytes together (nil counting 0).
    @discardableResult
    private static func skipToHeaderLines(
        _ bytes: UnsafeBufferPointer<UInt8>, _ offset: inout Int
    ) -> Int {
        skipDate(bytes, &offset)
        var total = 0
        for _ in Slot.allCases {
            let length = max(0, Int(read(bytes, &offset)) - 1)
            total += length
            offset += length
        }
        return total
    }

    private static func readHeaderLines(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: inout Int)
        -> [String]
    {
        let count = Int(read(bytes, &offset))
        var lines: [String] = []
        lines.reserveCapacity(count)
        for _ in 0..<count {
            let length = Int(read(bytes, &offset))
            let start = offset
            offset += length
            lines.append(
                String(
                    decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self))
        }
        return lines
    }

    private static func readParagraphEnds(
        _ bytes: UnsafeBufferPointer<UInt8>, _ offset: inout Int
    ) -> [UInt32] {
        let count = Int(read(bytes, &offset))
        var ends: [UInt32] = []
        ends.reserveCapacity(count)
        var end: UInt32 = 0
        for _ in 0..<count {
            end &+= UInt32(truncatingIfNeeded: read(bytes, &offset))
            ends.append(end)
        }
        return ends
    }
}
