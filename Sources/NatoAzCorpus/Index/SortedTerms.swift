/// A vocabulary sorted by UTF-8 bytes, with what it takes to walk it as a trie: how many
/// leading scalars each term shares with the next one, and where each run of terms sharing
/// at least as many ends.
///
/// ```
/// terms        nation  national  nationalism  native  navy
/// commonPrefix    6        8          3          2      0     (scalars shared with the next)
/// nextShorter     3        2          3          4      5     (next index with a smaller value)
/// ```
///
/// The terms sharing the first `d` scalars of term `i` (when `i` is the first of them) end
/// after the first `k >= i` with `commonPrefix[k] < d`; following `nextShorter` from `i`
/// finds it in a few jumps, without comparing a single string.
///
/// The first two levels of that trie, the widest, are also kept as a small table of every
/// distinct pair of leading scalars, so a walk can find and enumerate them without touching
/// the terms (a few thousand entries against hundreds of thousands of terms):
///
/// ```
/// terms      a    ab   abc  ac   b    ba
/// pairs      (a,-)(a,b)     (a,c)(b,-)(b,a)
/// starts     0    1         3    4    5
/// ```
struct SortedTerms: Sendable {
    let terms: TermStore
    /// Leading scalars shared by term `i` and term `i + 1` (0 for the last), capped at 255.
    let commonPrefix: [UInt8]
    /// The first index after `i` whose `commonPrefix` is smaller than `commonPrefix[i]`
    /// (`terms.count` if none).
    let nextShorter: [Int32]
    /// Every distinct pair of leading scalars, ascending: `first << 32 | (second + 1)`, or
    /// `first << 32` for a term of one scalar (see ``pairKey(_:_:)``).
    let pairKeys: [UInt64]
    /// The index of the first term of each pair.
    let pairStarts: [Int32]

    init(_ terms: [String]) {
        self.init(TermStore(terms))
    }

    /// Terms with their trie arrays as they were stored (see ``IndexSnapshot``), checked there.
    init(
        terms: TermStore, commonPrefix: [UInt8], nextShorter: [Int32], pairKeys: [UInt64],
        pairStarts: [Int32]
    ) {
        self.terms = terms
        self.commonPrefix = commonPrefix
        self.nextShorter = nextShorter
        self.pairKeys = pairKeys
        self.pairStarts = pairStarts
    }

    /// Shares `terms` (no copy).
    init(_ terms: TermStore) {
        self.terms = terms
        let (common, keys, starts) = Self.prefixesOfUTF8(terms) ?? Self.prefixesOfScalars(terms)
        pairKeys = keys
        pairStarts = starts
        var next = [Int32](repeating: Int32(terms.count), count: terms.count)
        var stack: [Int] = []
        for index in common.indices {
            while let top = stack.last, common[index] < common[top] {
                next[top] = Int32(index)
                stack.removeLast()
            }
            stack.append(index)
        }
        commonPrefix = common
        nextShorter = next
    }

    /// ``commonPrefix``, ``pairKeys`` and ``pairStarts`` of `terms` read off their UTF-8 in
    /// place, or nil if a term is not well-formed UTF-8 (then the scalars are taken from
    /// strings, repaired as `String` repairs them: ``prefixesOfScalars(_:)``). Terms sharing
    /// their first `k` scalars share the bytes of those scalars (UTF-8 is a prefix code), so
    /// the shared scalars are those wholly inside the shared bytes. A string and an array of
    /// scalars per term took 0.06 CPU s of the index build's tail at 100,000 articles
    /// (session 19).
    private static func prefixesOfUTF8(_ terms: TermStore)
        -> (common: [UInt8], keys: [UInt64], starts: [Int32])?
    {
        let block = terms.block
        var common = [UInt8](repeating: 0, count: terms.count)
        var keys: [UInt64] = []
        var starts: [Int32] = []
        let complete = block.bytes.withUnsafeBufferPointer { bytes in
            block.starts.withUnsafeBufferPointer { offsets in
                var previous = 0..<0
                for index in 0..<terms.count {
                    let current = Int(offsets[index])..<Int(offsets[index + 1])
                    guard let (first, second) = firstTwoScalars(bytes, current) else {
                        return false
                    }
                    var shared = 0
                    if index > 0 {
                        shared = sharedScalars(bytes, previous, current)
                        common[index - 1] = UInt8(clamping: shared)
                    }
                    if index == 0 || shared < 2, let first {
                        keys.append(pairKey(first, second))
                        starts.append(Int32(index))
                    }
                    previous = current
                }
                return true
            }
        }
        return complete ? (common, keys, starts) : nil
    }

    /// The first two scalars of the well-formed UTF-8 `bytes[range]` (nil each past its end),
    /// or nil if `bytes[range]` is not well-formed UTF-8.
    @inline(__always)
    private static func firstTwoScalars(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>)
        -> (UInt32?, UInt32?)?
    {
        var offset = range.lowerBound
        var first: UInt32?
        var second: UInt32?
        while offset < range.upperBound {
            guard let (scalar, length) = decode(bytes, offset, end: range.upperBound) else {
                return nil
            }
            if first == nil {
                first = scalar
            } else if second == nil {
                second = scalar
            }
            offset += length
        }
        return (first, second)
    }

    /// The scalar starting at `bytes[offset]` and its length in bytes, if well-formed UTF-8
    /// (``UTF8Scalars/validSequenceLength(_:_:_:)``) ends there before `end`.
    @inline(__always)
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int, end: Int)
        -> (UInt32, Int)?
    {
        let lead = bytes[offset]
        if lead < 0x80 { return (UInt32(lead), 1) }
        let length = UTF8Scalars.validSequenceLength(bytes.baseAddress!, offset, end)
        guard length > 0 else { return nil }
        var scalar = UInt32(lead) & (0x7F >> UInt32(length))
        for position in offset + 1..<offset + length {
            scalar = scalar << 6 | UInt32(bytes[position] & 0x3F)
        }
        return (scalar, length)
    }

    /// How many leading scalars the well-formed UTF-8 `bytes[a]` and `bytes[b]` share.
    @inline(__always)
    private static func sharedScalars(
        _ bytes: UnsafeBufferPointer<UInt8>, _ a: Range<Int>, _ b: Range<Int>
    ) -> Int {
        let common = min(a.count, b.count)
        var sharedBytes = 0
        while sharedBytes < common,
            bytes[a.lowerBound + sharedBytes] == bytes[b.lowerBound + sharedBytes]
        {
            sharedBytes += 1
        }
        // The scalars wholly inside the shared bytes: a lead byte starts each.
        var scalars = 0
        var offset = 0
        while offset < sharedBytes {
            let lead = bytes[a.lowerBound + offset]
            let length = UTF8Scalars.sequenceLength(lead)
            guard offset + length <= sharedBytes else { break }
            scalars += 1
            offset += length
        }
        return scalars
    }

    /// ``prefixesOfUTF8(_:)`` from each term's scalars as a `String` gives them.
    private static func prefixesOfScalars(_ terms: TermStore)
        -> (common: [UInt8], keys: [UInt64], starts: [Int32])
    {
        var common = [UInt8](repeating: 0, count: terms.count)
        var previous: [UInt32] = []
        var current: [UInt32] = []
        var keys: [UInt64] = []
        var starts: [Int32] = []
        for index in terms.indices {
            current.removeAll(keepingCapacity: true)
            for scalar in terms[index].unicodeScalars { current.append(scalar.value) }
            var shared = 0
            if index > 0 {
                while shared < previous.count, shared < current.count,
                    previous[shared] == current[shared]
                {
                    shared += 1
                }
                common[index - 1] = UInt8(clamping: shared)
            }
            if index == 0 || shared < 2, let first = current.first {
                keys.append(Self.pairKey(first, current.count > 1 ? current[1] : nil))
                starts.append(Int32(index))
            }
            swap(&previous, &current)
        }
        return (common, keys, starts)
    }

    /// The key of the pair of leading scalars `first`, `second` (nil for a one-scalar term).
    @inline(__always)
    static func pairKey(_ first: UInt32, _ second: UInt32?) -> UInt64 {
        UInt64(first) << 32 | (second.map { UInt64($0) + 1 } ?? 0)
    }

    /// The index of the first pair whose key is not below `key` (`pairKeys.count` if none).
    @inline(__always)
    func pair(atLeast key: UInt64) -> Int {
        var low = 0
        var high = pairKeys.count
        while low < high {
            let mid = (low + high) / 2
            if pairKeys[mid] < key { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The index of the pair whose run holds term `id`.
    @inline(__always)
    func pair(holding id: Int) -> Int {
        var low = 0
        var high = pairStarts.count
        while low < high {
            let mid = (low + high) / 2
            if Int(pairStarts[mid]) <= id { low = mid + 1 } else { high = mid }
        }
        return low - 1
    }

    /// The first term of pair `index` (`terms.count` past the last pair).
    @inline(__always)
    func pairStart(_ index: Int) -> Int {
        index < pairStarts.count ? Int(pairStarts[index]) : terms.count
    }

    /// The end of the run of terms that share the first `depth` scalars of term `first`,
    /// which must be the first term of that run.
    @inline(__always)
    func end(ofPrefix depth: Int, from first: Int) -> Int {
        var index = first
        while index < commonPrefix.count, Int(commonPrefix[index]) >= depth {
            index = Int(nextShorter[index])
        }
        return min(index + 1, terms.count)
    }
}
