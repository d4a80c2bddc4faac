/// Why `natoazd` cannot listen: a live daemon on the path, a path that is not a socket, a
/// bad inherited socket, a failed system call. The message says what to do.
public struct ListenError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong (with the path and the system's reason) and what to do.
    public var message: String

    /// An error with a complete message, printed as is at start-up.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
