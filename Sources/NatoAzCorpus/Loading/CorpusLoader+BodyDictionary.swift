extension CorpusLoader {
    /// Articles whose bodies train the corpus' ``BodyDictionary``, spread evenly over the
    /// listing so that every source and language in it is represented.
    static let dictionarySampleCount = 2_000
    /// Sample bodies are cut to this many bytes, so that a few huge
    /// files do not make up the sample.
    static let dictionarySampleBytes = 16 * 1024

    /// Parses an even spread of `articles` and trains a body dictionary on their bodies; nil
    /// when there are too few bodies to train one (the bodies are then compressed without).
    ///
    /// The sampled files are read and parsed again by the full load: about 2% more parsing
    /// at 100,000 articles, against holding every body uncompressed until a sample is known.
    func trainBodyDictionary(
        _ articles: [(file: String, id: String)], in directory: String
    ) -> BodyDictionary? {
        let step = max(1, articles.count / Self.dictionarySampleCount)
        let sample = Array(
            stride(from: 0, to: articles.count, by: step).prefix(Self.dictionarySampleCount)
                .map { articles[$0] })
        var bodies: [String] = []
        bodies.reserveCapacity(sample.count)
        for outcome in process(sample, in: directory, bodyDictionary: nil) {
            guard case .loaded(let document, _) = outcome.result else { continue }
            let text = document.text
            // A character cut in two becomes U+FFFD: harmless in a training sample.
            bodies.append(
                String(decoding: text.utf8.prefix(Self.dictionarySampleBytes), as: UTF8.self))
        }
        return BodyDictionary.train(on: bodies)
    }
}
