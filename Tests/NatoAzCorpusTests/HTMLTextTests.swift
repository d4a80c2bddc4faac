import NatoAzTestSupport
import Testing

@testable import NatoAzCorpus

/// Session 13's QA: a page of 4 MB of `&` took minutes to load (each scalar appended copied
/// the text so far); one of 4 MB of `<aaaa...` built a 4 MB tag name the same way.
@Suite struct HTMLTextTests {
    @Test(.hangGuard) func aHostilePageIsReadInLinearTime() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let page = "<html><title>T</title><p>" + String(repeating: "&", count: 1_000_000)
        let amps = try #require(HTMLText.plainText(page))
        #expect(amps.hasSuffix(String(repeating: "&", count: 1_000)))
        let name = HTMLText.plainText("<html><p>NATO<a" + String(repeating: "a", count: 1_000_000))
        #expect(name?.contains("NATO") == true)
        #expect(clock.now - start < .seconds(15))
    }
}
