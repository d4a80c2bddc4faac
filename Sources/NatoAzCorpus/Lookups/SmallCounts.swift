/// 32-bit counts that are mostly small, in 16 bits each: a count of 65,535 or more is marked
/// with 65,535 and kept whole in a short sorted side table. Most words of a corpus are in a
/// handful of documents, so the side table holds the few common ones.
///
/// ```
/// counts    3   1   70000   12   65535   ...
/// small     3   1   65535   12   65535   ...   (UInt16)
/// large                 [2: 70000, 4: 65535]   (index, count), by index
/// ```
struct SmallCounts: Sendable, Equatable {
    private static let marker = UInt16.max
    private let small: [UInt16]
    private let largeIndices: [Int32]
    private let largeValues: [UInt32]

    init(_ counts: some Sequence<UInt32>) {
        var small: [UInt16] = []
        small.reserveCapacity(counts.underestimatedCount)
        var largeIndices: [Int32] = []
        var largeValues: [UInt32] = []
        for value in counts {
            if value >= UInt32(Self.marker) {
                largeIndices.append(Int32(small.count))
                largeValues.append(value)
                small.append(Self.marker)
            } else {
                small.append(UInt16(value))
            }
        }
        precondition(small.count <= Int32.max, "over 2^31 counts")
        self.small = small.withUnsafeBufferPointer { Array($0) }
        self.largeIndices = largeIndices.withUnsafeBufferPointer { Array($0) }
        self.largeValues = largeValues.withUnsafeBufferPointer { Array($0) }
    }

    var count: Int { small.count }

    /// Count `index` (0..<count).
    subscript(index: Int) -> UInt32 {
        let value = small[index]
        guard value == Self.marker else { return UInt32(value) }
        var low = 0
        var high = largeIndices.count
        while low < high {
            let mid = (low + high) / 2
            if Int(largeIndices[mid]) < index { low = mid + 1 } else { high = mid }
        }
        return largeValues[low]
    }

    /// Bytes held (see ``MemoryFootprint``).
    var heapBytes: Int {
        MemoryFootprint.array(small) + MemoryFootprint.array(largeIndices)
            + MemoryFootprint.array(largeValues)
    }
}
