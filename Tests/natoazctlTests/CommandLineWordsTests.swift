import NatoAzClient
import Testing

/// Batch lines are split like a shell would split them, without any expansion.
@Suite struct CommandLineWordsTests {
    @Test func blanksSeparateWords() throws {
        #expect(
            try CommandLineWords.split("  search nato\t--limit 3 ") == [
                "search", "nato", "--limit", "3",
            ])
        #expect(try CommandLineWords.split("   ") == [])
    }

    @Test func quotesGroupAndEscape() throws {
        #expect(
            try CommandLineWords.split(#"search '"resolute support"' lang:en"#) == [
                "search", #""resolute support""#, "lang:en",
            ])
        #expect(
            try CommandLineWords.split(#"kwic "say \"hi\" \\ \n" it\'s"#) == [
                "kwic", #"say "hi" \ \n"#, "it's",
            ])
        #expect(try CommandLineWords.split(#"get ''"#) == ["get", ""])
        #expect(try CommandLineWords.split("search $HOME *") == ["search", "$HOME", "*"])
    }

    @Test func unterminatedQuotesSayWhere() {
        #expect(throws: CommandLineWords.SplitError(reason: "unterminated double quote", column: 8))
        {
            try CommandLineWords.split(#"search "nato"#)
        }
        #expect(throws: CommandLineWords.SplitError(reason: "unterminated single quote", column: 5))
        {
            try CommandLineWords.split("get 'x")
        }
    }
}
