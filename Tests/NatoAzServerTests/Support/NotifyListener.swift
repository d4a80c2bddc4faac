import Foundation
import NatoAzTestSupport

/// A stand-in for systemd's notification socket: an AF_UNIX datagram socket the daemon
/// finds through `$NOTIFY_SOCKET`, path-based or abstract (`@name`).
final class NotifyListener {
    let address: String
    private let fd: Int32
    private(set) var messages: [String] = []

    /// `path` in the file system, or a name starting with "@" for the abstract namespace.
    init(address: String) throws {
        self.address = address
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var socketAddress = sockaddr_un()
        socketAddress.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(address.utf8)
        if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }
        withUnsafeMutableBytes(of: &socketAddress.sun_path) { $0.copyBytes(from: bytes) }
        let length =
            MemoryLayout<sa_family_t>.size + bytes.count + (bytes.first == 0 ? 0 : 1)
        let bound = withUnsafePointer(to: &socketAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(length))
            }
        }
        guard bound == 0 else { throw TestFailure("bind \(address): \(errno)") }
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit {
        close(fd)
    }

    /// Receives until a message satisfies `predicate` (returned) or `timeout` passes.
    func waitFor(
        timeout: Duration = .seconds(20), _ predicate: (String) -> Bool
    ) throws -> String {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { continue }
            let message = String(decoding: buffer[..<count], as: UTF8.self)
            messages.append(message)
            if predicate(message) { return message }
        }
        throw TestFailure("no matching notification; received: \(messages)")
    }
}
