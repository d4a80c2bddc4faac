import NatoAzProtocol

/// The few fields of a `Response` that natoaz-bench counts, read in place from an
/// uncompressed payload instead of decoding a whole `Response` (which allocates its body):
/// the id, the error code, which body came back, and a search's total.
///
/// ```
/// Response (Protocol/natoaz.proto)
///   field 1        id       varint
///   field 2        error    ResponseError { field 1 code varint, field 2 message string }
///   field 11..999  body     one of; field number = method + 10
///                           search (15): SearchResponse { field 1 total varint, ... }
/// ```
/// Like redis-benchmark checking a reply's type, this is enough to count answers and errors
/// by code. It is still strict: every length is checked against the bytes that remain, a
/// varint may not run past 10 bytes, and any malformed payload is an error, as with the full
/// decoder. Unknown fields are skipped by wire type; groups (deprecated, never sent by
/// natoazd) are refused.
/// Its fields are plain values (the error's message is where it lies in the payload, not a
/// `String`), so a summary is copied and dropped without reference counting.
struct ResponseSummary: Equatable {
    var id: UInt64 = 0
    /// The error's code, when the response carries an error (0 if the code field is absent).
    var errorCode: Int32?
    /// Where the error's message lies in the scanned payload (`errorMessage(in:)`).
    var errorMessageRange: Range<Int> = 0..<0
    /// The body's field number (method + 10), 0 when there is no body.
    var bodyField: UInt32 = 0
    /// `SearchResponse.total` when the body is a search.
    var searchTotal: UInt64 = 0

    static let searchField: UInt32 = 15

    init(id: UInt64, errorCode: Int32? = nil, bodyField: UInt32 = 0, searchTotal: UInt64 = 0) {
        self.id = id
        self.errorCode = errorCode
        self.bodyField = bodyField
        self.searchTotal = searchTotal
    }

    init(scanning payload: UnsafeRawBufferPointer) throws(ProtocolError) {
        var reader = RawFieldReader(payload)
        while let (number, wireType) = try reader.nextTag() {
            switch (number, wireType) {
            case (1, 0):
                id = try reader.varint()
            case (2, 2):
                var error = RawFieldReader(try reader.lengthDelimited())
                errorCode = errorCode ?? 0
                while let (inner, innerType) = try error.nextTag() {
                    switch (inner, innerType) {
                    case (1, 0): errorCode = Int32(truncatingIfNeeded: try error.varint())
                    case (2, 2):
                        let message = try error.lengthDelimited()
                        let start = message.baseAddress.map { $0 - payload.baseAddress! } ?? 0
                        errorMessageRange = start..<start + message.count
                    default: try error.skip(innerType)
                    }
                }
            case (11...999, 2):
                let body = try reader.lengthDelimited()
                bodyField = number
                searchTotal = 0
                if number == Self.searchField {
                    var search = RawFieldReader(body)
                    while let (inner, innerType) = try search.nextTag() {
                        if inner == 1, innerType == 0 {
                            searchTotal = try search.varint()
                        } else {
                            try search.skip(innerType)
                        }
                    }
                }
            default:
                try reader.skip(wireType)
            }
        }
    }

    /// The error's message, from the payload this summary was scanned from.
    func errorMessage(in payload: UnsafeRawBufferPointer) -> String {
        String(decoding: payload[errorMessageRange], as: UTF8.self)
    }
}

/// A protobuf wire reader over borrowed bytes, with only what `ResponseSummary` needs.
/// (`ProtobufReader` reads `[UInt8]`, which would mean copying each payload into an array.)
private struct RawFieldReader {
    private let bytes: UnsafeRawBufferPointer
    private var index = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// The next field's number and wire type, or nil at the end.
    @inline(__always)
    mutating func nextTag() throws(ProtocolError) -> (UInt32, UInt8)? {
        guard index < bytes.count else { return nil }
        let at = index
        let key = try varint()
        let number = key >> 3
        guard number != 0, number <= UInt64(FieldTag.maxFieldNumber) else {
            throw .malformedPayload("invalid field number \(number) at byte \(at) of a response")
        }
        return (UInt32(number), UInt8(key & 7))
    }

    /// A varint; one-byte varints (tags, small ids and lengths: most of them) take the
    /// short path.
    @inline(__always)
    mutating func varint() throws(ProtocolError) -> UInt64 {
        if index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                index += 1
                return UInt64(byte)
            }
        }
        return try longVarint()
    }

    private mutating func longVarint() throws(ProtocolError) -> UInt64 {
        let start = index
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if shift == 63 && byte > 1 {
                throw .malformedPayload("varint at byte \(start) of a response overflows 64 bits")
            }
            // `&<<`: `shift` is at most 63 here (a 10th byte returns or throws), so the
            // masking shift is exact and skips the checks of the smart one.
            result |= UInt64(byte & 0x7F) &<< shift
            if byte < 0x80 { return result }
            shift &+= 7
        }
        throw .malformedPayload("varint at byte \(start) of a response is cut off")
    }

    @inline(__always)
    mutating func lengthDelimited() throws(ProtocolError) -> UnsafeRawBufferPointer {
        let at = index
        let length = try varint()
        guard length <= UInt64(bytes.count - index) else {
            throw .malformedPayload(
                "length \(length) at byte \(at) of a response runs past its end")
        }
        let start = index
        index += Int(length)
        return UnsafeRawBufferPointer(rebasing: bytes[start..<index])
    }

    mutating func skip(_ wireType: UInt8) throws(ProtocolError) {
        switch wireType {
        case 0: _ = try varint()
        case 1: try advance(8)
        case 2: _ = try lengthDelimited()
        case 5: try advance(4)
        default:
            throw .malformedPayload(
                "wire type \(wireType) at byte \(index) of a response (groups are not used)")
        }
    }

    private mutating func advance(_ count: Int) throws(ProtocolError) {
        guard bytes.count - index >= count else {
            throw .malformedPayload("fixed-size field at byte \(index) of a response is cut off")
        }
        index += count
    }
}
