import Foundation
import Testing

/// The golden vectors decoded by a different implementation: Debian's python3-protobuf on
/// protoc's generated code (clients/python/check_vectors.py). Together with
/// GoldenVectorTests this proves NatoAzProtocol speaks stock protobuf byte for byte.
@Suite("Python interop")
struct PythonInteropTests {
    @Test("the stock protobuf library decodes every golden vector", .timeLimit(.minutes(1)))
    func checkVectors() throws {
        let python = "/usr/bin/python3"
        try #require(
            FileManager.default.isExecutableFile(atPath: python),
            "Debian's python3 is missing: make test-deps installs it")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [RepositoryFile.path("clients/python/check_vectors.py")]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(
            decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("vectors ok"), "\(text)")
        #expect(!text.contains("FAIL"), "\(text)")
    }
}
