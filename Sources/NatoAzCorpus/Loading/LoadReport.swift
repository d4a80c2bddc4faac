/// A file in the corpus directory that was not loaded, and why.
public struct RejectedFile: Sendable, Hashable, CustomStringConvertible {
    /// The file name inside the corpus directory.
    public var file: String
    /// Why it was not loaded.
    public var reason: RejectionReason

    /// A rejection of `file` (a name inside the corpus directory) for `reason`.
    public init(file: String, reason: RejectionReason) {
        self.file = file
        self.reason = reason
    }

    public var description: String { "\(file): rejected: \(reason)" }
}

/// A file that was loaded after a repair (e.g. a legacy encoding).
public struct RepairedFile: Sendable, Hashable, CustomStringConvertible {
    /// The file name inside the corpus directory.
    public var file: String
    /// What was repaired, in the order it was done.
    public var repairs: [Repair]

    /// A loaded `file` with the `repairs` made to it.
    public init(file: String, repairs: [Repair]) {
        self.file = file
        self.repairs = repairs
    }

    public var description: String {
        "\(file): repaired: " + repairs.map(\.description).joined(separator: "; ")
    }
}

/// A directory entry that is not an article (see `CorpusLoader` for which names are articles).
/// Such files are not errors: the corpus directory may hold other data, e.g. `entities.tsv`.
public struct IgnoredFile: Sendable, Hashable, CustomStringConvertible {
    /// The entry's name inside the corpus directory.
    public var file: String
    /// Why it is not an article, e.g. `not a .txt file`, `hidden file`, `directory`.
    public var why: String

    /// An entry `file` that is not an article, and why.
    public init(file: String, why: String) {
        self.file = file
        self.why = why
    }

    public var description: String { "\(file): ignored: \(why)" }
}

/// What a load did: every file of the directory appears in exactly one of loaded documents,
/// `rejected` or `ignored`; `repaired` lists loaded documents that needed a repair.
public struct LoadReport: Sendable, Hashable {
    /// The directory as given to `CorpusLoader.load(directory:)`.
    public var directory: String
    /// Number of documents loaded.
    public var loaded: Int
    /// Article files that were not loaded, sorted by file name.
    public var rejected: [RejectedFile]
    /// Loaded files that needed a repair, sorted by file name.
    public var repaired: [RepairedFile]
    /// Directory entries that are not articles, sorted by file name.
    public var ignored: [IgnoredFile]
    /// Bytes read from article files (rejected ones included, as far as they were read).
    public var bytesRead: Int
    /// Wall-clock time of the whole load.
    public var elapsed: Duration

    /// A report with the given lists; the loader sorts each by file name.
    public init(
        directory: String, loaded: Int, rejected: [RejectedFile], repaired: [RepairedFile],
        ignored: [IgnoredFile], bytesRead: Int, elapsed: Duration
    ) {
        self.directory = directory
        self.loaded = loaded
        self.rejected = rejected
        self.repaired = repaired
        self.ignored = ignored
        self.bytesRead = bytesRead
        self.elapsed = elapsed
    }

    /// One line per rejected, repaired or ignored file, for logs.
    public var problemLines: [String] {
        rejected.map(\.description) + repaired.map(\.description) + ignored.map(\.description)
    }
}
