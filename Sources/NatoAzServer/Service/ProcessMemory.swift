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

    /// Returns freed heap memory to the kernel (glibc's `malloc_trim(0)`, which also releases
    /// free pages in the middle of the heap). After a load most of what was allocated is
    /// garbage, and glibc would otherwise keep it resident for good.
    static func releaseFreedMemory() {
        _ = mallocTrim?(0)
    }

    /// glibc's `int malloc_trim(size_t pad)`, looked up at run time: its header is not part of
    /// the Glibc module, and other C libraries (musl) do not have it.
    private static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
        #if canImport(Glibc)
            guard let symbol = dlsym(nil, "malloc_trim") else { return nil }
            return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        #else
            return nil
        #endif
    }()
}
