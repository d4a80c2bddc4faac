import Foundation
import Glibc
import NatoAzTestSupport
import Testing

/// natoazctl reads its command line where `/proc` is not mounted (a chroot, a minimal
/// container), where the Swift runtime's `CommandLine.arguments` is empty.
@Suite struct NoProcTests {
    /// Mount namespaces need CAP_SYS_ADMIN (root on a normal machine or CI runner).
    static let canMount: Bool = {
        guard geteuid() == 0,
            let result = try? runProcess("/usr/bin/unshare", ["-m", "true"])
        else { return false }
        return result.status == 0
    }()

    /// Before the fix every command printed the help and exited 2: the flags were never seen.
    @Test(
        "without /proc natoazctl still reads its subcommand and flags",
        .enabled(if: canMount, "needs a mount namespace (CAP_SYS_ADMIN)"))
    func readsItsCommandLineWithoutProc() throws {
        let directory = try TemporaryDirectory()
        let socket = directory.path("natoaz.sock")
        let script = #"umount -l /proc || exit 90; test -e /proc/self || exec "$@"; exit 91"#
        // No SWIFT_BACKTRACE: a static release build must name its backtracer itself
        // (CProcessStart), or the Swift runtime aborts before main.
        let command = ["ping", "--socket", socket]
        let result = try run(
            "/usr/bin/unshare",
            ["-m", "/bin/sh", "-c", script, "sh", PackagePaths.natoazctl] + command)
        #expect(result.status == 3, "\(result.transcript)")
        #expect(
            result.stderr.hasPrefix("natoazctl: natoazd is not running at \(socket)"),
            "\(result.transcript)")
    }
}
