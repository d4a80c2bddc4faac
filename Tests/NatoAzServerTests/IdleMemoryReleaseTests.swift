import Logging
import Testing

@testable import NatoAzServer

/// Regression: glibc kept the scratch of long requests resident in the workers' arenas. At
/// 100k articles the 1,066-lookup batch took natoazd from 468 to 658 MB; 121 MB of it was
/// free memory that `malloc_trim` gives back. natoazd now trims when the workers fall idle,
/// once enough work has run to be worth a trim.
@Suite("Returning freed memory when the workers fall idle")
struct IdleMemoryReleaseTests {
    private let releases = Recorded<Void>()

    private func policy() -> IdleMemoryRelease {
        let releases = self.releases
        return IdleMemoryRelease(logger: Logger(label: "test")) { releases.append(()) }
    }

    private var released: Int { releases.values.count }

    @Test("short idle bursts add up to one release, then the count starts again")
    func shortBurstsAddUp() {
        let release = policy()
        let step = IdleMemoryRelease.workBetweenReleases / 4
        for _ in 0..<3 { release.workersIdle(after: step) }
        #expect(released == 0)
        release.workersIdle(after: step)
        #expect(released == 1)
        for _ in 0..<3 { release.workersIdle(after: step) }
        #expect(released == 1)
        release.workersIdle(after: step)
        #expect(released == 2)
    }

    @Test("one long burst releases at once; idle moments after no work release nothing")
    func longBurstReleasesAtOnce() {
        let release = policy()
        release.workersIdle(after: IdleMemoryRelease.workBetweenReleases * 3)
        #expect(released == 1)
        for _ in 0..<10 { release.workersIdle(after: .zero) }
        #expect(released == 1)
    }
}
