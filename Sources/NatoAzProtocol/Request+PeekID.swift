extension Request {
    /// The id in a payload that failed to decode, read as far as the payload allows, so the
    /// error response can still carry it (0 when unreadable, as PROTOCOL.md prescribes).
    public static func peekID(in payload: [UInt8]) -> UInt64 {
        payload.withUnsafeBytes { peekID(in: $0) }
    }

    /// The id in a payload that failed to decode, read in place.
    public static func peekID(in payload: UnsafeRawBufferPointer) -> UInt64 {
        var reader = ProtobufReader(unsafeBytes: payload)
        var id: UInt64 = 0
        while let tag = try? reader.nextTag() {
            if tag.number == 1, tag.wireType == .varint {
                guard let value = try? reader.readVarint() else { break }
                id = value
            } else if (try? reader.skip(tag)) == nil {
                break
            }
        }
        return id
    }
}
