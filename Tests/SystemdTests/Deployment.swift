import Foundation
import NatoAzTestSupport

/// The files under `systemd/`, rendered the way `make install` renders them, in a scratch
/// directory that is removed when the value is released.
final class Deployment: Sendable {
    /// The repository root.
    static let repository = PackagePaths.root

    /// Where the test binary was built; `swift build` puts natoazd next to it.
    static let binDirectory: String = {
        let executable =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var url = URL(fileURLWithPath: executable).resolvingSymlinksInPath()
        // On Linux the test runner is .build/<triple>/<config>/<package>PackageTests.xctest.
        url.deleteLastPathComponent()
        return url.path
    }()

    /// The scratch directory holding the rendered units.
    let directory: String
    /// The value substituted for @BINDIR@.
    let binDirectory: String
    /// The value substituted for @SHAREDIR@: holds `seeds`, a link to the repository's seeds.
    let shareDirectory: String

    /// Renders every unit in `systemd/` with @BINDIR@ and @SHAREDIR@ replaced, like `make install`.
    init(binDirectory: String = Deployment.binDirectory) throws {
        let fm = FileManager.default
        directory =
            fm.temporaryDirectory.appendingPathComponent(
                "natoaz-systemd-\(UUID().uuidString)"
            ).path
        self.binDirectory = binDirectory
        shareDirectory = directory + "/share"
        try fm.createDirectory(atPath: shareDirectory, withIntermediateDirectories: true)
        try fm.createSymbolicLink(
            atPath: shareDirectory + "/seeds", withDestinationPath: Deployment.repository + "/seeds"
        )
        for name in Deployment.unitNames {
            let text = try Deployment.source(name)
                .replacingOccurrences(of: "@BINDIR@", with: binDirectory)
                .replacingOccurrences(of: "@SHAREDIR@", with: shareDirectory)
            try text.write(toFile: path(name), atomically: true, encoding: .utf8)
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// The unit files `make install` renders.
    static let unitNames = ["natoazd.socket", "natoazd.service"]

    /// The text of `systemd/<name>` as committed, placeholders included.
    static func source(_ name: String) throws -> String {
        try String(contentsOfFile: repository + "/systemd/" + name, encoding: .utf8)
    }

    /// The rendered file's path.
    func path(_ name: String) -> String { directory + "/" + name }
}
