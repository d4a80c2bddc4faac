import CZstd

#if canImport(Glibc)
    import Glibc
#endif

/// Reads a snapshot's content: the zstd frame after the header, decompressed on the fly
/// straight into the arrays that keep it (no copy of the whole content in memory).
///
/// Every read is bounded by the content length the header declares, so a damaged count
/// cannot make it allocate more than that; zstd checks the frame's checksum when the frame
/// ends, which ``finish()`` requires, with nothing after it.
final class SnapshotInput {
    private static let inputCapacity = 1 << 20

    let path: String
    private let descriptor: Int32
    private let context: OpaquePointer
    private let buffer: UnsafeMutableRawBufferPointer
    private var input = ZSTD_inBuffer(src: nil, size: 0, pos: 0)
    /// Content bytes the header declares and that have not been read yet.
    private(set) var remaining: Int
    private var frameEnded = false

    /// Reads the frame from `descriptor`'s current offset; it must hold `contentCount` bytes.
    init(descriptor: Int32, path: String, contentCount: Int) throws(SnapshotError) {
        guard let context = ZSTD_createDCtx() else {
            throw SnapshotError(.system, path: path, "zstd could not allocate a context")
        }
        self.descriptor = descriptor
        self.path = path
        self.context = context
        remaining = contentCount
        buffer = .allocate(byteCount: Self.inputCapacity, alignment: 16)
        input.src = UnsafeRawPointer(buffer.baseAddress)
    }

    deinit {
        ZSTD_freeDCtx(context)
        buffer.deallocate()
    }

    func damaged(_ detail: String) -> SnapshotError {
        SnapshotError(.damaged, path: path, detail)
    }

    /// Fills `target` with the next content bytes.
    func read(into target: UnsafeMutableRawBufferPointer) throws(SnapshotError) {
        guard target.count <= remaining else {
            throw damaged("a count runs past the declared content length")
        }
        var output = ZSTD_outBuffer(dst: target.baseAddress, size: target.count, pos: 0)
        while output.pos < output.size {
            if frameEnded { throw damaged("truncated: the content ends early") }
            if input.pos == input.size, try refill() == 0 {
                let before = output.pos
                try step(&output)
                if output.pos == before { throw damaged("truncated: the file ends early") }
                continue
            }
            try step(&output)
        }
        remaining -= target.count
    }

    func read<T: FixedWidthInteger>(_: T.Type = T.self) throws(SnapshotError) -> T {
        var value = T.zero
        var failure: SnapshotError?
        withUnsafeMutableBytes(of: &value) { bytes in
            do throws(SnapshotError) { try read(into: bytes) } catch { failure = error }
        }
        if let failure { throw failure }
        return T(littleEndian: value)
    }

    /// A count of elements of `size` bytes each that the content still has room for.
    func count(elementSize size: Int) throws(SnapshotError) -> Int {
        let count = try read(UInt64.self)
        guard count <= UInt64(remaining / max(1, size)) else {
            throw damaged("a count (\(count)) runs past the declared content length")
        }
        return Int(count)
    }

    /// An array written by ``SnapshotOutput/write(array:)``.
    func readArray<T: FixedWidthInteger>(of _: T.Type = T.self) throws(SnapshotError) -> [T] {
        let count = try count(elementSize: MemoryLayout<T>.stride)
        var failure: SnapshotError?
        let array = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            do throws(SnapshotError) {
                try read(into: UnsafeMutableRawBufferPointer(buffer))
                initialized = count
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        // Stored little-endian, as this machine keeps them (SnapshotOutput refuses to build
        // for a big-endian one): no byte-order pass, no copy.
        return array
    }

    /// Bytes written by ``SnapshotOutput/write(array:)``.
    func readBytes() throws(SnapshotError) -> [UInt8] {
        try readArray(of: UInt8.self)
    }

    func readString() throws(SnapshotError) -> String {
        String(decoding: try readBytes(), as: UTF8.self)
    }

    func readStrings() throws(SnapshotError) -> [String] {
        let count = try count(elementSize: 8)
        var strings: [String] = []
        strings.reserveCapacity(count)
        for _ in 0..<count { strings.append(try readString()) }
        return strings
    }

    /// Requires the frame to end exactly here (zstd verifies its checksum then) and the file
    /// to end with it.
    func finish() throws(SnapshotError) {
        guard remaining == 0 else { throw damaged("\(remaining) content bytes were not read") }
        let byte = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)
        defer { byte.deallocate() }
        while !frameEnded {
            var output = ZSTD_outBuffer(dst: byte, size: 1, pos: 0)
            if input.pos == input.size, try refill() == 0 {
                try step(&output)
                if !frameEnded { throw damaged("truncated: the file ends before the checksum") }
            } else {
                try step(&output)
            }
            if output.pos > 0 { throw damaged("the content is longer than declared") }
        }
        if input.pos < input.size {
            throw damaged("unexpected bytes after the compressed content")
        }
        if try refill() > 0 {
            throw damaged("unexpected bytes after the compressed content")
        }
    }

    private func step(_ output: inout ZSTD_outBuffer) throws(SnapshotError) {
        let result = ZSTD_decompressStream(context, &output, &input)
        if ZSTD_isError(result) != 0 {
            throw damaged("zstd: \(String(cString: ZSTD_getErrorName(result)))")
        }
        if result == 0 { frameEnded = true }
    }

    /// Reads more compressed bytes; 0 at the end of the file.
    private func refill() throws(SnapshotError) -> Int {
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw SnapshotError(
                    .system, path: path, "cannot read: \(SystemInfo.errorMessage(errno))")
            }
            input.size = count
            input.pos = 0
            return count
        }
    }
}
