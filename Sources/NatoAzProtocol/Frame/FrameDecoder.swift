/// Cuts a byte stream into frames, however the bytes arrive (one at a time, many frames at
/// once, a frame split anywhere).
///
/// ```
/// append(bytes) ──▶ [ buffered bytes ] ──nextFrame()──▶ Frame? (nil: need more bytes)
///                        │
///                        └─ header checked as soon as its 5 bytes are here (its length
///                           as soon as 4 are, when no flags byte can mend it):
///                           length 0, length > maxFrameBytes, reserved flag bits,
///                           plain payload > maxDecompressedBytes -> error
/// ```
/// Limits are checked on the header, before any of the payload is waited for, and the buffer
/// only grows with bytes actually received (nothing is reserved from an announced length), so
/// a peer that announces a huge frame costs nothing. After an error the decoder stays failed:
/// the stream is out of sync and the connection must be closed.
public struct FrameDecoder {
    /// The limits enforced on the next header; a server raises them after the handshake.
    public var limits: ProtocolLimits

    @usableFromInline var buffer: [UInt8] = []
    @usableFromInline var readIndex = 0
    @usableFromInline var failure: ProtocolError?

    /// An empty decoder enforcing `limits` on every frame header it reads.
    public init(limits: ProtocolLimits = .standard) {
        self.limits = limits
    }

    /// Bytes received but not yet returned as frames.
    @inlinable public var bufferedByteCount: Int { buffer.count - readIndex }

    /// Adds bytes received from the peer. (Concrete overloads rather than a generic
    /// `Sequence`: an unspecialised generic from another module copies byte by byte.)
    public mutating func append(_ bytes: [UInt8]) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Adds bytes received from the peer.
    public mutating func append(_ bytes: ArraySlice<UInt8>) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Adds bytes received from the peer, e.g. straight from a `read(2)` buffer.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// The next complete frame, or nil when more bytes are needed.
    public mutating func nextFrame() throws(ProtocolError) -> Frame? {
        guard let (start, end, flags) = try nextFrameBounds() else { return nil }
        return Frame(flags: flags, payload: Array(buffer[start..<end]))
    }

    /// The next complete frame's flags and payload, lent to `body` in place instead of copied
    /// into a `Frame` (no allocation), or nil when more bytes are needed. The bytes are valid
    /// only inside `body`; the header is checked exactly as by `nextFrame()`.
    @inlinable
    public mutating func withNextFrame<R>(
        _ body: (FrameFlags, UnsafeRawBufferPointer) -> R
    ) throws(ProtocolError) -> R? {
        guard let (start, end, flags) = try nextFrameBounds() else { return nil }
        return buffer.withUnsafeBytes {
            body(flags, UnsafeRawBufferPointer(rebasing: $0[start..<end]))
        }
    }

    /// Checks the next header and, once its whole frame is buffered, consumes it and returns
    /// where its payload lies in `buffer` (valid until the next `append`). Inlinable, with
    /// the header read in place: it runs once per frame on both sides (the daemon's read
    /// path, natoaz-bench's answers), and the error messages stay out of line.
    @inlinable
    mutating func nextFrameBounds() throws(ProtocolError) -> (Int, Int, FrameFlags)? {
        if let failure { throw failure }
        let start = readIndex
        guard buffer.count - start >= Frame.headerSize else {
            // A length no flags byte can mend fails now: a frame of length 0 is only its 4
            // bytes, so its sender waits for an answer, and got one only at the frame timeout
            // ("frame incomplete"), 10 s later.
            guard buffer.count - start == 4 else { return nil }
            let length = buffer[start..<start + 4].reduce(0) { $0 << 8 | Int($1) }
            guard length < 1 || length > limits.maxFrameBytes else { return nil }
            let error = headerError(at: start)
            failure = error
            throw error
        }
        let (length, flagsByte) = buffer.withUnsafeBufferPointer { bytes in
            let prefix =
                Int(bytes[start]) << 24 | Int(bytes[start + 1]) << 16
                | Int(bytes[start + 2]) << 8 | Int(bytes[start + 3])
            return (prefix, bytes[start + 4])
        }
        let flags = FrameFlags(rawValue: flagsByte)
        // The valid flags are 0 (plain), 1 (compressed) and 3 (compressed with the
        // dictionary); any other value, or a length out of bounds, is an error. A plain
        // payload is already its decompressed self: it is held to `maxDecompressedBytes`
        // here, so a reader of plain frames needs no second check (`FrameCodec` still makes
        // it).
        guard length >= 1, length <= limits.maxFrameBytes, flagsByte <= 1 || flagsByte == 3,
            flagsByte != 0 || length - 1 <= limits.maxDecompressedBytes
        else {
            let error = headerError(at: start)
            failure = error
            throw error
        }
        guard buffer.count - start >= 4 + length else { return nil }
        readIndex = start + 4 + length
        return (start + Frame.headerSize, readIndex, flags)
    }

    /// Call at end of stream: throws if a frame was cut off by the peer closing.
    public mutating func finish() throws(ProtocolError) {
        if let failure { throw failure }
        let left = bufferedByteCount
        guard left == 0 else {
            let error = ProtocolError.malformedFrame(
                "the stream ended inside a frame: \(left) byte(s) of an incomplete frame")
            failure = error
            throw error
        }
    }

    /// Why the header at `start` is invalid (called only when it is).
    @usableFromInline
    func headerError(at start: Int) -> ProtocolError {
        let prefix = buffer[start..<start + 4]
        let length = prefix.reduce(0) { $0 << 8 | Int($1) }
        guard length >= 1 else {
            return .malformedFrame("frame length 0: the length must count at least the flags byte")
        }
        guard length <= limits.maxFrameBytes else {
            if let text = Self.printableText(prefix) {
                return .malformedFrame(
                    "frame header reads as text (\"\(text)\"), not a natoaz frame: natoazd "
                        + "speaks a binary protocol (Protocol/PROTOCOL.md), not HTTP or text")
            }
            return .tooLarge(
                "frame of \(length) bytes exceeds the limit of \(limits.maxFrameBytes) bytes",
                limit: .frameBytes)
        }
        let flags = FrameFlags(rawValue: buffer[start + 4])
        guard flags != [] || length - 1 <= limits.maxDecompressedBytes else {
            return .tooLarge(
                "payload of \(length - 1) bytes exceeds the limit of "
                    + "\(limits.maxDecompressedBytes) bytes", limit: .decompressedBytes)
        }
        guard FrameFlags.known.isSuperset(of: flags) else {
            let bits = String(flags.subtracting(.known).rawValue, radix: 2)
            return .malformedFrame(
                "reserved flag bits set (0b\(bits)); this version defines bits 0-1")
        }
        return .malformedFrame("flag bit 1 (dictionary) set without bit 0 (compressed)")
    }

    /// The length prefix as text when all four bytes are printable ASCII: then the peer is
    /// almost surely speaking HTTP or another text protocol, and saying so helps its user.
    private static func printableText(_ bytes: ArraySlice<UInt8>) -> String? {
        guard bytes.allSatisfy({ (0x20...0x7E).contains($0) }) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Drops consumed bytes, keeping the buffer's capacity, once they are worth it: at least
    /// 4 KiB and half the buffer. Emptying the array after every read (one small request per
    /// read at one connection) cost a trip through `replaceSubrange` per request; consumed
    /// bytes left in place cost nothing but their 4 KiB.
    private mutating func compact() {
        guard readIndex >= 4096 && readIndex >= buffer.count / 2 else { return }
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: true)
        } else {
            buffer.removeSubrange(0..<readIndex)
        }
        readIndex = 0
    }
}
