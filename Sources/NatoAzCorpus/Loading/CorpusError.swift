/// The corpus as a whole cannot be loaded (a bad *file* is never a `CorpusError`: it is a
/// rejection in `LoadReport`).
public struct CorpusError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Why the directory cannot be read.
    public enum Kind: Sendable, Hashable {
        /// The path does not exist.
        case directoryNotFound
        /// The path exists but is not a directory.
        case notADirectory
        /// The directory exists but may not be listed.
        case permissionDenied
        /// Listing failed for another reason (`errno` says which).
        case unreadable
    }

    /// What went wrong, for a caller that acts on it.
    public var kind: Kind
    /// The directory as given.
    public var path: String
    /// The `errno` of the failed call.
    public var errno: Int32
    /// `strerror(errno)`.
    public var systemMessage: String

    /// An error for `path` from the failed call's `errno` and its `strerror` text.
    public init(kind: Kind, path: String, errno: Int32, systemMessage: String) {
        self.kind = kind
        self.path = path
        self.errno = errno
        self.systemMessage = systemMessage
    }

    public var description: String {
        switch kind {
        case .directoryNotFound:
            return "corpus directory '\(path)' does not exist; pass a directory of .txt articles"
        case .notADirectory:
            return "corpus path '\(path)' is not a directory; pass the directory that holds the "
                + ".txt articles"
        case .permissionDenied:
            return "corpus directory '\(path)' cannot be read: \(systemMessage); grant read and "
                + "execute permission to the user running natoazd"
        case .unreadable:
            return "corpus directory '\(path)' cannot be listed: \(systemMessage) (errno \(errno))"
        }
    }
}
