/// News agencies and outlets that cover Azerbaijan and NATO, by every spelling seen in datelines
/// and bylines (folded), mapped to one canonical name, so that `AZƏRTAC`, `АЗЕРТАДЖ` and
/// `Azertac` are one source. An all-caps word in a dateline's source position (`Baku,
/// December 14, XINFO`) is accepted verbatim even when unknown.
enum NewsSources {
    private static let canonical: [String: String] = {
        let names: [(String, [String])] = [
            ("AZERTAC", ["azertac", "azərtac", "азертадж", "azertag", "azərtag"]),
            ("Trend", ["trend", "trend.az", "trend news agency", "тренд"]),
            ("APA", ["apa", "apa.az", "apa information agency"]),
            ("Report.az", ["report", "report.az", "report news agency"]),
            ("AzerNews", ["azernews", "azernews.az"]),
            ("Turan", ["turan", "туран", "turan information agency"]),
            ("News.az", ["news.az"]),
            ("Oxu.az", ["oxu.az"]),
            ("Day.az", ["day.az"]),
            ("Vesti.az", ["vesti.az"]),
            ("1news.az", ["1news.az"]),
            ("Caliber.az", ["caliber.az", "caliber"]),
            ("Qafqazinfo", ["qafqazinfo", "qafqazinfo.az"]),
            ("Haqqin.az", ["haqqin.az"]),
            ("Minval.az", ["minval.az"]),
            ("Modern.az", ["modern.az"]),
            ("Sputnik", ["sputnik", "sputnik azerbaijan", "спутник"]),
            ("TASS", ["tass", "тасс"]),
            ("RIA Novosti", ["ria novosti", "риа новости"]),
            ("Interfax", ["interfax", "интерфакс"]),
            ("Anadolu Agency", ["anadolu agency", "anadolu ajansı", "anadolu ajansi", "aa"]),
            ("TRT", ["trt", "trt haber", "trt world"]),
            ("Daily Sabah", ["daily sabah"]),
            ("Reuters", ["reuters"]),
            ("AFP", ["afp"]),
            ("AP", ["ap", "associated press"]),
            ("Xinhua", ["xinhua"]),
            ("NATO", ["nato.int"]),
        ]
        var table: [String: String] = [:]
        for (name, spellings) in names {
            for spelling in spellings { table[foldForMatching(Substring(spelling))] = name }
        }
        return table
    }()

    /// The canonical name of a known source, e.g. `AZƏRTAC` -> `AZERTAC`.
    static func known(_ text: Substring) -> String? {
        guard text.utf8.count <= 160 else { return nil }
        let trimmed = TextLines.trim(text)
        guard !trimmed.isEmpty, TextLines.hasAtMostCharacters(trimmed, 40) else { return nil }
        return canonical[foldForMatching(trimmed)]
    }

    /// A known source, or an unknown all-caps name of one to three words (`XINFO`), as written.
    static func plausible(_ text: Substring) -> String? {
        if let name = known(text) { return name }
        guard text.utf8.count <= 160 else { return nil }
        let trimmed = TextLines.trim(text)
        let words = trimmed.split(separator: " ")
        guard (1...3).contains(words.count), trimmed.count <= 30 else { return nil }
        for word in words {
            guard word.count >= 2,
                word.unicodeScalars.allSatisfy({ scalar in
                    ScalarClass.isUppercase(scalar) || scalar == "." || scalar == "-"
                        || (scalar.value >= 0x30 && scalar.value <= 0x39)
                })
            else { return nil }
        }
        return String(trimmed)
    }
}
