/// The corpus is too large for one index: its posting lists pass what the index's 32-bit
/// offsets can address, so building it would make searches read the wrong bytes.
///
/// At about 0.6 byte of posting data per byte of news text, the limit is reached near 3.5 GB
/// of articles, far beyond the memory of the machines natoazd is meant for.
public struct IndexTooLarge: Error, Sendable, Hashable, CustomStringConvertible {
    /// The posting bytes the corpus needs.
    public var postingBytes: Int
    /// The most one index can address (``SearchIndex/maxPostingBytes``).
    public var limit: Int

    public var description: String {
        "the corpus is too large for one index: its posting lists take \(postingBytes) bytes, "
            + "over the \(limit)-byte limit of one index (32-bit offsets); split the articles "
            + "into several corpus directories, each served by its own natoazd"
    }
}
