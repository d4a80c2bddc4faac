extension CorpusLoader {
    /// Articles whose bodies train the corpus' ``BodyDictionary``, spread evenly over the
    /// listing so that every source and language in it is represented. On the synthetic
    /// corpus 1,000 gave the same ratio as 2,000 and 3,000 in half the training time (training
    /// runs on one core, while the others parse).
    static let dictionarySampleCount = 1_000
    /// Sample bodies are cut to this many bytes, so that a few huge
    /// files do not make up the sample.
    static let dictionarySampleBytes = 16 * 1024

    /// The positions of an even spread of up to ``dictionarySampleCount`` of `count` articles,
    /// whose bodies train the dictionary.
    static func dictionarySample(of count: Int) -> [Int] {
        let step = max(1, count / dictionarySampleCount)
        return Array(stride(from: 0, to: count, by: step).prefix(dictionarySampleCount))
    }
}
