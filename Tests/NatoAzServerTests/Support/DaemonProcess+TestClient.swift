import NatoAzTestSupport

extension DaemonProcess {
    /// Waits until a client completes a handshake, and returns that client.
    @discardableResult
    func waitUntilServing(timeout: Duration = .seconds(20)) throws -> TestClient {
        var client: TestClient?
        try waitUntil("serve on \(socketPath)", timeout: timeout) {
            guard let candidate = try? TestClient(path: socketPath, timeout: .seconds(30)),
                (try? candidate.hello()) != nil
            else { return false }
            client = candidate
            return true
        }
        guard let client else { throw TestFailure("natoazd stopped serving on \(socketPath)") }
        return client
    }
}
