import Dispatch
import Synchronization

/// Moves a corpus' per-document bytes (ids, packed fields, compressed bodies) into one block.
///
/// The parser makes each document's id, fields and body as small allocations on the loading
/// threads, among the load's scratch (file bytes, paragraph strings, compression buffers).
/// Once the scratch is freed, those 300,000 live allocations (at 100,000 articles) keep most
/// of the pages they sit on resident, and each carries 40-50 bytes of overhead. Copied into
/// one block of exactly their size, they free those pages for the index build, and the
/// documents' bytes cost their own length.
///
/// ```
/// block:  | id 0 | fields 0 | body 0 | id 1 | fields 1 | body 1 | ... |
///           each document's StoredID / DocumentFields / CompressedText point at their run
/// ```
enum DocumentPacking {
    /// `documents` with their bytes in one shared block, in the same order; the values are
    /// equal to the given ones. Each is changed in place and read by index: a copy of a
    /// document (a `for` loop's, or the array subscript's) would retain and release its id,
    /// fields and body, heap objects that at 100,000 documents are each a cache miss.
    ///
    /// The documents are packed in up to `parallelism` contiguous chunks of at least
    /// `minimumPerChunk`, each on its own thread: the loader packs them between the parse and
    /// the index build, when every other core waits (about 0.05 s at 100,000 articles on one
    /// core, most of it those cache misses and the frees of the strings replaced).
    static func pack(
        _ documents: consuming [Document], parallelism: Int = SystemInfo.onlineProcessors,
        minimumPerChunk: Int = 8_192
    ) -> [Document] {
        var documents = documents
        let chunkCount = max(1, min(parallelism, documents.count / max(1, minimumPerChunk)))
        let bounds = (0...chunkCount).map { documents.count * $0 / chunkCount }
        documents.withUnsafeMutableBufferPointer { buffer in
            let shared = SharedDocuments(buffer: buffer)
            // Each chunk's bytes, then where each chunk's bytes start in the block.
            let sizes = Mutex([Int](repeating: 0, count: chunkCount))
            inChunks(chunkCount) { chunk in
                var total = 0
                for index in bounds[chunk]..<bounds[chunk + 1] {
                    total += shared.buffer[index].packedByteCount(
                        includingBody: !shared.buffer[index].bodyIsInStore)
                }
                sizes.withLock { $0[chunk] = total }
            }
            var starts = [0]
            for size in sizes.withLock({ $0 }) { starts.append(starts[starts.count - 1] + size) }
            let chunkStarts = starts
            let total = chunkStarts[chunkCount]
            guard total > 0 else { return }
            let bytes = [UInt8](unsafeUninitializedCapacity: total) { block, count in
                let output = SharedBytes(buffer: block)
                inChunks(chunkCount) { chunk in
                    var offset = chunkStarts[chunk]
                    for index in bounds[chunk]..<bounds[chunk + 1] {
                        offset = shared.buffer[index].writePackedInPlace(
                            into: output.buffer, at: offset)
                    }
                    precondition(offset == chunkStarts[chunk + 1])
                }
                count = total
            }
            let block = PackedBytes(bytes)
            inChunks(chunkCount) { chunk in
                var offset = chunkStarts[chunk]
                for index in bounds[chunk]..<bounds[chunk + 1] {
                    shared.buffer[index].pack(in: block, at: &offset)
                }
            }
        }
        return documents
    }

    /// Runs `body` for each chunk, on as many threads (on this one for a single chunk).
    private static func inChunks(_ count: Int, _ body: @Sendable (Int) -> Void) {
        if count == 1 {
            body(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: count, execute: body)
        }
    }

    /// The documents being packed: each chunk's thread reads and changes only its own.
    private struct SharedDocuments: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<Document>
    }

    /// The block being written: each chunk's thread writes only its own bytes.
    private struct SharedBytes: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<UInt8>
    }
}
