/// How `CorpusLoader` reads a directory. The defaults suit a news corpus.
public struct LoadOptions: Sendable, Hashable {
    /// Files larger than this are rejected unread. Default 8 MiB: a news article is a few KiB,
    /// so anything near the limit is almost certainly not an article.
    public var maxFileBytes: Int
    /// How many files are read and parsed at once. Default: the number of online processors.
    public var parallelism: Int

    /// Options with a file size limit (negative counts as 0) and a number of workers (at least
    /// 1; nil for one per online processor).
    public init(maxFileBytes: Int = 8 << 20, parallelism: Int? = nil) {
        self.maxFileBytes = max(0, maxFileBytes)
        self.parallelism = max(1, parallelism ?? SystemInfo.onlineProcessors)
    }
}
