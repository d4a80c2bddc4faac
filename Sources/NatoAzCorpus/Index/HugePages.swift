#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Asks the kernel to back the index build's large, randomly read tables with transparent huge
/// pages (2 MiB, `madvise(MADV_HUGEPAGE)`), where the system leaves that to the program
/// (`/sys/kernel/mm/transparent_hugepage/enabled` = `madvise`, the common default).
///
/// At 100,000 articles a shard's token cache, term counters and vocabulary are tens of
/// megabytes each, read at random once per token: with 4 KiB pages nearly every rare word's
/// lookup also misses the TLB, and in a virtual machine each such miss walks two sets of page
/// tables. One 2 MiB page covers 512 small ones, and is cleared in one page fault instead of
/// 512. Only build-time scratch is advised: it is freed before the load ends, so the resident
/// memory of the built index does not change.
enum HugePages {
    /// The huge page size on x86-64 and arm64 with 4 KiB pages.
    static let pageBytes = 2 << 20

    /// Advises the whole huge pages inside `byteCount` bytes from `base` (nothing when there
    /// are none); call it before the memory is first written, or the kernel keeps the small
    /// pages it has already given.
    static func advise(_ base: UnsafeMutableRawPointer, byteCount: Int) {
        #if os(Linux)
            let start = (Int(bitPattern: base) + pageBytes - 1) & ~(pageBytes - 1)
            let end = (Int(bitPattern: base) + byteCount) & ~(pageBytes - 1)
            guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else {
                return
            }
            // Advice only: where it is not supported the pages stay small.
            _ = madvise(pointer, end - start, 14)  // MADV_HUGEPAGE
        #endif
    }
}

extension Array {
    /// `count` copies of `value`, in memory advised for huge pages before it is written.
    init(hugePagesRepeating value: Element, count: Int) {
        self.init(unsafeUninitializedCapacity: count) { buffer, initialized in
            if let base = buffer.baseAddress {
                HugePages.advise(
                    UnsafeMutableRawPointer(base),
                    byteCount: buffer.count * MemoryLayout<Element>.stride)
                base.initialize(repeating: value, count: count)
            }
            initialized = count
        }
    }

    /// Makes room for `extra` more elements, moving the array to memory advised for huge pages
    /// (with room for at least twice its count) when its capacity is short; appends then use
    /// that room.
    @inline(__always)
    mutating func reserveHugePages(forAppending extra: Int) {
        if count + extra > capacity {
            moveToHugePages(capacity: Swift.max(2 * count, count + extra))
        }
    }

    private mutating func moveToHugePages(capacity: Int) {
        let old = self
        self = Array(unsafeUninitializedCapacity: capacity) { buffer, initialized in
            let base = buffer.baseAddress!
            HugePages.advise(
                UnsafeMutableRawPointer(base),
                byteCount: buffer.count * MemoryLayout<Element>.stride)
            old.withUnsafeBufferPointer { old in
                if let source = old.baseAddress { base.initialize(from: source, count: old.count) }
            }
            initialized = old.count
        }
    }
}
