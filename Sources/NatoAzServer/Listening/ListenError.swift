/// Why `natoazd` cannot listen: a live daemon on the path, a path that is not a socket, a
/// bad inherited socket, a failed system call. The message says what to do.
public struct ListenError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
