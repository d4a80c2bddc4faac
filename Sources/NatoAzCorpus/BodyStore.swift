import Dispatch
import Synchronization

/// The bodies of a corpus loaded from its text: kept plain through the load and the index
/// build, then compressed (``compress(parallelism:)``) and swapped in whole.
///
/// Compressing every body (zstd level 3 with the corpus' ``BodyDictionary``) took about 2.9
/// CPU s of the 25 to `corpus loaded` at 100,000 articles, and the index build then expanded
/// every body again to read it. Kept plain, the index reads them as they are, and the daemon
/// compresses them after it serves, on a worker. Each document refers to its body by number
/// (``CompressedText``); a read takes the current table (one short lock and a retain), so it
/// sees the plain table or the compressed one, never a mix, and a table being read stays
/// alive until its readers are done.
///
/// ```
/// plain:       [[UInt8]]  one array per body, as the parser made it
/// compressed:  chunks of up to 1,024 bodies   | frame 0 | frame 1 | ... |   starts: [UInt32]
///              + the dictionary its frames need    (up to 2 GiB each: a few huge bodies)
/// ```
///
/// Each compressed body is exactly what `CompressedText(text, dictionary:)` stores (a frame,
/// or the plain UTF-8 when it does not shrink), so a snapshot written after the swap holds the
/// same bytes as before. The chunks are allocations of their exact size, above the mmap
/// threshold (see ``HeapAllocator``): the plain bodies' memory is returned when they go.
final class BodyStore: Sendable {
    /// Bodies per compressed chunk: about 1 MB of frames for news articles.
    static let chunkSize = 1_024
    /// Plain bytes per chunk at most (unless one body is larger), so that offsets in a chunk
    /// fit 32 bits: a stored body is never longer than its text.
    static let chunkBytes = 1 << 31

    private enum Table: Sendable {
        case plain([[UInt8]])
        case compressed([Chunk], dictionary: BodyDictionary?)
    }

    /// The frames (or plain UTF-8) of up to ``chunkSize`` bodies, one after the other.
    private struct Chunk: Sendable {
        /// The number of its first body.
        let first: Int
        let bytes: [UInt8]
        /// Where each body starts in `bytes`, and where the last one ends (count + 1).
        let starts: [UInt32]
    }

    private let table: Mutex<Table>
    /// The stored bytes of all bodies in `table` (set with it).
    private let storedTotal: Mutex<Int>
    /// The sample's bodies (by number, in the loader's order) that train the dictionary; nil
    /// once the bodies are compressed. Held while they are compressed, so a second caller
    /// waits for the first.
    private let pending: Mutex<[Int]?>

    /// A store without bodies until ``fill(plain:byteCount:sample:)``: the loader's workers
    /// point each document at its body's number while they parse, before the table is made.
    init() {
        table = Mutex(.plain([]))
        storedTotal = Mutex(0)
        pending = Mutex([])
    }

    /// The plain `bodies` (each valid UTF-8), `byteCount` bytes in all, to be compressed with
    /// a dictionary trained on the bodies numbered `sample` (see
    /// ``CorpusLoader/dictionarySample(of:)``). Called once, before any body is read.
    func fill(plain bodies: [[UInt8]], byteCount: Int, sample: [Int]) {
        table.withLock { $0 = .plain(bodies) }
        storedTotal.withLock { $0 = byteCount }
        pending.withLock { $0 = sample }
    }

    /// Whether the bodies are compressed (or were never plain).
    var isCompressed: Bool {
        table.withLock { table in
            if case .compressed = table { return true }
            return false
        }
    }

    /// Calls `body` with body `number`'s stored bytes (a zstd frame, or the plain UTF-8) and
    /// the dictionary a frame needs, from the table current at the call.
    func withStored<Result>(
        _ number: Int, _ body: (UnsafeBufferPointer<UInt8>, BodyDictionary?) -> Result
    ) -> Result {
        switch table.withLock({ $0 }) {
        case .plain(let bodies):
            return bodies[number].withUnsafeBufferPointer { body($0, nil) }
        case .compressed(let chunks, let dictionary):
            let chunk = chunks[Self.chunk(holding: number, in: chunks)]
            let local = number - chunk.first
            let start = Int(chunk.starts[local])
            let end = Int(chunk.starts[local + 1])
            return chunk.bytes.withUnsafeBufferPointer {
                body(UnsafeBufferPointer(rebasing: $0[start..<end]), dictionary)
            }
        }
    }

    /// The position in `chunks` of the one holding body `number`.
    private static func chunk(holding number: Int, in chunks: [Chunk]) -> Int {
        var low = 0
        var high = chunks.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if chunks[mid].first <= number { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// Bytes held by body `number` as stored now.
    func storedCount(_ number: Int) -> Int {
        withStored(number) { bytes, _ in bytes.count }
    }

    /// Bytes of all bodies as stored now (frames or plain text).
    var storedByteCount: Int { storedTotal.withLock { $0 } }

    /// Trains the dictionary and compresses every body on `parallelism` threads, then swaps
    /// the compressed table in. Blocking; does nothing if they are compressed already, and
    /// waits for a compression another thread is running.
    func compress(parallelism: Int) {
        pending.withLock { pending in
            guard let sample = pending else { return }
            guard case .plain(let bodies) = table.withLock({ $0 }) else { return }
            // The same samples, cut the same way, as the loader trained on while it parsed.
            let dictionary = BodyDictionary.train(
                on: sample.map {
                    String(
                        decoding: bodies[$0].prefix(CorpusLoader.dictionarySampleBytes),
                        as: UTF8.self)
                })
            let chunks = Self.compressChunks(
                Self.chunkRanges(bodies.map(\.count)), bodies: bodies, dictionary: dictionary,
                parallelism: parallelism)
            table.withLock { $0 = .compressed(chunks, dictionary: dictionary) }
            storedTotal.withLock { $0 = chunks.reduce(0) { $0 + $1.bytes.count } }
            pending = nil
        }
        CompressedText.releaseCompressionContexts()
    }

    /// Bodies of `sizes` bytes cut into chunks of up to `size` bodies and `bytes` bytes (or
    /// one body, if it is larger).
    static func chunkRanges(_ sizes: [Int], size: Int = chunkSize, bytes limit: Int = chunkBytes)
        -> [Range<Int>]
    {
        var ranges: [Range<Int>] = []
        var start = 0
        var bytes = 0
        for (number, count) in sizes.enumerated() {
            if number > start, number - start == size || bytes + count > limit {
                ranges.append(start..<number)
                start = number
                bytes = 0
            }
            bytes += count
        }
        if start < sizes.count { ranges.append(start..<sizes.count) }
        return ranges
    }

    private static func compressChunks(
        _ ranges: [Range<Int>], bodies: [[UInt8]], dictionary: BodyDictionary?, parallelism: Int
    ) -> [Chunk] {
        let count = ranges.count
        let slots = Mutex([Chunk?](repeating: nil, count: count))
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: max(1, min(parallelism, count))) { _ in
            var scratch: [UInt8] = []
            while true {
                let number = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard number < count else { return }
                let range = ranges[number]
                var starts: [UInt32] = []
                starts.reserveCapacity(range.count + 1)
                scratch.removeAll(keepingCapacity: true)
                for index in range {
                    starts.append(UInt32(scratch.count))
                    bodies[index].withUnsafeBufferPointer {
                        CompressedText.appendStored($0, dictionary: dictionary, to: &scratch)
                    }
                }
                starts.append(UInt32(scratch.count))
                // Copied out at its exact size (the scratch grew by doubling), which also
                // leaves the scratch's buffer to this thread for the next chunk.
                let bytes = [UInt8](unsafeUninitializedCapacity: scratch.count) {
                    _ = $0.initialize(from: scratch)
                    $1 = scratch.count
                }
                let chunk = Chunk(first: range.lowerBound, bytes: bytes, starts: starts)
                slots.withLock { $0[number] = chunk }
            }
        }
        return slots.withLock { $0.map { $0! } }
    }
}
