#if canImport(Glibc)
    import Glibc
#endif

/// The C library's heap, tuned for a process that builds a large index and then keeps it:
/// glibc's `mallopt` and `malloc_trim`, looked up at run time (their header is not part of the
/// Glibc module, and other C libraries, such as musl, have neither: there both do nothing).
public enum HeapAllocator {
    /// Allocations of at least this many bytes get their own mapping.
    public static let mmapThreshold = 256 * 1024

    /// Fixes glibc's mmap threshold at ``mmapThreshold``. By default glibc raises the
    /// threshold each time a mapped block is freed (up to 32 MiB), so that after the load's
    /// first large scratch arrays are freed, later large arrays, including the index's
    /// long-lived ones, come from the heap among scratch, whose freed pages then stay
    /// resident around them. With a fixed threshold every large array is mapped on its own
    /// and returned whole when freed. Call it once, at start-up.
    public static func useFixedMmapThreshold() {
        #if canImport(Glibc)
            // M_MMAP_THRESHOLD from <malloc.h>.
            _ = mallopt?(-3, CInt(mmapThreshold))
        #endif
    }

    /// Returns freed heap memory to the kernel (`malloc_trim(0)`, which also releases free
    /// pages in the middle of the heap); glibc would otherwise keep it resident for good.
    public static func releaseFreedMemory() {
        _ = mallocTrim?(0)
    }

    private static let mallopt: (@convention(c) (CInt, CInt) -> CInt)? = symbol("mallopt")
    private static let mallocTrim: (@convention(c) (Int) -> CInt)? = symbol("malloc_trim")

    private static func symbol<F>(_ name: String) -> F? {
        #if canImport(Glibc)
            guard let symbol = dlsym(nil, name) else { return nil }
            return unsafeBitCast(symbol, to: F.self)
        #else
            return nil
        #endif
    }
}
