/// The body checkpoints of all documents (see ``Checkpoint``) in 4 bytes each instead of 8:
/// each is stored as its position and byte offset minus the previous checkpoint's in the same
/// document (the first: minus 0), 16 bits each, with every 32nd checkpoint also kept whole so
/// that finding one reads at most 32 deltas. At 100,000 articles that is 4 MB less.
///
/// ```
/// deltas   [dp 16 | db 16] [dp | db] [0xFFFF_FFFF] ...   escape: a delta needs 17+ bits,
///                                                         the checkpoint is in `wide`
/// anchors  checkpoint 0, checkpoint 32, checkpoint 64, ... (whole)
/// ```
struct CheckpointTable: Sendable {
    static let anchorInterval = 32
    static let escape = UInt32.max

    let deltas: [UInt32]
    let anchors: [Checkpoint]
    /// The checkpoints whose deltas do not fit, by number.
    let wide: [Int32: Checkpoint]

    /// A table made of its parts as they were stored (see ``IndexSnapshot``), checked there.
    init(deltas: [UInt32], anchors: [Checkpoint], wide: [Int32: Checkpoint]) {
        self.deltas = deltas
        self.anchors = anchors
        self.wide = wide
    }

    /// `checkpoints` of documents whose runs start at `starts` (ascending, one per document);
    /// within a document positions and byte offsets increase.
    init(_ checkpoints: [Checkpoint], documentStarts starts: some Sequence<Int>) {
        var deltas = [UInt32](repeating: 0, count: checkpoints.count)
        var wide: [Int32: Checkpoint] = [:]
        var bounds = Array(starts)
        bounds.append(checkpoints.count)
        for document in 0..<(bounds.count - 1) {
            var previous = Checkpoint(position: 0, byteOffset: 0)
            for number in bounds[document]..<bounds[document + 1] {
                let checkpoint = checkpoints[number]
                let position = checkpoint.position &- previous.position
                let offset = checkpoint.byteOffset &- previous.byteOffset
                if position < 0xFFFF, offset < 0xFFFF, checkpoint.position >= previous.position,
                    checkpoint.byteOffset >= previous.byteOffset
                {
                    deltas[number] = (position << 16) | offset
                } else {
                    deltas[number] = Self.escape
                    wide[Int32(number)] = checkpoint
                }
                previous = checkpoint
            }
        }
        self.deltas = deltas
        self.wide = wide
        anchors = stride(from: 0, to: checkpoints.count, by: Self.anchorInterval).map {
            checkpoints[$0]
        }
    }

    var count: Int { deltas.count }

    /// The last checkpoint of `range` (one document's) at or before `position`, or nil.
    func checkpoint(in range: Range<Int>, atOrBefore position: UInt32) -> Checkpoint? {
        guard !range.isEmpty else { return nil }
        // The last anchor inside the range at or before `position`, found by binary search.
        var low = (range.lowerBound + Self.anchorInterval - 1) / Self.anchorInterval
        var high = (range.upperBound - 1) / Self.anchorInterval + 1
        var anchor: Int? = nil
        while low < high {
            let mid = (low + high) / 2
            if anchors[mid].position <= position {
                anchor = mid
                low = mid + 1
            } else {
                high = mid
            }
        }
        var best: Checkpoint?
        var previous = Checkpoint(position: 0, byteOffset: 0)
        var number = range.lowerBound
        if let anchor {
            best = anchors[anchor]
            previous = anchors[anchor]
            number = anchor * Self.anchorInterval + 1
        }
        while number < range.upperBound {
            let delta = deltas[number]
            let checkpoint =
                delta == Self.escape
                ? wide[Int32(number)]!
                : Checkpoint(
                    position: previous.position + (delta >> 16),
                    byteOffset: previous.byteOffset + (delta & 0xFFFF))
            if checkpoint.position > position { break }
            best = checkpoint
            previous = checkpoint
            number += 1
        }
        return best
    }

    /// Bytes held (see ``MemoryFootprint``).
    var heapBytes: Int {
        MemoryFootprint.array(deltas) + MemoryFootprint.array(anchors)
            + MemoryFootprint.dictionary(wide)
    }
}
