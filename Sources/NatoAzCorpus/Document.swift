/// One article of the corpus, with the metadata the loader could establish.
///
/// Documents are immutable values; a corpus is a snapshot of them that a reload replaces whole.
public struct Document: Sendable, Hashable {
    /// The file name without its extension, e.g. `000_b63174de97e40d1a`.
    public var id: String {
        get { storedID.string }
        set { storedID = StoredID(newValue) }
    }
    private var storedID: StoredID

    /// Whether this document's id is at most `next`'s as strings (`<=`), without making
    /// either string: ids of ASCII compare as their bytes, which is how such strings order.
    func idIsAtMost(_ next: Document) -> Bool {
        let order: Int? = storedID.withUTF8 { left in
            next.storedID.withUTF8 { right in
                left.allSatisfy { $0 < 0x80 } && right.allSatisfy { $0 < 0x80 }
                    ? IndexBuilder.compareUTF8(left, right) : nil
            }
        }
        guard let order else { return id <= next.id }
        return order <= 0
    }
    /// The headline, when the article has one (never a whole paragraph).
    public var title: String? {
        get { fields[.title] }
        set { update { $0.strings[DocumentFields.Slot.title.rawValue] = newValue } }
    }
    /// The publication date, possibly partial (a dateline without a year).
    public var date: PartialDate? {
        get { fields.date }
        set { update { $0.date = newValue } }
    }
    /// The text the date was read from, e.g. `14 декабря 2021, 18:45`.
    public var dateText: String? {
        get { fields[.dateText] }
        set { update { $0.strings[DocumentFields.Slot.dateText.rawValue] = newValue } }
    }
    /// True when the year was inferred from other evidence in the article.
    public var dateInferred: Bool
    /// The evidence a year was inferred from, when `dateInferred` is true.
    public var dateEvidence: String? {
        get { fields[.dateEvidence] }
        set { update { $0.strings[DocumentFields.Slot.dateEvidence.rawValue] = newValue } }
    }
    /// The detected language (from script and vocabulary, never from the file name).
    public var lang: Language
    /// The agency, e.g. `AZERTAC`, when named.
    public var source: String? {
        get { fields[.source] }
        set { update { $0.strings[DocumentFields.Slot.source.rawValue] = newValue } }
    }
    /// The byline's author, e.g. `Vafa Ismayilova`.
    public var author: String? {
        get { fields[.author] }
        set { update { $0.strings[DocumentFields.Slot.author.rawValue] = newValue } }
    }
    /// The dateline's city, e.g. `Baku`.
    public var place: String? {
        get { fields[.place] }
        set { update { $0.strings[DocumentFields.Slot.place.rawValue] = newValue } }
    }
    /// The body as one string, paragraphs separated by a blank line (`"\n\n"`).
    /// Offsets reported by search (highlights, kwic) are UTF-8 byte offsets into this string.
    ///
    /// Kept zstd-compressed (``CompressedText``): each read expands it into a new string, so
    /// read it once per task (`let text = document.text`), not in a loop. ``paragraphs`` is
    /// cut from it on demand.
    public var text: String { body.string }
    /// Calls `body` with ``text``'s UTF-8 bytes, expanded into `scratch` (kept by the caller
    /// across documents): for reading every body once, without a new string each.
    func withTextUTF8<Result>(
        using scratch: inout [UInt8], _ body: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result {
        self.body.withUTF8(using: &scratch, body)
    }
    /// The length of ``text`` in UTF-8 bytes, without expanding it.
    public var textByteCount: Int { body.utf8Count }
    /// Bytes ``text`` takes in memory as stored (compressed).
    public var storedTextByteCount: Int { body.storedCount }
    /// The dictionary the body is compressed with, if any (shared by the corpus' documents).
    var bodyDictionary: BodyDictionary? { body.dictionary }
    private var body: CompressedText
    /// Everything else, packed in one allocation (see ``DocumentFields``), including where
    /// each paragraph ends in `text` (UTF-8 byte offsets, one per paragraph), so that
    /// ``paragraphs`` gives back exactly the paragraphs given, even one holding `"\n\n"`.
    private var fields: DocumentFields

    /// Heap bytes of the packed fields (see ``MemoryFootprint``).
    var fieldsHeapBytes: Int { fields.heapBytes }
    /// Heap bytes of the id (see ``MemoryFootprint``).
    var idHeapBytes: Int { storedID.heapBytes }
    /// Heap bytes of the stored body (see ``MemoryFootprint``).
    var textHeapBytes: Int { body.heapBytes }

    private mutating func update(_ change: (inout DocumentFields.Values) -> Void) {
        var values = fields.values
        change(&values)
        fields = DocumentFields(values)
    }
    /// Boilerplate kept out of the body but not lost (e.g. `Bütün xəbərlər Facebook səhifəmizdə`).
    public var trailer: String? {
        get { fields[.trailer] }
        set { update { $0.strings[DocumentFields.Slot.trailer.rawValue] = newValue } }
    }
    /// The header lines the metadata was read from, verbatim (`date 2021-06-22 By Vafa
    /// Ismayilova`, a dateline line, a date line under the title...). They are not body text.
    public var headerLines: [String] {
        get { fields.headerLines }
        set { update { $0.headerLines = newValue } }
    }

    /// A document with the given metadata and body paragraphs, which are joined with blank
    /// lines into ``text`` (the loader makes documents from the article files; this is for
    /// callers that have their own).
    public init(
        id: String,
        title: String? = nil,
        date: PartialDate? = nil,
        dateText: String? = nil,
        dateInferred: Bool = false,
        dateEvidence: String? = nil,
        lang: Language,
        source: String? = nil,
        author: String? = nil,
        place: String? = nil,
        paragraphs: [String],
        trailer: String? = nil,
        headerLines: [String] = []
    ) {
        self.init(
            id: id, title: title, date: date, dateText: dateText, dateInferred: dateInferred,
            dateEvidence: dateEvidence, lang: lang, source: source, author: author, place: place,
            paragraphs: paragraphs, trailer: trailer, headerLines: headerLines,
            bodyDictionary: nil)
    }

    /// A document whose body is compressed with `bodyDictionary` (the loader's, trained on
    /// the corpus).
    init(
        id: String,
        title: String? = nil,
        date: PartialDate? = nil,
        dateText: String? = nil,
        dateInferred: Bool = false,
        dateEvidence: String? = nil,
        lang: Language,
        source: String? = nil,
        author: String? = nil,
        place: String? = nil,
        paragraphs: [String],
        trailer: String? = nil,
        headerLines: [String] = [],
        bodyDictionary: BodyDictionary?
    ) {
        let (text, ends) = Self.join(paragraphs)
        self.init(
            id: id, title: title, date: date, dateText: dateText, dateInferred: dateInferred,
            dateEvidence: dateEvidence, lang: lang, source: source, author: author, place: place,
            body: CompressedText(text, dictionary: bodyDictionary), paragraphEnds: ends,
            trailer: trailer, headerLines: headerLines)
    }

    /// A document whose body is already joined and stored (``ArticleParser`` builds it in one
    /// pass): `body` holds the paragraphs separated by a blank line, `paragraphEnds` the UTF-8
    /// offset in it where each ends, as ``join(_:)`` would give them.
    init(
        id: String,
        title: String?,
        date: PartialDate?,
        dateText: String?,
        dateInferred: Bool,
        dateEvidence: String?,
        lang: Language,
        source: String?,
        author: String?,
        place: String?,
        body: CompressedText,
        paragraphEnds ends: [UInt32],
        trailer: String?,
        headerLines: [String]
    ) {
        self.storedID = StoredID(id)
        self.dateInferred = dateInferred
        self.lang = lang
        self.body = body
        var values = DocumentFields.Values(
            date: date, headerLines: headerLines, paragraphEnds: ends)
        values.strings = [title, dateText, dateEvidence, source, author, place, trailer]
        fields = DocumentFields(values)
    }

    /// The body, paragraphs in order, without title, header lines or trailer. Cut from
    /// ``text`` on each access (a new array of strings): loops should read `text`.
    public var paragraphs: [String] {
        get {
            var result: [String] = []
            let paragraphEnds = fields.paragraphEnds
            result.reserveCapacity(paragraphEnds.count)
            let text = self.text
            let utf8 = text.utf8
            var start = utf8.startIndex
            for (number, end) in paragraphEnds.enumerated() {
                if number > 0 { start = utf8.index(start, offsetBy: Self.separator.utf8.count) }
                let stop = utf8.index(utf8.startIndex, offsetBy: Int(end))
                result.append(String(text[start..<stop]))
                start = stop
            }
            return result
        }
        set {
            let (text, ends) = Self.join(newValue)
            self.body = CompressedText(text, dictionary: body.dictionary)
            update { $0.paragraphEnds = ends }
        }
    }

    /// This document with its body compressed with `dictionary`, exactly as
    /// `CompressedText(text, dictionary:)` stores a body.
    func compressingBody(with dictionary: BodyDictionary?) -> Document {
        var document = self
        document.body = CompressedText(body.string, dictionary: dictionary)
        return document
    }

    /// Makes a body the parser kept plain body `number` of `store` (the same text once the
    /// store holds it: see ``BodyStore/fill(plain:byteCount:sample:)``) and returns its plain
    /// UTF-8, for the store.
    mutating func moveBody(to store: BodyStore, number: Int) -> [UInt8] {
        let plain = body.plainBytes
        body = CompressedText(store: store, number: number, utf8Count: body.utf8Count)
        return plain
    }

    /// Points a body in a ``BodyStore`` at body `number` of the same store.
    mutating func renumberBody(_ number: Int) {
        body = body.renumbered(number)
    }

    /// Whether the body is in the corpus' ``BodyStore`` (which ``DocumentPacking`` leaves
    /// alone).
    var bodyIsInStore: Bool { body.isInStore }

    /// The UTF-8 bytes of ``title`` (0 without one), read without making the string.
    var titleUTF8Count: Int { fields.utf8Count(.title) }

    /// How many paragraphs the body has.
    public var paragraphCount: Int { fields.paragraphCount }

    /// The UTF-8 bytes of ``id``, ``title``, ``dateText``, ``dateEvidence``, ``source``,
    /// ``author``, ``place`` and ``trailer`` together (a missing one counts 0), without making
    /// a string of each: for memory estimates over every document.
    public var metadataUTF8Count: Int { storedID.utf8Count + fields.stringsUTF8Count }

    /// ``paragraphCount`` and ``metadataUTF8Count`` summed over `documents`, for memory
    /// estimates: each document's fields walked once, read in place. Read through the array
    /// one property at a time from another module, each read copied the document (retains
    /// and releases of its id, fields and body): 0.012 s at 100,000 articles on one core, the
    /// last step before the daemon serves (session 19).
    public static func summedSizes(of documents: [Document])
        -> (paragraphs: Int, metadataUTF8: Int)
    {
        documents.withUnsafeBufferPointer { documents in
            var paragraphs = 0
            var metadata = 0
            for index in documents.indices {
                let sizes = documents[index].fields.stringsUTF8AndParagraphCount
                paragraphs += sizes.paragraphs
                metadata += documents[index].storedID.utf8Count + sizes.stringsUTF8
            }
            return (paragraphs, metadata)
        }
    }

    private static let separator = "\n\n"

    /// The paragraphs joined by ``separator``, and where each ends (UTF-8 offsets).
    private static func join(_ paragraphs: [String]) -> (String, [UInt32]) {
        var ends: [UInt32] = []
        ends.reserveCapacity(paragraphs.count)
        var length = 0
        for (number, paragraph) in paragraphs.enumerated() {
            length += (number > 0 ? separator.utf8.count : 0) + paragraph.utf8.count
            ends.append(UInt32(clamping: length))
        }
        var text = ""
        text.reserveCapacity(length)
        for (number, paragraph) in paragraphs.enumerated() {
            if number > 0 { text += separator }
            text += paragraph
        }
        return (text, ends)
    }

    // MARK: - Packing (see ``DocumentPacking``)

    /// The byte counts of the id, the fields and the stored body, in the order
    /// ``writePacked(into:at:)`` writes them, and the body's expanded length.
    var packedCounts: (id: Int, fields: Int, body: Int, utf8: Int) {
        (storedID.utf8Count, fields.stored.count, body.storedCount, body.utf8Count)
    }

    /// Whether the body is stored as a zstd frame (rather than as plain text).
    var bodyIsFrame: Bool { body.isFrame }

    /// A document whose id, fields and body are the runs of `block` from `offset` with the
    /// given counts, in ``writePacked(into:at:)``'s order (restored from a snapshot, whose
    /// reader checked them); advances `offset` past them.
    init(
        packedIn block: PackedBytes, at offset: inout Int,
        counts: (id: Int, fields: Int, body: Int, utf8: Int), dictionary: BodyDictionary?,
        dateInferred: Bool, lang: Language
    ) {
        storedID = StoredID(block: block, start: offset, count: counts.id)
        offset += counts.id
        fields = DocumentFields(block: block, start: offset, count: counts.fields)
        offset += counts.fields
        body = CompressedText(
            block: block, start: offset, count: counts.body, utf8Count: counts.utf8,
            dictionary: dictionary)
        offset += counts.body
        self.dateInferred = dateInferred
        self.lang = lang
    }

    /// Bytes ``writePacked(into:at:includingBody:)`` writes: the id's UTF-8, the fields, and
    /// the stored body if `includingBody`.
    func packedByteCount(includingBody: Bool = true) -> Int {
        storedID.utf8Count + fields.stored.count + (includingBody ? body.storedCount : 0)
    }

    /// Copies the id, fields and (if `includingBody`) the stored body, in that order, to
    /// `buffer` from `offset`; returns the offset after them.
    func writePacked(
        into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int, includingBody: Bool = true
    ) -> Int {
        var offset = offset
        offset = storedID.withUTF8 { Self.copy($0, into: buffer, at: offset) }
        offset = fields.stored.withUnsafeBufferPointer { Self.copy($0, into: buffer, at: offset) }
        guard includingBody else { return offset }
        return body.withStored { bytes, _ in Self.copy(bytes, into: buffer, at: offset) }
    }

    /// ``writePacked(into:at:includingBody:)`` of a document in an array being packed, the
    /// body unless it is in a ``BodyStore``. Mutating only so that the document is reached
    /// through its address: called on an element of a buffer, the non-mutating method got a
    /// copy of the document (its id, fields and body retained and released), since the
    /// buffer it writes might have held it.
    mutating func writePackedInPlace(into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int)
        -> Int
    {
        writePacked(into: buffer, at: offset, includingBody: !body.isInStore)
    }

    /// Makes this document read its id, fields and (unless it is in a ``BodyStore``) body
    /// from `block` at `offset`, where ``writePacked(into:at:includingBody:)`` put them;
    /// advances `offset` past them.
    mutating func pack(in block: PackedBytes, at offset: inout Int) {
        let idCount = storedID.utf8Count
        storedID = StoredID(moving: storedID, to: block, start: offset)
        offset += idCount
        let fieldCount = fields.stored.count
        fields = DocumentFields(moving: fields, to: block, start: offset)
        offset += fieldCount
        guard !body.isInStore else { return }
        let bodyCount = body.storedCount
        body = CompressedText(moving: body, to: block, start: offset)
        offset += bodyCount
    }

    private static func copy(
        _ source: UnsafeBufferPointer<UInt8>, into buffer: UnsafeMutableBufferPointer<UInt8>,
        at offset: Int
    ) -> Int {
        let target = UnsafeMutableBufferPointer(rebasing: buffer[offset..<offset + source.count])
        _ = target.initialize(from: source)
        return offset + source.count
    }
}
