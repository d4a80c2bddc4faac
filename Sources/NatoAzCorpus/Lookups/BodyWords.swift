/// Word tokens of a stretch of one document's body, found without tokenizing the whole body:
/// tokenizing starts at the checkpoint at or before the stretch (see ``Checkpoint``) and stops
/// soon after it, so locating a position costs about ``IndexBuilder/checkpointInterval`` words
/// whatever the article's length.
struct BodyWords {
    /// ``WordToken/Kind/word`` tokens only, so positions are consecutive; offsets are into the
    /// whole body (``Document/text``).
    private(set) var words: [WordToken] = []

    /// The word at an index position, if this stretch holds it.
    func word(at position: Int) -> WordToken? {
        guard let first = words.first else { return nil }
        let index = position - first.position
        return index >= 0 && index < words.count ? words[index] : nil
    }

    /// Whether the stretch holds every position of `range`.
    func covers(_ range: ClosedRange<Int>) -> Bool {
        guard let first = words.first, let last = words.last else { return false }
        return first.position <= range.lowerBound && range.upperBound <= last.position
    }

    init() {}

    /// The first and last words of position `range` in document `number`'s body. Re-reads
    /// the stretch when this one does not cover `range`, a little beyond it, since callers go
    /// through a document's positions in order and the next ones are often close by.
    mutating func span(
        of range: ClosedRange<Int>, index: SearchIndex, document number: Int,
        body: UnsafeBufferPointer<UInt8>
    ) -> (first: WordToken, last: WordToken)? {
        if !covers(range) {
            self = BodyWords(
                index: index, document: number, body: body,
                covering: range.lowerBound...(range.upperBound + 64))
        }
        guard let first = word(at: range.lowerBound), let last = word(at: range.upperBound)
        else { return nil }
        return (first, last)
    }

    /// The body words of document `number` of `index` from the checkpoint at or before
    /// `range.lowerBound` through `range.upperBound` (or the body's end; further when that
    /// checkpoint is far, see below). `body` must be that document's ``Document/text`` as
    /// UTF-8.
    init(
        index: SearchIndex, document number: Int, body: UnsafeBufferPointer<UInt8>,
        covering range: ClosedRange<Int>
    ) {
        let bodyFirst = UInt32(index.bodyFirstPosition(ofDocument: number))
        let start = UInt32(clamping: max(range.lowerBound, Int(bodyFirst)))
        let checkpoint =
            index.storage.checkpoint(document: number, atOrBefore: start)
            ?? Checkpoint(position: bodyFirst, byteOffset: 0)
        let base = Int(checkpoint.byteOffset)
        let stretch = UnsafeBufferPointer(rebasing: body[base...])
        // Checkpoints are set at words after an ASCII space: text whose words are joined
        // otherwise (no-break spaces, U+2028, CJK) has one per paragraph, and each stretch
        // of it was read from there (a collocation count over a 3.5 MB line ran for minutes,
        // session 14's QA). Read from a far checkpoint, a stretch goes on as far past its
        // start, so the caller's next stretches are covered: linear, not quadratic.
        let gap = Int(start) - Int(checkpoint.position)
        let upper =
            gap > 4 * Int(IndexBuilder.checkpointInterval)
            ? max(range.upperBound, Int(start) + gap) : range.upperBound
        // The tokenizer's limit counts runs of letters, and a word can join several runs
        // (`120,000`, `Bakü'yü`): ask again for more until the stretch is covered.
        var limit = max(1, upper - Int(checkpoint.position) + 2)
        while true {
            let tokens = WordTokenizer.tokenize(
                utf8: stretch, firstPosition: Int(checkpoint.position), maxWords: limit)
            words.removeAll(keepingCapacity: true)
            for var token in tokens where token.kind == .word {
                token.start += base
                token.end += base
                token.baseEnd += base
                words.append(token)
            }
            if (words.last?.position ?? -1) >= range.upperBound || limit >= stretch.count {
                return
            }
            limit = limit * 2
        }
    }
}
