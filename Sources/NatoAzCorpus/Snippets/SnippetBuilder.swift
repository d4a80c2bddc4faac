/// Picks the best passage of a document for a hit and finds its highlights.
///
/// The passage is the window of about ``SearchOptions/snippetLength`` characters that covers
/// the most distinct query parts (then the most matches), starting a little before its first
/// match, and always cut at word boundaries. Positions map back to the original text by
/// re-tokenizing it from the nearest checkpoint (see ``Checkpoint``), which is deterministic
/// and far cheaper than storing offsets per token.
enum SnippetBuilder {
    /// A matched position and which query part (word or phrase) it belongs to.
    struct Match {
        var position: UInt32
        var part: Int
    }

    struct Snippet {
        var text: String
        var start: Int
        var highlights: [Highlight]
    }

    private struct Word {
        var start: Int
        var end: Int
        var characterStart: Int
        var characterEnd: Int
        var part: Int?
    }

    /// Builds the snippet from the words of `text` in `byteRange` (which must start at a
    /// checkpoint, see ``Checkpoint``, and end at whitespace or the text's end), whose first
    /// word has position `firstPosition`. Offsets in the result are relative to the whole text.
    static func snippet(
        text: String, byteRange: Range<Int>? = nil, firstPosition: UInt32, matches: [Match],
        length: Int, maxWords: Int = .max
    ) -> Snippet {
        var text = text
        return text.withUTF8 { whole -> Snippet in
            let range = byteRange ?? 0..<whole.count
            let bytes = UnsafeBufferPointer(rebasing: whole[range])
            let base = range.lowerBound
            let rangeReachesEnd = range.upperBound == whole.count
            let words = self.words(
                bytes, firstPosition: firstPosition, matches: matches, maxWords: maxWords)
            guard !words.isEmpty else { return Snippet(text: "", start: 0, highlights: []) }
            var reachesEnd = rangeReachesEnd && words.count < maxWords
            if reachesEnd, maxWords != .max, let lastWord = words.last {
                // The tokenizer's limit counts runs of letters, and a word can join several
                // (`120,000`, `Bakü'yü`): fewer words than asked for is not the text's end.
                // Taken for it, a snippet ran on to the end of the document (session 14's QA:
                // 668 characters of a 200-character snippet at 10k articles).
                let rest = UnsafeBufferPointer(rebasing: bytes[lastWord.end...])
                reachesEnd = !WordTokenizer.tokenize(utf8: rest, maxWords: 1).contains {
                    $0.kind == .word
                }
            }
            let lead = length / 5
            // Choose the anchor: the matched word that starts the best window.
            let matched = words.indices.filter { words[$0].part != nil }
            let best = MatchWindow.bestStart(
                count: matched.count, part: { words[matched[$0]].part! },
                fits: { start, end in
                    words[matched[end]].characterEnd
                        <= words[matched[start]].characterStart + length - lead
                })
            let anchor = best.map { matched[$0] } ?? 0
            // Step back for some context, staying on word starts.
            var first = anchor
            while first > 0, words[anchor].characterStart - words[first - 1].characterStart <= lead
            {
                first -= 1
            }
            if matched.isEmpty { first = 0 }
            let startCharacter = words[first].characterStart
            var last = first
            while last + 1 < words.count,
                words[last + 1].characterEnd - startCharacter <= length
            {
                last += 1
            }
            let startByte = first == 0 && base == 0 ? 0 : words[first].start
            let wordsEnd =
                last == words.count - 1 && reachesEnd ? trimmedEnd(bytes) : words[last].end
            // A word (or a tail of punctuation) that makes the snippet more than twice its
            // length is cut there: session 14's QA found a hit whose snippet was a
            // 5,000,000-digit number, whole (a response over the frame limit).
            let endByte = cut(bytes, from: startByte, to: wordsEnd, scalars: 2 * length)
            var snippetBytes = Array(bytes[startByte..<max(startByte, endByte)])
            for index in snippetBytes.indices where snippetBytes[index] < 0x20 {
                snippetBytes[index] = 0x20  // line breaks and tabs show as spaces; same length
            }
            let highlights = Highlight.joiningTouching(
                words[first...last].compactMap { word -> Highlight? in
                    guard word.part != nil, word.start < endByte else { return nil }
                    return Highlight(
                        start: word.start - startByte, end: min(word.end, endByte) - startByte)
                })
            return Snippet(
                text: String(decoding: snippetBytes, as: UTF8.self), start: base + startByte,
                highlights: highlights)
        }
    }

    /// Chooses which positions a snippet should show, from positions alone: the matched
    /// position that starts the window of `window` positions with the most distinct parts
    /// (then the most matches). Returns nil when nothing matched.
    static func anchor(matches: [Match], window: UInt32) -> UInt32? {
        let sorted = matches.sorted { $0.position < $1.position }
        let best = MatchWindow.bestStart(
            count: sorted.count, part: { sorted[$0].part },
            fits: { start, end in sorted[end].position < sorted[start].position + window })
        return best.map { sorted[$0].position }
    }

    /// Highlights of matched positions in a short field (the title), no cutting.
    static func highlights(text: String, firstPosition: UInt32, matches: [Match]) -> [Highlight] {
        var text = text
        return text.withUTF8 { bytes in
            Highlight.joiningTouching(
                words(bytes, firstPosition: firstPosition, matches: matches).compactMap { word in
                    word.part == nil ? nil : Highlight(start: word.start, end: word.end)
                })
        }
    }

    private static func words(
        _ bytes: UnsafeBufferPointer<UInt8>, firstPosition: UInt32, matches: [Match],
        maxWords: Int = .max
    ) -> [Word] {
        // Only the matches among the words tokenized here: a document may hold far more.
        var parts: [UInt32: Int] = [:]
        for match in matches
        where match.position >= firstPosition && Int(match.position - firstPosition) < maxWords
            && parts[match.position] == nil
        {
            parts[match.position] = match.part
        }
        var words: [Word] = []
        var characters = 0
        var counted = 0
        let tokens = WordTokenizer.tokenize(
            utf8: bytes, firstPosition: Int(firstPosition), maxWords: maxWords)
        for token in tokens where token.kind == .word {
            characters += scalarCount(bytes, counted, token.start)
            let start = characters
            characters += scalarCount(bytes, token.start, token.end)
            counted = token.end
            words.append(
                Word(
                    start: token.start, end: token.end, characterStart: start,
                    characterEnd: characters, part: parts[UInt32(token.position)]))
        }
        return words
    }

    private static func scalarCount(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int)
        -> Int
    {
        var count = 0
        for index in from..<to where bytes[index] & 0xC0 != 0x80 { count += 1 }
        return count
    }

    /// `end`, or where the text from `start` reaches `scalars` scalars if that comes first
    /// (on a scalar boundary).
    private static func cut(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, scalars: Int
    ) -> Int {
        var count = 0
        var index = start
        while index < end {
            if bytes[index] & 0xC0 != 0x80 {
                if count == scalars { return index }
                count += 1
            }
            index += 1
        }
        return end
    }

    private static func trimmedEnd(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var end = bytes.count
        while end > 0,
            bytes[end - 1] == 0x20 || bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D
                || bytes[end - 1] == 0x09
        {
            end -= 1
        }
        return end
    }
}
