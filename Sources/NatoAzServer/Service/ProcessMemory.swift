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
}
