import NatoAzTestSupport
import Testing

@testable import NatoAzCorpus

/// Session 13's QA: a page of 4 MB of `&` took minutes to load (each scalar appended copied
/// the text so far); one of 4 MB of `<aaaa...` built a 4 MB tag name the same way.
@Suite struct HTMLTextTests {
    @Test(.hangGuard) func aHostilePageIsReadInLinearTime() throws {
        let page = "<html><title>T</title><p>" + String(repeating: "&", count: 1_000_000)
        let tag = "<html><p>NATO<a" + String(repeating: "a", count: 1_000_000)
        let ((amps, name), cpu) = ThreadCPUTime.measure {
            (HTMLText.plainText(page), HTMLText.plainText(tag))
        }
        #expect(amps?.hasSuffix(String(repeating: "&", count: 1_000)) == true)
        #expect(name?.contains("NATO") == true)
        #expect(cpu < .seconds(15), "\(cpu)")
    }

    /// Session 15's QA: a `<!--` never closed took the rest of the page with it, as in a
    /// browser: the article lost everything after it, silently. Now only the marker goes.
    @Test func anUnclosedCommentKeepsTheRestOfTheArticle() throws {
        let page =
            "<html><title>Talks</title><p>NATO met in Baku.</p><!-- stray"
            + "<p>Azerbaijan joined the exercise.</p></html>"
        let text = try #require(HTMLText.plainText(page))
        #expect(text.contains("NATO met in Baku."))
        #expect(text.contains("Azerbaijan joined the exercise."))
        // A closed comment still goes whole, up to the first `-->` (as in HTML).
        let mixed = try #require(
            HTMLText.plainText("<html><p>A<!-- hidden -->B</p><!-- x<p>C<!-- y -->D</p>"))
        #expect(!mixed.contains("hidden") && !mixed.contains("C"))
        #expect(mixed.contains("AB") && mixed.contains("D"))
        // After an unclosed one, a later `<!--` is only its marker too.
        let twice = try #require(HTMLText.plainText("<html><p>A<!-- x</p><p>B<!-- y</p>"))
        #expect(twice.contains("A") && twice.contains("x") && twice.contains("B"))
    }

    @Test(.hangGuard) func manyUnclosedCommentsAreReadInLinearTime() throws {
        let page = "<html><p>NATO" + String(repeating: "<!--", count: 250_000) + "Baku</p>"
        let (read, cpu) = ThreadCPUTime.measure { HTMLText.plainText(page) }
        let text = try #require(read)
        #expect(text.contains("NATO") && text.contains("Baku"))
        #expect(cpu < .seconds(15), "\(cpu)")
    }
}
