/// Turns tokens into index terms, the same way for documents and for queries.
///
/// A document token yields its *primary term* (folded, then stemmed by the document's
/// language) and sometimes extra terms at the same position:
///
/// ```
/// token            lang  primary       extra terms
/// Turkiye’s        en    turkiy        -
/// Bakü'yü          az    baku          -
/// O'Brien          en    o             obrien brien    (joined form, elided word)
/// l'OTAN           und   l             lotan otan      (joined form, elided word)
/// والناتو          und   والناتو        ناتو            (without the article)
/// Столтенбергом    ru    столтенберг   ⟨C⟩stoltenberg  (key of the transliteration)
/// НАТО             ru    нат           ⟨C⟩nat ⟨C⟩nato
/// Aliyev           en    aliyev        ⟨L⟩aliev        (key, only where it differs)
/// ```
///
/// `⟨C⟩` and `⟨L⟩` are namespace marks (``Analyzer/cyrillicKeyMark``, ``Analyzer/latinKeyMark``):
/// a Latin query word looks up `⟨C⟩key`, a Cyrillic one `⟨L⟩key` and the plain key, so scripts
/// meet while two Latin words never merge through their coarse keys.
///
/// Not thread-safe (it owns Snowball stemmers): one per index build, or borrowed from a pool.
final class Analyzer {
    /// Marks the key of a Cyrillic word's transliteration.
    static let cyrillicKeyMark = "\u{1}"
    /// Marks the key of a Latin word, where it differs from the word's primary term.
    static let latinKeyMark = "\u{2}"
    /// Longest word analysed, in Unicode scalars; longer runs are cut (no real word is this long).
    static let maxWordScalars = 64

    let options: AnalysisOptions
    /// By ``SnowballStemmer/Algorithm``'s position in `allCases` (a dictionary lookup per new
    /// token cost more than the array).
    private var stemmers = [SnowballStemmer?](
        repeating: nil, count: SnowballStemmer.Algorithm.allCases.count)

    /// Scratch space of the byte path (``twoByteDocumentTerms(token:in:language:into:)``),
    /// kept for its capacity.
    var byteScratch: [UInt8] = []

    /// The Turkish stems shared with the index build's other shards (``SharedStems``).
    private let sharedStems: SharedStems.Writer?

    /// An analyzer; in an index build of several shards, `sharedStems` is the shard's writer
    /// of the stems they share (the terms are the same with or without).
    init(options: AnalysisOptions, sharedStems: SharedStems.Writer? = nil) {
        self.options = options
        self.sharedStems = sharedStems
    }

    /// The script a word is written in, which decides its stemmer and transliteration.
    enum Script { case latin, cyrillic, other, number }

    // MARK: - Documents

    /// Appends the terms a document token is indexed under.
    func documentTerms(
        token: WordToken, in bytes: UnsafeBufferPointer<UInt8>, language: Language,
        into terms: inout [String]
    ) {
        let word = Self.string(
            bytes, token.start, token.kind == .compound ? token.end : token.baseEnd)
        let surface = Homoglyphs.unmixed(
            Self.narrowed(token.kind == .compound ? Self.removingHyphens(word) : word))
        let script = Self.script(of: surface)
        if script == .number {
            terms.append(Self.numberTerm(surface))
            return
        }
        let primary = primaryTerm(surface, script: script, language: language)
        terms.append(primary)
        if token.kind == .word, token.baseEnd < token.end,
            let joined = joinedApostropheForm(
                token: token, bytes: bytes, language: language, script: script)
        {
            terms.append(primaryTerm(joined, script: script, language: language))
        }
        if token.kind == .word, token.baseEnd < token.end,
            let elided = elidedWord(token: token, bytes: bytes, language: language, script: script)
        {
            terms.append(primaryTerm(elided, script: script, language: language))
        }
        if script == .other, let bare = Self.arabicWithoutPrefix(surface) {
            terms.append(primaryTerm(bare, script: script, language: language))
        }
        switch script {
        case .cyrillic:
            let fromSurface =
                Analyzer.cyrillicKeyMark
                + Transliteration.key(Transliteration.latin(fromCyrillic: Folding.fold(surface)))
            terms.append(fromSurface)
            if Self.isKeyable(primary) {
                let fromStem =
                    Analyzer.cyrillicKeyMark
                    + Transliteration.key(Transliteration.latin(fromCyrillic: primary))
                if fromStem != fromSurface { terms.append(fromStem) }
            }
        case .latin:
            let key = Transliteration.key(primary)
            if key != primary { terms.append(Analyzer.latinKeyMark + key) }
        case .other, .number:
            break
        }
    }

    // MARK: - Queries

    /// The terms a query word may match: its primary terms (the word's own script) first,
    /// then cross-script keys.
    ///
    /// A query has no language, so a word is stemmed by every stemmer of its script whose
    /// language occurs in the corpus (plus unstemmed), and matched across scripts by key.
    func queryTerms(
        token: WordToken, in bytes: UnsafeBufferPointer<UInt8>, corpusLanguages: Set<Language>
    ) -> [String] {
        var word = Self.string(
            bytes, token.start, token.kind == .compound ? token.end : token.baseEnd)
        // After an elided article (`l'OTAN`, `d'Artagnan`, `O'Brien`) the word looked for is
        // the one after it: the article alone matched every word the index stems to it
        // (`l'Artagnan` found `Limi` and `lına`, `O'Brien` every Turkish `o`; session 14's
        // QA). Not before a Turkic case ending (`O'nun`), where the word is the one before.
        if token.kind == .word, token.baseEnd < token.end,
            let elided = elidedWord(
                token: token, bytes: bytes, language: .unknown, script: Self.script(of: word)),
            !SuffixAfterHyphen.endings.contains(Array(elided.lowercased().utf8))
        {
            word = elided
        }
        let surface = Homoglyphs.unmixed(
            Self.narrowed(token.kind == .compound ? Self.removingHyphens(word) : word))
        let script = Self.script(of: surface)
        if script == .number { return [Self.numberTerm(surface)] }
        var languages: [Language] = [.unknown]
        switch script {
        case .latin:
            for language in [Language.english, .turkish, .azerbaijani]
            where corpusLanguages.contains(language) {
                languages.append(language)
            }
        case .cyrillic:
            languages.append(.russian)
        case .other, .number:
            break
        }
        var terms: [String] = []
        func add(_ term: String) { if !terms.contains(term) { terms.append(term) } }
        var primaries: [String] = []
        for language in languages {
            let primary = primaryTerm(surface, script: script, language: language)
            if !primaries.contains(primary) { primaries.append(primary) }
            if token.kind == .word, token.baseEnd < token.end,
                let joined = joinedApostropheForm(
                    token: token, bytes: bytes, language: language, script: script)
            {
                let joinedTerm = primaryTerm(joined, script: script, language: language)
                if !primaries.contains(joinedTerm) { primaries.append(joinedTerm) }
            }
        }
        primaries.forEach(add)
        switch script {
        case .latin:
            for primary in primaries where Self.isKeyable(primary) {
                add(Analyzer.cyrillicKeyMark + Transliteration.key(primary))
            }
            add(Analyzer.cyrillicKeyMark + Transliteration.key(Folding.fold(surface)))
        case .cyrillic:
            var keys = [
                Transliteration.key(Transliteration.latin(fromCyrillic: Folding.fold(surface)))
            ]
            for primary in primaries where Self.isKeyable(primary) {
                keys.append(Transliteration.key(Transliteration.latin(fromCyrillic: primary)))
            }
            for key in keys {
                add(key)
                add(Analyzer.latinKeyMark + key)
                add(Analyzer.cyrillicKeyMark + key)
            }
        case .other:
            if let bare = Self.arabicWithoutPrefix(surface) {
                add(primaryTerm(bare, script: script, language: .unknown))
            }
        case .number:
            break
        }
        return terms
    }

    // MARK: - Terms

    /// The folded, stemmed form of a word in a language (the stemmer follows the word's script:
    /// a Latin name in a Russian article is stemmed as English, never as Russian).
    func primaryTerm(_ word: Substring, script: Script, language: Language) -> String {
        let algorithm: SnowballStemmer.Algorithm?
        var turkic = false
        switch (script, language) {
        // Ukrainian and Kazakh have no stemmer: a Russian one would cut their words wrong.
        case (.cyrillic, .unknown), (.cyrillic, .ukrainian), (.cyrillic, .kazakh): algorithm = nil
        case (.cyrillic, _): algorithm = .russian
        case (.latin, .english), (.latin, .russian), (.latin, .ukrainian), (.latin, .kazakh):
            algorithm = .english
        case (.latin, .turkish):
            algorithm = .turkish
            turkic = true
        case (.latin, .azerbaijani):
            algorithm = options.azerbaijaniStemmer == .turkish ? .turkish : nil
            turkic = true
        default: algorithm = nil
        }
        guard let algorithm, let stemmer = stemmer(algorithm) else {
            return Folding.fold(word)
        }
        switch algorithm {
        case .english:
            return stemmer.stem(Folding.fold(word))
        case .russian:
            return stemmer.stem(Folding.fold(word))
        case .turkish:
            // The Turkish stemmer checks vowel harmony, so it needs ı, ö, ü; fold afterwards.
            let lower = Folding.lowercased(word, turkic: turkic)
            guard language == .azerbaijani, lower.unicodeScalars.contains("ə") else {
                return Folding.fold(stemmer.stem(lower))
            }
            // Azerbaijani ə harmonises as Turkish e does, so the stemmer sees e; the stem then
            // takes its letters back from the word (ə folds to a: Əliyev = aliyev).
            let asTurkish = String(
                String.UnicodeScalarView(lower.unicodeScalars.map { $0 == "ə" ? "e" : $0 }))
            let stem = stemmer.stem(asTurkish)
            let shared = zip(stem.unicodeScalars, asTurkish.unicodeScalars)
                .prefix { $0 == $1 }.count
            let kept = String(String.UnicodeScalarView(lower.unicodeScalars.prefix(shared)))
            let changed = String(String.UnicodeScalarView(stem.unicodeScalars.dropFirst(shared)))
            return Folding.fold(kept + changed)
        }
    }

    func stemmer(_ algorithm: SnowballStemmer.Algorithm) -> SnowballStemmer? {
        let slot =
            switch algorithm {
            case .english: 0
            case .russian: 1
            case .turkish: 2
            }
        if let stemmer = stemmers[slot] { return stemmer }
        let stemmer = SnowballStemmer(algorithm)
        if algorithm == .turkish { stemmer?.shared = sharedStems }
        stemmers[slot] = stemmer
        return stemmer
    }

    /// `O'Brien` is also indexed as `obrien`; English `'s` and Turkic case endings
    /// (`Bakü'yü`) are inflections, so they get no joined form.
    private func joinedApostropheForm(
        token: WordToken, bytes: UnsafeBufferPointer<UInt8>, language: Language, script: Script
    ) -> Substring? {
        guard script == .latin, language != .turkish, language != .azerbaijani else { return nil }
        let rest = Self.string(bytes, token.baseEnd, token.end).unicodeScalars
        // Not after a hyphen: `NATO-nun` is an Azerbaijani ending (SuffixAfterHyphen).
        guard let mark = rest.first, Self.apostrophes.contains(mark) else { return nil }
        let suffix = rest.dropFirst()
        guard !suffix.isEmpty, String(suffix).lowercased() != "s" else { return nil }
        let whole = Self.string(bytes, token.start, token.end)
        return Substring(whole.unicodeScalars.filter { !Self.apostrophes.contains($0) })
    }

    /// French and Italian elide an article or preposition into the next word (`l'OTAN`,
    /// `d'Azerbaïdjan`, `l'ambasciatore`), and the apostrophe rule above keeps only `l`: the
    /// word after one or two letters and an apostrophe is also indexed on its own, at the
    /// same position. Three letters at least, so `we'll` and `I'm` add no `ll` or `m`; not in
    /// Turkish and Azerbaijani, where what follows the apostrophe is a suffix (`O'nun`).
    func elidedWord(
        token: WordToken, bytes: UnsafeBufferPointer<UInt8>, language: Language, script: Script
    ) -> Substring? {
        guard script == .latin, language != .turkish, language != .azerbaijani,
            (1...2).contains(Self.string(bytes, token.start, token.baseEnd).unicodeScalars.count),
            let mark = Self.string(bytes, token.baseEnd, token.end).unicodeScalars.first,
            Self.apostrophes.contains(mark)
        else { return nil }
        let word = Self.string(bytes, token.baseEnd, token.end).unicodeScalars.dropFirst()
        guard word.count >= 3, word.allSatisfy({ $0.properties.isAlphabetic }) else { return nil }
        return Substring(word)
    }

    // MARK: - Helpers

    /// Stems shorter than this make keys too coarse to cross scripts on (Snowball stems the
    /// surname `Алиев` to `ал`, whose key would meet English `all`); the surface's key
    /// still does.
    static let minimumKeyedStem = 4

    static func isKeyable(_ stem: String) -> Bool {
        stem.unicodeScalars.count >= minimumKeyedStem
    }

    /// The apostrophes the tokenizer keeps inside a word (see ``WordTokenizer``).
    static let apostrophes: Set<Unicode.Scalar> = ["'", "\u{2019}", "\u{02BC}"]
    private static let hyphens: Set<Unicode.Scalar> = ["-", "\u{2010}", "\u{2011}"]

    static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Substring {
        var end = end
        // Cut absurdly long runs at a scalar boundary (continuation bytes are 10xxxxxx).
        if end - start > maxWordScalars * 4 {
            end = start + maxWordScalars * 4
            while end > start, bytes[end] & 0xC0 == 0x80 { end -= 1 }
        }
        return Substring(
            String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
    }

    static func removingHyphens(_ word: Substring) -> Substring {
        Substring(
            String(String.UnicodeScalarView(word.unicodeScalars.filter { !hyphens.contains($0) })))
    }

    static func script(of word: Substring) -> Script {
        var sawDigit = false
        for scalar in word.unicodeScalars {
            switch scalar.value {
            case 0x30...0x39: sawDigit = true
            case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F, 0x1E00...0x1EFF, 0x259: return .latin
            case 0x400...0x52F: return .cyrillic
            default:
                if scalar.properties.isAlphabetic { return .other }
                if scalar.properties.numericType != nil { sawDigit = true }
            }
        }
        return sawDigit ? .number : .other
    }

    /// `ＮＡＴＯ２０２１` as `NATO2021`: fullwidth ASCII (U+FF01...U+FF5E), which Chinese and
    /// Japanese texts use for Latin names and numbers, is read as ASCII before the script is
    /// decided, so such a word is stemmed, keyed and numbered as the ASCII one is.
    static func narrowed(_ word: Substring) -> Substring {
        // U+FF01...U+FF5E are EF BC 81...EF BD 9E in UTF-8: no 0xEF byte, nothing to do.
        guard word.utf8.contains(0xEF) else { return word }
        var scalars = String.UnicodeScalarView()
        for scalar in word.unicodeScalars {
            if (0xFF01...0xFF5E).contains(scalar.value) {
                scalars.append(Unicode.Scalar(scalar.value - 0xFF01 + 0x21)!)
            } else {
                scalars.append(scalar)
            }
        }
        return Substring(String(scalars))
    }

    /// `120,000` and `120000` are one number; `3.5` and `3,5` keep their decimal point.
    /// Decimal digits of every script are read as ASCII (`٢٠٢١` and `۲۰۲۱` are `2021`), as
    /// Arabic and Persian texts write their years and figures so.
    static func numberTerm(_ number: Substring) -> String {
        let number = asciiDigits(number)
        let groups = number.split(whereSeparator: { $0 == "," || $0 == "." })
        if groups.count > 1, groups.dropFirst().allSatisfy({ $0.count == 3 }) {
            return groups.joined()
        }
        return groups.joined(separator: ".")
    }

    /// `number` with every decimal digit (Unicode `Nd`) as its ASCII digit.
    private static func asciiDigits(_ number: Substring) -> Substring {
        guard !number.utf8.allSatisfy({ $0 < 0x80 }) else { return number }
        var scalars = String.UnicodeScalarView()
        for scalar in number.unicodeScalars {
            if scalar.value >= 0x80, scalar.properties.numericType == .decimal,
                let value = scalar.properties.numericValue
            {
                scalars.append(Unicode.Scalar(UInt8(0x30 + Int(value))))
            } else {
                scalars.append(scalar)
            }
        }
        return Substring(String(scalars))
    }
}

/// How text is analysed; part of an index's identity (queries must use the same options).
public struct AnalysisOptions: Sendable, Hashable {
    /// Which Snowball stemmer Azerbaijani articles use.
    public enum AzerbaijaniStemmer: Sendable, Hashable {
        /// Turkish Snowball, after mapping ə to e (measured better; see BENCHMARKS.md).
        case turkish
        /// No stemming, folding only.
        case none
    }

    /// How Azerbaijani words are stemmed (Turkish Snowball by default).
    public var azerbaijaniStemmer: AzerbaijaniStemmer

    /// Raised whenever the terms some text is analysed into change (tokenizing, folding,
    /// stemming, prefix rules, keys), so that an index snapshot made by older analysis is not
    /// reopened with newer queries (it is part of ``SnapshotKey``). `AnalysisVersionTests`
    /// pins the terms of a sample text to this number and fails when they change without it.
    /// 2: Arabic tatweel, `ة`/`ه`, `ى`/`ي`, Persian `ی`/`ک` and stacked prefixes (`وبال`).
    /// 3: compatibility forms fold (fullwidth, halfwidth kana, ligatures, Arabic presentation
    /// forms), every script's decimal digits number as ASCII ones.
    /// 4: Hangul syllables and Thai, Lao, Myanmar and Khmer letters are words of their own.
    /// 5: an Azerbaijani ending after a hyphen (`NATO-nun`, `1994-cü`) is read as after an
    /// apostrophe, not as a compound's word.
    /// 6: a word mixing Latin and Cyrillic look-alikes (`NАТО` with Cyrillic `АТО`) is read
    /// in one script (``Homoglyphs``).
    /// 7: a query word after an elided article (`O'Brien`, `l'OTAN`) looks for the word after
    /// it and the joined form, not the article (queries only; documents are as in 6).
    /// 8: Ukrainian and Kazakh articles (``CyrillicLanguage``) are not stemmed as Russian, and
    /// a query word is also looked up unstemmed when the corpus has them.
    public static let version: UInt32 = 8

    /// The analysis natoaz indexes and queries with; other stemmer choices are for comparing
    /// them (an index and its queries must use the same options).
    public init(azerbaijaniStemmer: AzerbaijaniStemmer = .turkish) {
        self.azerbaijaniStemmer = azerbaijaniStemmer
    }
}
