import CZstd

/// The documents in a snapshot: five columns of per-document counts and flags, then the
/// documents' bytes as ``DocumentPacking`` lays them out, then the body dictionary.
///
/// ```
/// idCounts    [UInt32] x n   UTF-8 bytes of each id
/// fieldCounts [UInt32] x n   bytes of each DocumentFields
/// bodyCounts  [UInt32] x n   stored bytes of each body (zstd frame, or plain UTF-8)
/// textCounts  [UInt32] x n   each body's length expanded
/// flags       [UInt8]  x n   bit 0 date inferred, bit 1 body uses the dictionary,
///                            bits 2-4 language (index in Language.allCases)
/// block       [UInt8]        | id 0 | fields 0 | body 0 | id 1 | fields 1 | body 1 | ...
/// dictionary  [UInt8]        the BodyDictionary's bytes (empty: none)
/// ```
extension SnapshotOutput {
    func write(documents: [Document]) throws(SnapshotError) {
        var dictionary: BodyDictionary?
        for document in documents {
            guard let used = document.bodyDictionary else { continue }
            if dictionary == nil { dictionary = used }
            guard dictionary === used else {
                throw SnapshotError(
                    .system, path: "", "the documents use more than one body dictionary")
            }
        }
        let counts = documents.map(\.packedCounts)
        try write(array: counts.map { UInt32(clamping: $0.id) })
        try write(array: counts.map { UInt32(clamping: $0.fields) })
        try write(array: counts.map { UInt32(clamping: $0.body) })
        try write(array: counts.map { UInt32(clamping: $0.utf8) })
        let languages = Language.allCases
        try write(
            array: documents.map { document -> UInt8 in
                let language = UInt8(languages.firstIndex(of: document.lang) ?? 0)
                return (document.dateInferred ? 1 : 0)
                    | (document.bodyDictionary != nil ? 2 : 0) | language << 2
            })
        try write(UInt64(documents.reduce(0) { $0 + $1.packedByteCount() }))
        var scratch = [UInt8](repeating: 0, count: 64 * 1024)
        for document in documents {
            let size = document.packedByteCount()
            if scratch.count < size { scratch = [UInt8](repeating: 0, count: size) }
            scratch.withUnsafeMutableBufferPointer { buffer in
                _ = document.writePacked(into: buffer, at: 0)
            }
            try write(prefix: size, of: scratch)
        }
        try write(array: dictionary?.bytes ?? [])
    }
}

extension SnapshotInput {
    /// The documents, checked: counts that add up to the block, known languages, fields that
    /// read within their bytes, bodies whose zstd frames declare their expanded length (or
    /// plain UTF-8 of that length), ids in ascending order.
    func readDocuments() throws(SnapshotError) -> [Document] {
        let idCounts = try readArray(of: UInt32.self)
        let fieldCounts = try readArray(of: UInt32.self)
        let bodyCounts = try readArray(of: UInt32.self)
        let textCounts = try readArray(of: UInt32.self)
        let flags = try readBytes()
        let count = idCounts.count
        guard fieldCounts.count == count, bodyCounts.count == count, textCounts.count == count,
            flags.count == count
        else { throw damaged("the document columns differ in length") }
        let block = PackedBytes(try readBytes())
        let dictionaryBytes = try readBytes()
        let dictionary: BodyDictionary?
        if dictionaryBytes.isEmpty {
            dictionary = nil
        } else {
            guard let restored = BodyDictionary.restored(from: dictionaryBytes) else {
                throw damaged("zstd rejects the body dictionary")
            }
            dictionary = restored
        }
        let languages = Language.allCases
        var documents: [Document] = []
        documents.reserveCapacity(count)
        var offset = 0
        var previousID: String?
        var failure: SnapshotError?
        block.bytes.withUnsafeBufferPointer { bytes in
            do throws(SnapshotError) {
                for number in 0..<count {
                    let counts = (
                        id: Int(idCounts[number]), fields: Int(fieldCounts[number]),
                        body: Int(bodyCounts[number]), utf8: Int(textCounts[number])
                    )
                    guard counts.id + counts.fields + counts.body <= bytes.count - offset else {
                        throw damaged("document \(number) runs past the documents' bytes")
                    }
                    let language = Int(flags[number] >> 2)
                    guard flags[number] & 0xE0 == 0, language < languages.count else {
                        throw damaged("document \(number) has unknown flags")
                    }
                    let usesDictionary = flags[number] & 2 != 0
                    guard !usesDictionary || dictionary != nil else {
                        throw damaged("document \(number) needs a body dictionary there is not")
                    }
                    let fieldStart = offset + counts.id
                    let bodyStart = fieldStart + counts.fields
                    let fields = UnsafeBufferPointer(
                        rebasing: bytes[fieldStart..<fieldStart + counts.fields])
                    let body = UnsafeBufferPointer(
                        rebasing: bytes[bodyStart..<bodyStart + counts.body])
                    guard DocumentFields.isWellFormed(fields, textLength: counts.utf8),
                        Self.bodyIsWellFormed(body, textLength: counts.utf8)
                    else { throw damaged("document \(number)'s fields or body do not read back") }
                    let document = Document(
                        packedIn: block, at: &offset, counts: counts,
                        dictionary: usesDictionary ? dictionary : nil,
                        dateInferred: flags[number] & 1 != 0, lang: languages[language])
                    let id = document.id
                    if let previousID, !(previousID < id) {
                        throw damaged("document ids are not in ascending order at \(number)")
                    }
                    previousID = id
                    documents.append(document)
                }
            } catch { failure = error }
        }
        if let failure { throw failure }
        guard offset == block.bytes.count else {
            throw damaged("the documents' bytes hold more than the documents")
        }
        return documents
    }

    /// A frame (shorter than the text) must declare the text's length in its header; plain
    /// text must be valid UTF-8 of that length.
    private static func bodyIsWellFormed(_ body: UnsafeBufferPointer<UInt8>, textLength: Int)
        -> Bool
    {
        if body.count < textLength {
            let size = ZSTD_getFrameContentSize(body.baseAddress, body.count)
            return size == UInt64(textLength)
        }
        return body.count == textLength && String(validating: body, as: UTF8.self) != nil
    }
}
