/// A growing run of bytes written through a pointer, in chunks (4 MiB by default): the shard
/// builder's log of encoded posting entries.
///
/// The entries' varints appended one byte at a time to an `Array` paid a capacity and
/// uniqueness check per byte; one doubling array then copied every byte again at each doubling
/// and held the old and the new copy at once (at 100k articles a shard's log is about 80 MB).
/// Chunks are never copied, and ``drain(_:)`` frees each once it is read, so the log and the
/// posting lists built from it are not both whole at once. A write never straddles two chunks:
/// a reader parses each chunk on its own.
///
/// Chunks are on small pages, not advised for huge ones: the log is written and read front to
/// back (no TLB misses to spare), and every byte of it is fresh memory. In this project's VM
/// (session 18), fresh memory on huge pages is first written at 0.36-0.52 GB/s and on small
/// pages at 1.0-1.1 GB/s (/tmp/l18/z/t.c, 200 MB after 4 s idle): the guest reports its free
/// blocks of 2 MiB and more to the host (`page_reporting_order` 9), which takes their backing
/// away, and a huge page is such a block, where small pages come first from the smaller free
/// fragments, which the host still backs. (Session 14 found the opposite, 4x in favour of
/// huge pages, on this VM as it was then.)
struct ByteLog: ~Copyable {
    private let chunkBytes: Int
    /// Filled chunks, each with the number of its bytes written.
    private var chunks: [(bytes: UnsafeMutableRawPointer, count: Int)] = []
    /// The chunk being written: `current[..<used]` is written, `current[used..<size]` is not
    /// initialised.
    private var current: UnsafeMutableRawPointer?
    private var size = 0
    private var used = 0

    init(chunkBytes: Int = 4 << 20) {
        self.chunkBytes = max(1, chunkBytes)
    }

    deinit {
        for chunk in chunks { chunk.bytes.deallocate() }
        current?.deallocate()
    }

    /// Runs `body` on room for exactly `count` more bytes, which it must all write.
    @inline(__always)
    mutating func write(count bytes: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Void) {
        if used + bytes > size { startChunk(fitting: bytes) }
        let start = used
        body(current!.assumingMemoryBound(to: UInt8.self) + start)
        used = start + bytes
    }

    /// Files the current chunk and starts one with room for at least `bytes`.
    private mutating func startChunk(fitting bytes: Int) {
        if let current {
            if used > 0 { chunks.append((current, used)) } else { current.deallocate() }
        }
        size = max(chunkBytes, bytes)
        // Not zero-filled: every byte is written before it is read (`write`'s contract).
        let chunk = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        chunk.bindMemory(to: UInt8.self, capacity: size)
        current = chunk
        used = 0
    }

    /// Runs `body` on the bytes written, chunk by chunk in order, freeing each chunk after its
    /// call and leaving the log empty.
    mutating func drain(_ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        if let current {
            if used > 0 { chunks.append((current, used)) } else { current.deallocate() }
        }
        current = nil
        size = 0
        used = 0
        let filled = chunks
        chunks = []
        for chunk in filled {
            body(
                UnsafeBufferPointer(
                    start: chunk.bytes.assumingMemoryBound(to: UInt8.self), count: chunk.count))
            chunk.bytes.deallocate()
        }
    }
}

extension ByteLog {
    /// Copies `count` bytes from `source` to `target` (which do not overlap), as the shard
    /// build copies each entry of the log to its list: an entry is mostly a few bytes (a
    /// document delta and a position or two), which a `memmove` call costs more to copy than
    /// two loads and two stores, overlapping within the range, of 8, 4 or 2 bytes do.
    @inline(__always)
    static func copy(
        _ source: UnsafeRawPointer, to target: UnsafeMutableRawPointer, count: Int
    ) {
        if count > 16 {
            target.copyMemory(from: source, byteCount: count)
        } else if count >= 8 {
            let head = source.loadUnaligned(as: UInt64.self)
            let tail = source.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            target.storeBytes(of: head, as: UInt64.self)
            target.storeBytes(of: tail, toByteOffset: count - 8, as: UInt64.self)
        } else if count >= 4 {
            let head = source.loadUnaligned(as: UInt32.self)
            let tail = source.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
            target.storeBytes(of: head, as: UInt32.self)
            target.storeBytes(of: tail, toByteOffset: count - 4, as: UInt32.self)
        } else if count > 0 {
            target.storeBytes(of: source.load(as: UInt8.self), as: UInt8.self)
            if count > 1 {
                let tail = source.loadUnaligned(fromByteOffset: count - 2, as: UInt16.self)
                target.storeBytes(of: tail, toByteOffset: count - 2, as: UInt16.self)
            }
        }
    }
}
