import NatoAzBenchKit
import NatoAzCorpus

/// A deterministic synthetic corpus grown from real articles: each document is stitched from
/// runs of 10-30 consecutive words of a real article in one language (so phrases and word
/// statistics stay natural), with 5% of the words swapped for pseudo-words from a large,
/// Zipf-distributed pool (so the vocabulary grows as a real corpus' does).
struct SyntheticCorpus {
    private var random: SplitMix64

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    mutating func documents(count: Int, from sources: [Document]) -> [Document] {
        let streams = sources.map { document -> (Language, [String]) in
            (document.lang, document.text.split(whereSeparator: \.isWhitespace).map(String.init))
        }.filter { $0.1.count >= 40 }
        guard !streams.isEmpty else { return [] }
        let pool = (0..<200_000).map { pseudoWord($0) }
        let agencies = ["AZERTAC", "Trend", "APA", "Report", "Day.az"]
        var documents: [Document] = []
        documents.reserveCapacity(count)
        for number in 0..<count {
            let (language, words) = streams[Int(next() % UInt64(streams.count))]
            func run(_ length: Int) -> String {
                let start = Int(next() % UInt64(words.count - length))
                return words[start..<(start + length)].map { word in
                    if next() % 20 == 0 {
                        // Zipf-like: low pool indices are far more frequent.
                        let u = Double(next() % 1_000_000) / 1_000_000
                        return pool[Int(u * u * u * Double(pool.count - 1))]
                    }
                    return word
                }.joined(separator: " ")
            }
            let paragraphs = (0..<6).map { _ in
                (0..<3).map { _ in run(10 + Int(next() % 21)) }.joined(separator: " ")
            }
            let date = PartialDate(
                year: 2015 + Int(next() % 11), month: 1 + Int(next() % 12),
                day: 1 + Int(next() % 28))
            documents.append(
                Document(
                    id: String(number + 1_000_000).dropFirst() + "_synthetic",
                    title: run(8), date: date, lang: language,
                    source: agencies[Int(next() % UInt64(agencies.count))],
                    paragraphs: paragraphs))
        }
        return documents
    }

    private mutating func next() -> UInt64 { random.next() }

    private func pseudoWord(_ number: Int) -> String {
        let syllables = [
            "ka", "lo", "mi", "ter", "van", "su", "rep", "dor", "zi", "nek", "bal", "qu",
        ]
        var value = number
        var word = ""
        repeat {
            word += syllables[value % syllables.count]
            value /= syllables.count
        } while value > 0
        return word + "x"
    }
}
