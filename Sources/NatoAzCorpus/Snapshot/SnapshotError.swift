/// Why an ``IndexSnapshot`` was not used or not written. Every case leads the daemon to load
/// the corpus from its text (when reading) or to serve without a new snapshot (when writing).
public struct SnapshotError: Error, Sendable, CustomStringConvertible {
    /// Why the snapshot was not used or written.
    public enum Kind: Sendable, Hashable {
        /// There is no snapshot file yet.
        case missing
        /// The snapshot was made for other input (another corpus listing, executable,
        /// library or load options): using it could serve a stale index.
        case outOfDate
        /// The file is not a snapshot of this format version, or is cut short, or its content
        /// does not match its checksum or its own counts.
        case damaged
        /// The file system refused (open, read, write, fsync, rename).
        case system
    }

    /// Which of the reasons.
    public var kind: Kind
    /// The snapshot file (or the cache directory) concerned.
    public var path: String
    /// What exactly, e.g. `the corpus directory changed` or `truncated: the content ends ...`.
    public var detail: String

    /// An error of `kind` about `path`, with the exact `detail`.
    public init(_ kind: Kind, path: String, _ detail: String) {
        self.kind = kind
        self.path = path
        self.detail = detail
    }

    public var description: String { "\(path): \(detail)" }
}
