#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The merge's last step: the spellings' pieces (one per range of terms, see
/// ``IndexBuilder/orderSpellings(_:_:_:terms:)``) joined into one ``SurfaceFormTable``.
extension IndexBuilder {
    /// The pieces of consecutive term ranges, in order, as one table: each piece's bytes and
    /// starts copied (the starts rebased) to their place in the table's arrays, the pieces
    /// taken in turn on `parallelism` cores, with `beside(0)` to `beside(besideTasks - 1)` as
    /// more tasks among them.
    ///
    /// Joined on one thread, the copies were the last 0.016 s of the index build at 100,000
    /// articles with the other core idle (session 19).
    static func joinSpellings(
        _ all: [SpellingPiece], parallelism: Int, besideTasks: Int = 0,
        beside: @Sendable (Int) -> Void = { _ in }
    ) -> SurfaceFormTable {
        var byteBases = [0]
        var formBases = [0]
        var termBases = [0]
        for piece in all {
            byteBases.append(byteBases[byteBases.count - 1] + piece.bytes.count)
            formBases.append(formBases[formBases.count - 1] + piece.formStarts.count)
            termBases.append(termBases[termBases.count - 1] + piece.termStarts.count)
        }
        let byteCount = byteBases[all.count]
        let formCount = formBases[all.count]
        let termCount = termBases[all.count]
        precondition(byteCount <= UInt32.max, "spellings over 4 GiB")
        let bases = (bytes: byteBases, forms: formBases, terms: termBases)
        var formStarts: [UInt32] = []
        var termStarts: [UInt32] = []
        let bytes = [UInt8](unsafeUninitializedCapacity: byteCount) { bytes, bytesMade in
            formStarts = [UInt32](unsafeUninitializedCapacity: formCount + 1) { forms, formsMade in
                termStarts = [UInt32](unsafeUninitializedCapacity: termCount + 1) {
                    terms, termsMade in
                    let output = JoinedSpellings(bytes: bytes, forms: forms, terms: terms)
                    perform(besideTasks + all.count, parallelism: parallelism) { task in
                        guard task >= besideTasks else { return beside(task) }
                        let part = task - besideTasks
                        output.write(
                            all[part], byteBase: bases.bytes[part], formBase: bases.forms[part],
                            termBase: bases.terms[part])
                    }
                    terms[termCount] = UInt32(formCount)
                    termsMade = termCount + 1
                }
                forms[formCount] = UInt32(byteCount)
                formsMade = formCount + 1
            }
            bytesMade = byteCount
        }
        return SurfaceFormTable(bytes: bytes, formStarts: formStarts, starts: termStarts)
    }

    /// The table's arrays being written, shared by the tasks that write their disjoint parts.
    private struct JoinedSpellings: @unchecked Sendable {
        let bytes: UnsafeMutableBufferPointer<UInt8>
        let forms: UnsafeMutableBufferPointer<UInt32>
        let terms: UnsafeMutableBufferPointer<UInt32>

        /// Writes `piece` at its place: its bytes from `byteBase`, its spellings' starts
        /// (counted from its first byte) from `formBase`, its terms' starts (counted from its
        /// first spelling) from `termBase`.
        func write(_ piece: SpellingPiece, byteBase: Int, formBase: Int, termBase: Int) {
            piece.bytes.withUnsafeBufferPointer { source in
                guard let from = source.baseAddress, let to = bytes.baseAddress else { return }
                memcpy(to + byteBase, from, source.count)
            }
            let byteOffset = UInt32(byteBase)
            for (number, start) in piece.formStarts.enumerated() {
                forms[formBase + number] = start + byteOffset
            }
            let formOffset = UInt32(formBase)
            for (number, start) in piece.termStarts.enumerated() {
                terms[termBase + number] = start + formOffset
            }
        }
    }
}
