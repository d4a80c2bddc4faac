import Foundation
import NatoAzTestSupport
import Testing

/// Checks made by Python tools over the repository: a second protobuf implementation decoding
/// the golden vectors, and the generated code being in step with natoaz.proto.
@Suite("Python interop")
struct PythonInteropTests {
    /// Runs a script with Debian's python3 (which has python3-protobuf and -zstandard).
    static func run(_ script: String) throws -> (status: Int32, output: String) {
        let python = "/usr/bin/python3"
        try #require(
            FileManager.default.isExecutableFile(atPath: python),
            "Debian's python3 is missing: make test-deps installs it")
        let result = try runProcess(python, [RepositoryFile.path(script)], timeout: .seconds(60))
        return (result.status, result.output)
    }

    /// NatoAzProtocol speaks stock protobuf byte for byte (with GoldenVectorTests).
    @Test("the stock protobuf library decodes every golden vector", .hangGuard)
    func checkVectors() throws {
        let (status, output) = try Self.run("clients/python/check_vectors.py")
        #expect(status == 0, "\(output)")
        #expect(output.contains("vectors ok") && !output.contains("FAIL"), "\(output)")
    }

    @Test("the Swift codecs, docs and natoaz_pb2.py match natoaz.proto", .hangGuard)
    func generatedCodeUpToDate() throws {
        let (status, output) = try Self.run("Protocol/check_generated.py")
        #expect(status == 0, "\(output)")
    }
}
