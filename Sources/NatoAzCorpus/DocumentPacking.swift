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
    static func pack(_ documents: consuming [Document]) -> [Document] {
        var documents = documents
        let bytes = documents.withUnsafeBufferPointer { documents -> [UInt8]? in
            // A body in the corpus' BodyStore stays there (see ``BodyStore``).
            var total = 0
            for index in documents.indices {
                total += documents[index].packedByteCount(
                    includingBody: !documents[index].bodyIsInStore)
            }
            guard total > 0 else { return nil }
            return [UInt8](unsafeUninitializedCapacity: total) { buffer, count in
                var offset = 0
                for index in documents.indices {
                    offset = documents[index].writePacked(
                        into: buffer, at: offset, includingBody: !documents[index].bodyIsInStore)
                }
                precondition(offset == total)
                count = offset
            }
        }
        guard let bytes else { return documents }
        let block = PackedBytes(bytes)
        var offset = 0
        for index in documents.indices {
            documents[index].pack(in: block, at: &offset)
        }
        return documents
    }
}
