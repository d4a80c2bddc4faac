/// Per-document numbers BM25 and the snippet builder need.
struct DocumentStats: Sendable {
    /// Tokens indexed (title and body), counting each position once.
    var length: UInt32
    /// Position of the body's first token; title tokens sit below it.
    var bodyFirstPosition: UInt32
    /// This document's checkpoints are `checkpoints[checkpointStart..<next document's]`.
    var checkpointStart: UInt32
}

/// A place to start re-tokenizing a body from without reading it from the beginning: a
/// word's position and byte offset. The word follows whitespace, so tokenizing from there
/// yields the same words and positions as tokenizing the whole text.
struct Checkpoint: Sendable {
    var position: UInt32
    var byteOffset: UInt32
}

/// Everything a built index holds besides the documents themselves.
struct IndexData: Sendable {
    var dictionary: TermDictionary
    var postings: [UInt8]
    var stats: [DocumentStats]
    var totalLength: UInt64
    var languages: Set<Language>
    /// Bytes of title and body text analysed.
    var textBytes: Int
    /// Body checkpoints of all documents, about every ``IndexBuilder/checkpointInterval``
    /// positions; ``DocumentStats/checkpointStart`` says where each document's begin.
    var checkpoints: [Checkpoint]
    /// Per term (in dictionary order), the original spellings indexed under it as their
    /// primary term, most frequent first.
    var surfaceForms: [[SurfaceForm]]
}

/// An original spelling of a term and how often the corpus uses it.
public struct SurfaceForm: Sendable, Hashable {
    /// The word as written, e.g. `Türkiye` or `Turkiye’s`.
    public var text: String
    /// Occurrences in the corpus.
    public var count: Int
}

/// Builds the positional index in one pass over the documents.
///
/// Each document's tokens are analysed (with a cache: news text repeats its words, so most
/// tokens skip folding and stemming), its (term, position) pairs sorted, and each term's
/// positions appended to that term's posting list. Finally terms are sorted by UTF-8 bytes and
/// their lists concatenated.
struct IndexBuilder {
    /// Positions left empty between title and body, so no phrase spans the two.
    static let fieldGap: UInt32 = 1
    /// Positions between body checkpoints (snippets re-tokenize at most this many extra words).
    static let checkpointInterval: UInt32 = 32

    private let analyzer: Analyzer

    init(options: AnalysisOptions) {
        analyzer = Analyzer(options: options)
    }

    private struct CacheKey: Hashable {
        var surface: String
        var baseLength: Int32
        var kind: WordToken.Kind
        var language: Language
    }

    func build(documents: [Document]) -> IndexData {
        var termIDs: [String: UInt32] = [:]
        var writers: [PostingListWriter] = []
        var masks: [UInt8] = []
        var cache: [CacheKey: (ids: [UInt32], count: Int)] = [:]
        var stats: [DocumentStats] = []
        stats.reserveCapacity(documents.count)
        var totalLength: UInt64 = 0
        var textBytes = 0
        var languages = Set<Language>()
        var pairs: [UInt64] = []
        var terms: [String] = []
        var checkpoints: [Checkpoint] = []

        func termID(_ term: String) -> UInt32 {
            if let id = termIDs[term] { return id }
            let id = UInt32(writers.count)
            termIDs[term] = id
            writers.append(PostingListWriter())
            masks.append(0)
            return id
        }

        for (number, document) in documents.enumerated() {
            languages.insert(document.lang)
            pairs.removeAll(keepingCapacity: true)
            var positionCount: UInt32 = 0
            let checkpointStart = UInt32(checkpoints.count)
            func index(_ text: String, from firstPosition: UInt32, isBody: Bool) -> UInt32 {
                var text = text
                textBytes += text.utf8.count
                return text.withUTF8 { bytes -> UInt32 in
                    let tokens = WordTokenizer.tokenize(
                        utf8: bytes, firstPosition: Int(firstPosition))
                    var next = firstPosition
                    var nextCheckpoint = firstPosition
                    for token in tokens {
                        if isBody, token.kind == .word, UInt32(token.position) >= nextCheckpoint,
                            token.start == 0 || Self.isSpace(bytes[token.start - 1])
                        {
                            checkpoints.append(
                                Checkpoint(
                                    position: UInt32(token.position),
                                    byteOffset: UInt32(token.start == 0 ? 0 : token.start)))
                            nextCheckpoint = UInt32(token.position) + Self.checkpointInterval
                        }
                        let key = CacheKey(
                            surface: String(
                                decoding: UnsafeBufferPointer(
                                    rebasing: bytes[token.start..<token.end]),
                                as: UTF8.self),
                            baseLength: Int32(token.baseEnd - token.start), kind: token.kind,
                            language: document.lang)
                        let ids: [UInt32]
                        if let slot = cache.index(forKey: key) {
                            ids = cache.values[slot].ids
                            cache.values[slot].count += 1
                        } else {
                            terms.removeAll(keepingCapacity: true)
                            analyzer.documentTerms(
                                token: token, in: bytes, language: document.lang, into: &terms)
                            ids = terms.map(termID)
                            cache[key] = (ids, 1)
                        }
                        let position = UInt32(token.position)
                        for id in ids { pairs.append(UInt64(id) << 32 | UInt64(position)) }
                        if token.kind == .word {
                            positionCount += 1
                            next = position + 1
                        }
                    }
                    return next
                }
            }
            var bodyFirst: UInt32 = 0
            if let title = document.title, !title.isEmpty {
                let titleEnd = index(title, from: 0, isBody: false)
                bodyFirst = titleEnd > 0 ? titleEnd + Self.fieldGap : 0
            }
            _ = index(document.text, from: bodyFirst, isBody: true)
            stats.append(
                DocumentStats(
                    length: positionCount, bodyFirstPosition: bodyFirst,
                    checkpointStart: checkpointStart))
            totalLength += UInt64(positionCount)

            pairs.sort()
            var start = 0
            var positions: [UInt32] = []
            while start < pairs.count {
                let id = UInt32(pairs[start] >> 32)
                positions.removeAll(keepingCapacity: true)
                var end = start
                while end < pairs.count, UInt32(pairs[end] >> 32) == id {
                    let position = UInt32(truncatingIfNeeded: pairs[end])
                    if positions.last != position { positions.append(position) }
                    end += 1
                }
                let titleCount = UInt32(positions.prefix { $0 < bodyFirst }.count)
                writers[Int(id)].append(
                    document: Int32(number), positions: positions[...], titleCount: titleCount)
                masks[Int(id)] |= document.lang.maskBit
                start = end
            }
        }

        // Original spellings per primary term (compound forms are not spellings anyone types).
        var spellings = [[String: Int]](repeating: [:], count: writers.count)
        for (key, value) in cache where key.kind == .word {
            guard let primary = value.ids.first else { continue }
            spellings[Int(primary)][key.surface, default: 0] += value.count
        }

        // Sort the vocabulary by UTF-8 bytes and lay the posting lists out in that order.
        var sorted = termIDs.map { (term: $0.key, id: $0.value) }
        sorted.sort { $0.term.utf8.lexicographicallyPrecedes($1.term.utf8) }
        var postings: [UInt8] = []
        postings.reserveCapacity(writers.reduce(0) { $0 + $1.bytes.count })
        var offsets: [Int] = [0]
        var documentFrequencies: [UInt32] = []
        var collectionFrequencies: [UInt32] = []
        var sortedMasks: [UInt8] = []
        var surfaceForms: [[SurfaceForm]] = []
        surfaceForms.reserveCapacity(sorted.count)
        for entry in sorted {
            let writer = writers[Int(entry.id)]
            postings.append(contentsOf: writer.bytes)
            offsets.append(postings.count)
            documentFrequencies.append(writer.documentCount)
            collectionFrequencies.append(writer.occurrenceCount)
            sortedMasks.append(masks[Int(entry.id)])
            surfaceForms.append(
                spellings[Int(entry.id)].map { SurfaceForm(text: $0.key, count: $0.value) }
                    .sorted { ($1.count, $0.text) < ($0.count, $1.text) })
        }
        let dictionary = TermDictionary(
            terms: sorted.map(\.term), documentFrequencies: documentFrequencies,
            collectionFrequencies: collectionFrequencies, languageMasks: sortedMasks,
            postingOffsets: offsets)
        return IndexData(
            dictionary: dictionary, postings: postings, stats: stats, totalLength: totalLength,
            languages: languages, textBytes: textBytes, checkpoints: checkpoints,
            surfaceForms: surfaceForms)
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
