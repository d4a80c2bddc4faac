/// Counts stored as runs of equal neighbours: the first index of each run and its count.
/// Any sequence reads back exactly; one sorted by count (a list ranked most frequent first)
/// takes one run per distinct count, a few thousand for a million lines, where a plain array
/// takes 4 bytes per line.
///
/// ```
/// counts   9031 412 412 17 17 17 3 3 3 3 ...
/// index    0    1   2   3  4  5  6 7 8 9
/// starts   0    1       3        6             count at i = values[last run starting <= i]
/// values   9031 412     17       3
/// ```
struct RunLengthCounts: Sendable, Equatable {
    private let starts: [Int32]
    private let values: [UInt32]
    let count: Int

    init(_ counts: some Sequence<UInt32>) {
        var starts: [Int32] = []
        var values: [UInt32] = []
        var count = 0
        for value in counts {
            if values.last != value {
                starts.append(Int32(count))
                values.append(value)
            }
            count += 1
        }
        precondition(count <= Int32.max, "over 2^31 counts")
        // Built by appending: arrays of the exact size are kept.
        self.starts = starts.withUnsafeBufferPointer { Array($0) }
        self.values = values.withUnsafeBufferPointer { Array($0) }
        self.count = count
    }

    /// Count `index` (0..<count).
    subscript(index: Int) -> UInt32 {
        precondition(index >= 0 && index < count, "index \(index) out of 0..<\(count)")
        // The last run starting at or before `index`.
        var low = 0
        var high = starts.count
        while high - low > 1 {
            let mid = (low + high) / 2
            if Int(starts[mid]) <= index { low = mid } else { high = mid }
        }
        return values[low]
    }

    /// How many runs it holds.
    var runCount: Int { starts.count }

    /// Bytes held (see ``MemoryFootprint``).
    var heapBytes: Int { MemoryFootprint.array(starts) + MemoryFootprint.array(values) }
}
