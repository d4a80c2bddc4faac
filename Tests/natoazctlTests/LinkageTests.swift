import Foundation
import NatoAzTestSupport
import Testing

/// natoazctl must stay thin: no Foundation (ArgumentParser's FoundationEssentials is the one
/// exception) and no NIO, so it starts in milliseconds.
@Suite struct LinkageTests {
    @Test func linksNeitherFoundationNorNIO() throws {
        let binary = PackagePaths.natoazctl
        let ldd = try run("/usr/bin/ldd", [binary])
        // Release builds are fully static executables, which link no shared library at all.
        let isStatic = (ldd.stdout + ldd.stderr).contains("not a dynamic executable")
        #expect(ldd.status == 0 || isStatic)
        for library in ["libFoundation.so", "libFoundationNetworking.so", "libFoundationXML.so"] {
            #expect(!ldd.stdout.contains(library), "natoazctl links \(library)")
        }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: binary))
        // Mangled Swift symbols of NIO's modules would contain these.
        for module in ["7NIOCore", "8NIOPosix"] {
            #expect(bytes.range(of: Data(module.utf8)) == nil, "natoazctl contains \(module)")
        }
    }
}
