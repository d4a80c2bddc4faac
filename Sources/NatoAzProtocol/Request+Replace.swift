extension Request {
    /// Decodes a whole payload into this request, replacing what it held, as
    /// `WireMessage.replace(decoding:)` does for every message. The fields are reset one by
    /// one instead of by `self = Request()`, which the generic version compiles to a copy
    /// and a destroy of a whole `Request` per call: a server decodes one per request. A
    /// field added to `Request` must be reset here too (debug builds check that nothing
    /// is left over).
    @inlinable
    public mutating func replace(decoding bytes: UnsafeRawBufferPointer) throws(ProtocolError) {
        id = 0
        deadlineMs = 0
        body = nil
        assert(self == Request(), "Request.replace(decoding:) left a field unreset")
        var reader = ProtobufReader(unsafeBytes: bytes)
        try merge(from: &reader)
    }
}
