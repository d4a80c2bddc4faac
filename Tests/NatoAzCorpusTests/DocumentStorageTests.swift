import NatoAzCorpus
import Testing

/// A document stores its body once, as `text`; `paragraphs` is cut from it and must give back
/// exactly the paragraphs it was made from.
@Suite struct DocumentStorageTests {
    @Test(arguments: [
        [],
        [""],
        ["One paragraph."],
        ["First.", "Second, with Türkiye and Столтенберг.", "Third."],
        ["", "after an empty one", ""],
        ["holds\n\na blank line itself", "next"],
    ])
    func paragraphsComeBackAsGiven(paragraphs: [String]) {
        let document = Document(id: "d", lang: .english, paragraphs: paragraphs)
        #expect(document.paragraphs == paragraphs)
        #expect(document.paragraphCount == paragraphs.count)
        #expect(document.text == paragraphs.joined(separator: "\n\n"))
    }

    @Test func settingParagraphsReplacesTheText() {
        var document = Document(id: "d", lang: .english, paragraphs: ["old"])
        document.paragraphs = ["new one", "new two"]
        #expect(document.text == "new one\n\nnew two")
        #expect(document.paragraphs == ["new one", "new two"])
        document.paragraphs.append("three")
        #expect(document.text == "new one\n\nnew two\n\nthree")
    }

    @Test func equalityFollowsTheParagraphs() {
        let joined = Document(id: "d", lang: .english, paragraphs: ["a\n\nb"])
        let split = Document(id: "d", lang: .english, paragraphs: ["a", "b"])
        #expect(joined.text == split.text)
        #expect(joined != split)
        #expect(split == Document(id: "d", lang: .english, paragraphs: ["a", "b"]))
    }
}
