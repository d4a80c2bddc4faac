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
    /// equal to the given ones.
    static func pack(_ documents: [Document]) -> [Document] {
        // A body in the corpus' BodyStore stays there (see ``BodyStore``).
        let total = documents.reduce(0) {
            $0 + $1.packedByteCount(includingBody: !$1.bodyIsInStore)
        }
        guard total > 0 else { return documents }
        let bytes = [UInt8](unsafeUninitializedCapacity: total) { buffer, count in
            var offset = 0
            for document in documents {
                offset = document.writePacked(
                    into: buffer, at: offset, includingBody: !document.bodyIsInStore)
            }
            precondition(offset == total)
            count = offset
        }
        let block = PackedBytes(bytes)
        var offset = 0
        var packed: [Document] = []
        packed.reserveCapacity(documents.count)
        for document in documents {
            packed.append(document.packed(in: block, at: &offset))
        }
        return packed
    }
}
