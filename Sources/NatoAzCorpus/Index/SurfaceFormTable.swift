/// Every term's original spellings in one block of UTF-8 bytes with their counts, so a
/// vocabulary of a million spellings costs five allocations rather than a `String` (16 bytes,
/// plus a heap object when longer than 15 bytes) and an `Int` for each.
///
/// ```
/// texts   T ü r k i y e T u r k i y e ' s N A T O ...   one UTF8Block, spellings in order
/// counts  812           40                9310    ...   one UInt32 per spelling
/// starts  0                               2       ...   term i: spellings starts[i]..<starts[i+1]
/// ```
struct SurfaceFormTable: Sendable, Equatable {
    private let texts: UTF8Block
    private let counts: [UInt32]
    /// Term `i`'s spellings are numbers `starts[i]..<starts[i + 1]`.
    private let starts: [UInt32]

    /// `forms` grouped by term in term order; `starts` has one more element than there are
    /// terms. A count above `UInt32.max` is kept as `UInt32.max`: positions are 32-bit, so no
    /// corpus the index can hold has more occurrences of one spelling.
    init(forms: [SurfaceForm], starts: [UInt32]) {
        texts = UTF8Block(forms.lazy.map(\.text))
        counts = forms.map { UInt32(clamping: $0.count) }
        self.starts = starts
    }

    /// The spellings of term `id`, most frequent first (read in place, made on access).
    subscript(id: Int) -> Spellings {
        Spellings(table: self, range: Int(starts[id])..<Int(starts[id + 1]))
    }

    /// Spelling `number` of all terms' (a position of some term's ``Spellings``).
    func text(ofForm number: Int) -> String { texts[number] }

    /// How many spellings all terms have together.
    var formCount: Int { counts.count }

    /// Bytes held (see ``MemoryFootprint``).
    var heapBytes: Int {
        texts.heapBytes + MemoryFootprint.array(counts) + MemoryFootprint.array(starts)
    }

    /// One term's spellings: a view of the table, each ``SurfaceForm`` made when read.
    struct Spellings: RandomAccessCollection, Sendable {
        let table: SurfaceFormTable
        let range: Range<Int>

        var startIndex: Int { range.lowerBound }
        var endIndex: Int { range.upperBound }

        subscript(position: Int) -> SurfaceForm {
            SurfaceForm(text: table.texts[position], count: Int(table.counts[position]))
        }
    }
}

/// An original spelling of a term and how often the corpus uses it.
public struct SurfaceForm: Sendable, Hashable {
    /// The word as written, e.g. `Türkiye` or `Turkiye’s`.
    public var text: String
    /// Occurrences in the corpus.
    public var count: Int
}
