/// Many strings in one block of UTF-8 bytes plus where each starts: two allocations for a
/// million strings, instead of a 16-byte slot each plus a heap object for every one longer
/// than 15 bytes.
///
/// ```
/// bytes   a z e r b a i j a n n a t o n a t o s ...
/// starts  0                   10      14      18 ...     string i = bytes[starts[i]..<starts[i+1]]
/// ```
public struct UTF8Block: RandomAccessCollection, Sendable, Equatable {
    let bytes: [UInt8]
    /// String `i` is `bytes[starts[i]..<starts[i + 1]]`.
    let starts: [UInt32]

    /// A block made of its parts as they were stored (see ``IndexSnapshot``), checked there.
    init(bytes: [UInt8], starts: [UInt32]) {
        self.bytes = bytes
        self.starts = starts
    }

    /// Stores `strings` in the given order.
    public init(_ strings: some Collection<String>) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(strings.reduce(0) { $0 + $1.utf8.count })
        var starts: [UInt32] = []
        starts.reserveCapacity(strings.count + 1)
        for string in strings {
            starts.append(UInt32(bytes.count))
            bytes.append(contentsOf: string.utf8)
            precondition(bytes.count <= UInt32.max, "strings over 4 GiB")
        }
        starts.append(UInt32(bytes.count))
        self.bytes = bytes
        self.starts = starts
    }

    /// The first string's position, 0.
    public var startIndex: Int { 0 }
    /// One past the last string's position.
    public var endIndex: Int { starts.count - 1 }

    /// String `position`, made anew (no allocation up to 15 bytes).
    public subscript(position: Int) -> String {
        withUTF8(position) { String(decoding: $0, as: UTF8.self) }
    }

    /// Runs `body` on the UTF-8 bytes of string `position` (valid only inside `body`).
    @inline(__always)
    public func withUTF8<R>(_ position: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        bytes.withUnsafeBufferPointer {
            body(
                UnsafeBufferPointer(rebasing: $0[Int(starts[position])..<Int(starts[position + 1])])
            )
        }
    }

    /// Whether string `position` has exactly these bytes.
    @inline(__always)
    func equals(_ position: Int, _ other: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = Int(starts[position])
        let end = Int(starts[position + 1])
        guard end - start == other.count else { return false }
        return bytes.withUnsafeBufferPointer { other.elementsEqual($0[start..<end]) }
    }

    /// The first position in `range` whose string does not precede `key` (the block must be
    /// sorted by bytes over `range`).
    func lowerBound(_ key: some Collection<UInt8>, in range: Range<Int>) -> Int {
        var low = range.lowerBound
        var high = range.upperBound
        while low < high {
            let mid = (low + high) / 2
            if withUTF8(mid, { $0.lexicographicallyPrecedes(key) }) {
                low = mid + 1
            } else {
                high = mid
            }
        }
        return low
    }

    /// Bytes held by the block and the starts.
    var heapBytes: Int { MemoryFootprint.array(bytes) + MemoryFootprint.array(starts) }
}
