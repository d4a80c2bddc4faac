import Testing

@testable import NatoAzBenchKit
@testable import NatoAzCorpus

/// The sharded, parallel index build must give the same index as a serial one, byte for byte,
/// and its posting lists must be exactly what ``PostingListWriter`` writes.
@Suite struct IndexBuilderTests {
    /// 240 documents remixed from the seeds' paragraphs (so all four scripts' words and the
    /// seeds' titles recur across shards), each with a few made-up words of its own (so the
    /// vocabulary outgrows the token cache's first table and every shard has terms the others
    /// lack) and compounds that give a term twice at one position.
    static let documents: [Document] = {
        var generator = SplitMix64(seed: 7)
        let seeds = SeedFixture.documents
        return (0..<240).map { number in
            let seed = seeds[Int(generator.next() % UInt64(seeds.count))]
            let paragraphs = seed.paragraphs
            var body: [String] = []
            for _ in 0..<(1 + Int(generator.next() % 4)) {
                body.append(paragraphs[Int(generator.next() % UInt64(paragraphs.count))])
            }
            let invented = (0..<12).map { _ in
                String(
                    (0..<(3 + Int(generator.next() % 6))).map { _ in
                        Character(Unicode.Scalar(UInt8(97 + generator.next() % 26)))
                    })
            }
            body.append(invented.joined(separator: " "))
            // Compounds whose joined form stems to their first part (in English): one term
            // twice at a position, which a posting keeps once.
            body.append("walk-s \(invented[0])-s talk-ing")
            return Document(
                id: "doc\(number)", title: number % 3 == 0 ? nil : seed.title, lang: seed.lang,
                paragraphs: body)
        }
    }()

    /// `shards` shards, merged in one part (`minimumTermsPerMergePart` above the vocabulary)
    /// or in `shards` parts cut by term range on as many threads.
    @Test(arguments: [(2, 1_000_000), (2, 1), (3, 1), (5, 1_000_000), (5, 1), (16, 1)])
    func shardedBuildEqualsSerialBuild(shards: Int, minimumTermsPerMergePart: Int) {
        let serial = IndexBuilder(options: AnalysisOptions(), parallelism: 1)
            .build(documents: Self.documents)
        let sharded = IndexBuilder(
            options: AnalysisOptions(), parallelism: shards, minimumDocumentsPerShard: 1,
            minimumTermsPerMergePart: minimumTermsPerMergePart
        ).build(documents: Self.documents)
        #expect(
            IndexBuilder.shardRanges(Self.documents, count: shards).count == shards,
            "the test must really split the corpus")
        #expect(sharded.postings == serial.postings)
        #expect(sharded.dictionary.terms == serial.dictionary.terms)
        #expect(sharded.dictionary.postingOffsets == serial.dictionary.postingOffsets)
        #expect(sharded.dictionary.documentFrequencies == serial.dictionary.documentFrequencies)
        #expect(
            sharded.dictionary.collectionFrequencies == serial.dictionary.collectionFrequencies)
        #expect(sharded.dictionary.languageMasks == serial.dictionary.languageMasks)
        #expect(sharded.surfaceForms == serial.surfaceForms)
        #expect(sharded.stats.map(\.length) == serial.stats.map(\.length))
        #expect(sharded.stats.map(\.bodyFirstPosition) == serial.stats.map(\.bodyFirstPosition))
        #expect(sharded.stats.map(\.checkpointStart) == serial.stats.map(\.checkpointStart))
        #expect(sharded.checkpoints.map(\.position) == serial.checkpoints.map(\.position))
        #expect(sharded.checkpoints.map(\.byteOffset) == serial.checkpoints.map(\.byteOffset))
        #expect(sharded.totalLength == serial.totalLength)
        #expect(sharded.textBytes == serial.textBytes)
        #expect(sharded.languages == serial.languages)
        #expect(Self.skipPoints(sharded.skips) == Self.skipPoints(serial.skips))
    }

    /// The skips the build reads off the merged lists in parts (on all cores) are the ones a
    /// single pass over the finished index reads.
    @Test(arguments: [1, 2, 5])
    func skipsBuiltInPartsAreTheSkipsOfTheIndex(parallelism: Int) {
        let built = IndexBuilder(
            options: AnalysisOptions(), parallelism: parallelism, minimumDocumentsPerShard: 1,
            minimumTermsPerMergePart: 1
        ).build(documents: Self.documents)
        let whole = PostingSkips(postings: built.postings, dictionary: built.dictionary)
        #expect(!whole.terms.isEmpty, "some list must be longer than a block")
        #expect(Self.skipPoints(built.skips) == Self.skipPoints(whole))
    }

    static func skipPoints(_ skips: PostingSkips) -> [[Int64]] {
        [
            skips.entries.map { Int64($0.previousDocument) << 32 | Int64($0.offset) },
            skips.terms.map(Int64.init), skips.starts.map(Int64.init),
        ]
    }

    /// A plain reference build: no cache, one ``PostingListWriter`` per term, terms sorted at
    /// the end. The builder must produce the same vocabulary and the same bytes.
    /// Every term's spellings are its words as written, counted over all shards and ordered
    /// by count, then by bytes, whatever the shards: documents of a few spellings of the same
    /// words (so spellings meet in one term, in one shard or in several, with equal and with
    /// different counts), built with 1 to 4 shards, against the counts made here.
    @Test(arguments: [1, 2, 3, 4])
    func spellingsAreCountedAndOrdered(shards: Int) {
        let words = [
            "NATO", "Nato", "nato", "NATO's", "Bakı", "BAKI", "bakı", "Baku", "Azərbaycan",
            "AZƏRBAYCAN", "Москва", "МОСКВА", "москва", "Turkey", "TURKEY", "turkey", "İstanbul",
        ]
        var generator = SplitMix64(seed: 23)
        let documents = (0..<64).map { number in
            let text = (0..<(1 + Int(generator.next() % 6))).map { _ in
                words[Int(generator.next() % UInt64(words.count))]
            }.joined(separator: " ")
            return Document(
                id: "doc\(number)", title: nil, lang: number % 2 == 0 ? .english : .azerbaijani,
                paragraphs: [text])
        }
        let built = IndexBuilder(
            options: AnalysisOptions(), parallelism: shards, minimumDocumentsPerShard: 1
        ).build(documents: documents)
        let analyzer = Analyzer(options: AnalysisOptions())
        var expected: [String: [String: Int]] = [:]
        for document in documents {
            var text = document.text
            text.withUTF8 { bytes in
                for token in WordTokenizer.tokenize(utf8: bytes) where token.kind == .word {
                    var terms: [String] = []
                    analyzer.documentTerms(
                        token: token, in: bytes, language: document.lang, into: &terms)
                    let surface = String(
                        decoding: UnsafeBufferPointer(rebasing: bytes[token.start..<token.end]),
                        as: UTF8.self)
                    expected[terms[0], default: [:]][surface, default: 0] += 1
                }
            }
        }
        #expect(expected.values.contains { $0.count > 1 }, "terms must have several spellings")
        for (term, spellings) in expected {
            let id = try! #require(built.dictionary.termID(term))
            let ordered = spellings.map { SurfaceForm(text: $0.key, count: $0.value) }.sorted {
                $0.count != $1.count
                    ? $0.count > $1.count : $0.text.utf8.lexicographicallyPrecedes($1.text.utf8)
            }
            #expect(Array(built.surfaceForms[id]) == ordered, "\(term)")
        }
    }

    @Test func postingsAreWhatPostingListWriterWrites() {
        let built = IndexBuilder(
            options: AnalysisOptions(), parallelism: 3, minimumDocumentsPerShard: 1
        ).build(documents: Self.documents)
        let analyzer = Analyzer(options: AnalysisOptions())
        var writers: [String: PostingListWriter] = [:]
        var spellings: [String: [String: Int]] = [:]
        for (number, document) in Self.documents.enumerated() {
            var positionsByTerm: [String: [UInt32]] = [:]
            var bodyFirst: UInt32 = 0
            func add(_ text: String, from first: UInt32) -> UInt32 {
                var text = text
                return text.withUTF8 { bytes in
                    var next = first
                    for token in WordTokenizer.tokenize(utf8: bytes, firstPosition: Int(first)) {
                        var terms: [String] = []
                        analyzer.documentTerms(
                            token: token, in: bytes, language: document.lang, into: &terms)
                        for term in terms {
                            positionsByTerm[term, default: []].append(UInt32(token.position))
                        }
                        if token.kind == .word {
                            let surface = String(
                                decoding: UnsafeBufferPointer(
                                    rebasing: bytes[token.start..<token.end]), as: UTF8.self)
                            spellings[terms[0], default: [:]][surface, default: 0] += 1
                            next = UInt32(token.position) + 1
                        }
                    }
                    return next
                }
            }
            if let title = document.title, !title.isEmpty {
                let end = add(title, from: 0)
                bodyFirst = end > 0 ? end + IndexBuilder.fieldGap : 0
            }
            _ = add(document.text, from: bodyFirst)
            for (term, positions) in positionsByTerm {
                var unique: [UInt32] = []
                for position in positions.sorted() where unique.last != position {
                    unique.append(position)
                }
                writers[term, default: PostingListWriter()].append(
                    document: Int32(number), positions: unique[...],
                    titleCount: UInt32(unique.filter { $0 < bodyFirst }.count))
            }
        }
        let terms = writers.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        #expect(Array(built.dictionary.terms) == terms)
        #expect(built.postings == terms.flatMap { writers[$0]!.bytes })
        #expect(built.dictionary.documentFrequencies == terms.map { writers[$0]!.documentCount })
        let nato = try! #require(built.dictionary.termID("nato"))
        #expect(
            Array(built.surfaceForms[nato])
                == spellings["nato"]!.map { SurfaceForm(text: $0.key, count: $0.value) }
                .sorted { ($1.count, $0.text) < ($0.count, $1.text) })
    }

    /// The parallel merge's parts cut every shard at the same terms: each shard's ranges are
    /// contiguous and cover its vocabulary, and every term of a part sorts below every term of
    /// the next, in any shard.
    @Test func mergeCutsSplitEveryShardAtTheSameTerms() {
        let shards = IndexBuilder.shardRanges(Self.documents, count: 3).map {
            IndexShard.build(Self.documents, range: $0, options: AnalysisOptions())
        }
        let cuts = IndexBuilder.mergeCuts(shards, parts: 4, minimumTerms: 1)
        #expect(cuts.count == 4)
        for (number, shard) in shards.enumerated() {
            #expect(cuts[0][number].lowerBound == 0)
            #expect(cuts[cuts.count - 1][number].upperBound == shard.terms.count)
            for part in 1..<cuts.count {
                #expect(cuts[part - 1][number].upperBound == cuts[part][number].lowerBound)
            }
        }
        for part in 1..<cuts.count {
            let lastBelow = shards.indices.compactMap { shard in
                cuts[part - 1][shard].last.map { shards[shard].terms[$0] }
            }
            let firstAbove = shards.indices.compactMap { shard in
                cuts[part][shard].first.map { shards[shard].terms[$0] }
            }
            #expect(!lastBelow.isEmpty && !firstAbove.isEmpty)
            for below in lastBelow {
                for above in firstAbove { #expect(IndexBuilder.compareUTF8(below, above) < 0) }
            }
        }
        // Fewer terms than parts ask for: fewer parts, never an empty cut of everything.
        #expect(IndexBuilder.mergeCuts(shards, parts: 4, minimumTerms: 1_000_000).count == 1)
    }

    @Test func shardsAreContiguousAndCoverEveryDocument() {
        for count in [1, 2, 7, 240, 500] {
            let ranges = IndexBuilder.shardRanges(Self.documents, count: count)
            #expect(ranges.first?.lowerBound == 0)
            #expect(ranges.last?.upperBound == Self.documents.count)
            #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
            #expect(ranges.allSatisfy { !$0.isEmpty })
            // Cut by text size, so uneven documents may give fewer shards than asked, never more.
            #expect(ranges.count <= min(count, Self.documents.count))
        }
        #expect(IndexBuilder.shardRanges([], count: 4) == [0..<0])
    }

    @Test func emptyCorpusBuildsAnEmptyIndex() {
        let built = IndexBuilder(options: AnalysisOptions(), parallelism: 4).build(documents: [])
        #expect(built.postings.isEmpty)
        #expect(built.dictionary.count == 0)
        #expect(built.stats.isEmpty)
    }
}
