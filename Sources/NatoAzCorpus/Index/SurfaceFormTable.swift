/// Every term's original spellings in one block of bytes, each with its count, so a
/// vocabulary of a million spellings costs three allocations rather than a `String` (16 bytes,
/// plus a heap object when longer than 15 bytes) and an `Int` for each. The count is a varint
/// in front of its spelling's UTF-8: most spellings occur a few times, so one byte rather than
/// a `UInt32` of its own (about 3 MB less at 100,000 articles).
///
/// ```
/// bytes       [812]T ü r k i y e [40]T u r k i y e ' s [9310]N A T O ...   varint count, UTF-8
/// formStarts  0                  10                    20         ...   spelling i: bytes
///                                                                       formStarts[i]..<[i+1]
/// starts      0                                        2          ...   term i: spellings
///                                                                       starts[i]..<starts[i+1]
/// ```
struct SurfaceFormTable: Sendable, Equatable {
    let bytes: [UInt8]
    /// Spelling `i` (its count, then its text) is `bytes[formStarts[i]..<formStarts[i + 1]]`.
    let formStarts: [UInt32]
    /// Term `i`'s spellings are numbers `starts[i]..<starts[i + 1]`.
    let starts: [UInt32]

    /// A table made of its parts as they were stored (see ``IndexSnapshot``), checked there.
    init(bytes: [UInt8], formStarts: [UInt32], starts: [UInt32]) {
        self.bytes = bytes
        self.formStarts = formStarts
        self.starts = starts
    }

    /// `forms` grouped by term in term order; `starts` has one more element than there are
    /// terms. A count above `UInt32.max` is kept as `UInt32.max`: positions are 32-bit, so no
    /// corpus the index can hold has more occurrences of one spelling.
    init(forms: [SurfaceForm], starts: [UInt32]) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(forms.reduce(0) { $0 + $1.text.utf8.count + 5 })
        var formStarts: [UInt32] = []
        formStarts.reserveCapacity(forms.count + 1)
        for form in forms {
            formStarts.append(UInt32(bytes.count))
            VarInt.append(UInt32(clamping: form.count), to: &bytes)
            bytes.append(contentsOf: form.text.utf8)
            precondition(bytes.count <= UInt32.max, "spellings over 4 GiB")
        }
        formStarts.append(UInt32(bytes.count))
        // Copied at its exact size: the reservation allows five bytes per count.
        self.bytes = bytes.withUnsafeBufferPointer { Array($0) }
        self.formStarts = formStarts
        self.starts = starts
    }

    /// The spellings of term `id`, most frequent first (read in place, made on access).
    subscript(id: Int) -> Spellings {
        Spellings(table: self, range: Int(starts[id])..<Int(starts[id + 1]))
    }

    /// Spelling `number` of all terms' (a position of some term's ``Spellings``).
    func text(ofForm number: Int) -> String { form(number).text }

    /// Spelling `number` with its count.
    func form(_ number: Int) -> SurfaceForm {
        bytes.withUnsafeBufferPointer { bytes in
            var offset = Int(formStarts[number])
            let count = VarInt.read(bytes, &offset)
            let text = UnsafeBufferPointer(rebasing: bytes[offset..<Int(formStarts[number + 1])])
            return SurfaceForm(text: String(decoding: text, as: UTF8.self), count: Int(count))
        }
    }

    /// How many spellings all terms have together.
    var formCount: Int { formStarts.count - 1 }

    /// Bytes held (see ``MemoryFootprint``).
    var heapBytes: Int {
        MemoryFootprint.array(bytes) + MemoryFootprint.array(formStarts)
            + MemoryFootprint.array(starts)
    }

    /// One term's spellings: a view of the table, each ``SurfaceForm`` made when read.
    struct Spellings: RandomAccessCollection, Sendable {
        let table: SurfaceFormTable
        let range: Range<Int>

        var startIndex: Int { range.lowerBound }
        var endIndex: Int { range.upperBound }

        subscript(position: Int) -> SurfaceForm { table.form(position) }
    }
}

/// An original spelling of a term and how often the corpus uses it.
public struct SurfaceForm: Sendable, Hashable {
    /// The word as written, e.g. `Türkiye` or `Turkiye’s`.
    public var text: String
    /// Occurrences in the corpus.
    public var count: Int
}
