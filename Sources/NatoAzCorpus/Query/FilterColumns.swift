/// Document metadata laid out for fast filtering: one compact column per field, so a filter
/// over 100,000 documents is a tight loop instead of 100,000 string operations.
struct FilterColumns: Sendable {
    let languages: [Language]
    /// `yyyymmdd` span of each document's date; `lower == 0` when its year is unknown.
    let dateLower: [Int32]
    let dateUpper: [Int32]
    /// Each document's folded source name, as an index into `sourceNames` (-1: none).
    let sources: [Int32]
    let sourceNames: [String]
    /// Document ids, sorted (documents are numbered in id order), in one block: the
    /// documents keep theirs packed, so an array of strings would be a heap object each.
    let ids: UTF8Block

    /// Columns made of their parts as they were stored (see ``IndexSnapshot``), checked there.
    init(
        languages: [Language], dateLower: [Int32], dateUpper: [Int32], sources: [Int32],
        sourceNames: [String], ids: UTF8Block
    ) {
        self.languages = languages
        self.dateLower = dateLower
        self.dateUpper = dateUpper
        self.sources = sources
        self.sourceNames = sourceNames
        self.ids = ids
    }

    init(_ documents: [Document]) {
        languages = documents.map(\.lang)
        var lower: [Int32] = []
        var upper: [Int32] = []
        for document in documents {
            let span = document.date.flatMap(DateRangeParser.span(of:))
            lower.append(Int32(clamping: span?.lowerBound ?? 0))
            upper.append(Int32(clamping: span?.upperBound ?? 0))
        }
        dateLower = lower
        dateUpper = upper
        var names: [String: Int32] = [:]
        var sourceNames: [String] = []
        sources = documents.map { document in
            guard let source = document.source else { return -1 }
            let folded = Folding.fold(source)
            if let id = names[folded] { return id }
            names[folded] = Int32(sourceNames.count)
            sourceNames.append(folded)
            return Int32(sourceNames.count - 1)
        }
        self.sourceNames = sourceNames
        ids = UTF8Block(documents.lazy.map(\.id))
    }

    /// The sorted numbers of the documents passing `filter`.
    func documents(matching filter: QueryFilter) -> [Int32] {
        var result: [Int32] = []
        switch filter {
        case .language(let language):
            for (number, value) in languages.enumerated() where value == language {
                result.append(Int32(number))
            }
        case .date(let lower, let upper):
            let low = Int32(clamping: lower)
            let high = Int32(clamping: upper)
            for number in dateLower.indices
            where dateLower[number] != 0 && dateLower[number] >= low && dateUpper[number] <= high {
                result.append(Int32(number))
            }
        case .source(let name, let prefix):
            let wanted = Set(
                sourceNames.indices.filter {
                    prefix ? sourceNames[$0].hasPrefix(name) : sourceNames[$0] == name
                }.map(Int32.init))
            guard !wanted.isEmpty else { return [] }
            for (number, source) in sources.enumerated() where wanted.contains(source) {
                result.append(Int32(number))
            }
        case .id(let id, let prefix):
            // Ids are sorted, so the matches are one contiguous run.
            var low = 0
            var high = ids.count
            while low < high {
                let mid = (low + high) / 2
                if ids[mid] < id { low = mid + 1 } else { high = mid }
            }
            var number = low
            while number < ids.count, prefix ? ids[number].hasPrefix(id) : ids[number] == id {
                result.append(Int32(number))
                number += 1
            }
        }
        return result
    }

    /// A per-document test for `filter`, agreeing with ``documents(matching:)``: for narrowing
    /// a short list of documents without scanning the whole column.
    func test(_ filter: QueryFilter) -> FilterTest {
        switch filter {
        case .language(let language):
            return FilterTest(columns: self, kind: .language(language))
        case .date(let lower, let upper):
            return FilterTest(
                columns: self, kind: .date(Int32(clamping: lower), Int32(clamping: upper)))
        case .source, .id:
            // Name lookups: resolve once to the (few) matching documents.
            return FilterTest(columns: self, kind: .listed(documents(matching: filter)))
        }
    }
}

/// One filter, ready to be checked document by document (see ``FilterColumns/test(_:)``).
struct FilterTest {
    enum Kind {
        case language(Language)
        case date(Int32, Int32)
        case listed([Int32])
    }

    let columns: FilterColumns
    let kind: Kind

    func matches(_ document: Int32) -> Bool {
        let number = Int(document)
        switch kind {
        case .language(let language):
            return columns.languages[number] == language
        case .date(let low, let high):
            return columns.dateLower[number] != 0 && columns.dateLower[number] >= low
                && columns.dateUpper[number] <= high
        case .listed(let documents):
            var low = 0
            var high = documents.count
            while low < high {
                let mid = (low + high) / 2
                if documents[mid] < document { low = mid + 1 } else { high = mid }
            }
            return low < documents.count && documents[low] == document
        }
    }
}
