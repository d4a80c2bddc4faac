import CZstd

#if canImport(Glibc)
    import Glibc
#endif

/// Writes a snapshot's content as one zstd frame with a content checksum, compressing as it
/// goes: small values are staged in a small buffer, large arrays go to zstd straight from
/// where they live, so writing holds a few megabytes beyond the index itself.
///
/// Integers are little-endian; an array is its element count (`UInt64`) then its elements.
final class SnapshotOutput {
    /// zstd level 1: the bodies inside are compressed already; higher levels cost write time
    /// for little (see BENCHMARKS.md).
    static let level: Int32 = 1
    private static let stagingCapacity = 64 * 1024
    private static let outputCapacity = 1 << 20

    private let descriptor: Int32
    private let path: String
    private let context: OpaquePointer
    private let output: UnsafeMutableRawBufferPointer
    private var staging: [UInt8] = []
    /// Content bytes written so far (before compression).
    private(set) var contentCount = 0
    /// Compressed bytes written to the file so far, by this output.
    private(set) var writtenCount = 0

    /// A frame written to `descriptor` from its current offset.
    init(descriptor: Int32, path: String) throws(SnapshotError) {
        guard let context = ZSTD_createCCtx() else {
            throw SnapshotError(.system, path: path, "zstd could not allocate a context")
        }
        self.descriptor = descriptor
        self.path = path
        self.context = context
        output = .allocate(byteCount: Self.outputCapacity, alignment: 16)
        staging.reserveCapacity(Self.stagingCapacity)
        ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, Self.level)
        ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1)
    }

    deinit {
        ZSTD_freeCCtx(context)
        output.deallocate()
    }

    func write<T: FixedWidthInteger>(_ value: T) throws(SnapshotError) {
        withUnsafeBytes(of: value.littleEndian) { staging.append(contentsOf: $0) }
        contentCount += MemoryLayout<T>.size
        if staging.count >= Self.stagingCapacity { try flushStaging() }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(SnapshotError) {
        contentCount += bytes.count
        if bytes.count < 4096 {
            staging.append(contentsOf: bytes)
            if staging.count >= Self.stagingCapacity { try flushStaging() }
            return
        }
        try flushStaging()
        try compress(bytes, end: false)
    }

    /// The element count, then the elements.
    func write<T: FixedWidthInteger>(array: [T]) throws(SnapshotError) {
        #if _endian(big)
            #error("snapshots store integers little-endian")
        #endif
        try write(UInt64(array.count))
        var failure: SnapshotError?
        array.withUnsafeBytes { bytes in
            do throws(SnapshotError) { try write(bytes) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// The first `count` of `bytes`, without a count.
    func write(prefix count: Int, of bytes: [UInt8]) throws(SnapshotError) {
        var failure: SnapshotError?
        bytes.withUnsafeBytes { bytes in
            do throws(SnapshotError) {
                try write(UnsafeRawBufferPointer(rebasing: bytes[..<count]))
            } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// The UTF-8 length, then the bytes.
    func write(string: String) throws(SnapshotError) {
        var string = string
        try write(UInt64(string.utf8.count))
        var failure: SnapshotError?
        string.withUTF8 { bytes in
            do throws(SnapshotError) { try write(UnsafeRawBufferPointer(bytes)) } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }

    func write(strings: [String]) throws(SnapshotError) {
        try write(UInt64(strings.count))
        for string in strings { try write(string: string) }
    }

    /// Ends the frame (writing its checksum) and writes what is left.
    func finish() throws(SnapshotError) {
        try flushStaging()
        try compress(UnsafeRawBufferPointer(start: nil, count: 0), end: true)
    }

    private func flushStaging() throws(SnapshotError) {
        guard !staging.isEmpty else { return }
        var failure: SnapshotError?
        staging.withUnsafeBytes { bytes in
            do throws(SnapshotError) { try compress(bytes, end: false) } catch { failure = error }
        }
        if let failure { throw failure }
        staging.removeAll(keepingCapacity: true)
    }

    private func compress(_ bytes: UnsafeRawBufferPointer, end: Bool) throws(SnapshotError) {
        var input = ZSTD_inBuffer(src: bytes.baseAddress, size: bytes.count, pos: 0)
        while true {
            var out = ZSTD_outBuffer(dst: output.baseAddress, size: output.count, pos: 0)
            let left = ZSTD_compressStream2(
                context, &out, &input, end ? ZSTD_e_end : ZSTD_e_continue)
            if ZSTD_isError(left) != 0 {
                throw SnapshotError(
                    .system, path: path,
                    "zstd failed to compress: \(String(cString: ZSTD_getErrorName(left)))")
            }
            try writeAll(UnsafeRawBufferPointer(rebasing: output[..<out.pos]))
            let done = end ? left == 0 : input.pos == input.size
            if done { return }
        }
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws(SnapshotError) {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw SnapshotError(
                    .system, path: path, "cannot write: \(SystemInfo.errorMessage(errno))")
            }
            offset += written
        }
        writtenCount += bytes.count
    }
}
