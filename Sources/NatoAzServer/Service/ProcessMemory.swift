import NatoAzCorpus

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The process's resident memory, from /proc/self/statm, for the start-up summary.
enum ProcessMemory {
    static func residentBytes() -> Int? {
        guard let bytes = try? SmallFile.read("/proc/self/statm", limit: 4096) else { return nil }
        let fields = String(decoding: bytes, as: UTF8.self).split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(CInt(_SC_PAGESIZE)))
    }

    /// Returns freed heap memory to the kernel (see ``HeapAllocator/releaseFreedMemory()``).
    /// After a load most of what was allocated is garbage, and glibc would otherwise keep it
    /// resident for good.
    static func releaseFreedMemory() {
        HeapAllocator.releaseFreedMemory()
    }

    /// Maps every large allocation on its own (see ``HeapAllocator/useFixedMmapThreshold()``);
    /// called once, first thing at start-up.
    static func useFixedMmapThreshold() {
        HeapAllocator.useFixedMmapThreshold()
    }
}
