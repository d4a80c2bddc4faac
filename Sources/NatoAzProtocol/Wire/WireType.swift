/// The six protobuf wire types: how a field's value is laid out after its tag.
///
/// ```
/// tag (varint) = field_number << 3 | wire_type
/// ┌──────────────────────────┬───────────┐
/// │ field number (29 bits)   │ type (3b) │
/// └──────────────────────────┴───────────┘
/// ```
public enum WireType: UInt8, Sendable, Hashable, CustomStringConvertible {
    /// int32, uint32, uint64, bool, enum: a base-128 varint.
    case varint = 0
    /// double, fixed64: 8 bytes little-endian.
    case fixed64 = 1
    /// string, bytes, embedded messages, packed repeated scalars: a varint length, then bytes.
    case lengthDelimited = 2
    /// Deprecated proto2 groups; natoaz never sends them but skips them when received.
    case startGroup = 3
    /// Ends a group (deprecated, skipped).
    case endGroup = 4
    /// float, fixed32: 4 bytes little-endian.
    case fixed32 = 5

    public var description: String {
        switch self {
        case .varint: "varint"
        case .fixed64: "fixed64"
        case .lengthDelimited: "length-delimited"
        case .startGroup: "start-group"
        case .endGroup: "end-group"
        case .fixed32: "fixed32"
        }
    }
}

/// A decoded field key: which field, and how its value is laid out.
public struct FieldTag: Sendable, Hashable {
    /// Largest field number protobuf allows (2^29 - 1).
    public static let maxFieldNumber: UInt32 = (1 << 29) - 1

    /// The field's number in natoaz.proto (1 ... 2^29-1).
    public var number: UInt32
    /// How the value that follows is laid out.
    public var wireType: WireType

    /// A tag for field `number` (1 ... ``maxFieldNumber``) laid out as `wireType`.
    public init(number: UInt32, wireType: WireType) {
        self.number = number
        self.wireType = wireType
    }

    /// The varint value of the tag on the wire.
    var key: UInt64 { UInt64(number) << 3 | UInt64(wireType.rawValue) }
}
