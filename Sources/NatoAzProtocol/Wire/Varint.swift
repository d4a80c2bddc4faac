/// Base-128 varints, as protobuf lays them out.
///
/// ```
/// 300 = 0b1_0010_1100  ->  [1010_1100] [0000_0010]
///                            │└ low 7 bits  │└ next 7 bits
///                            └ 1: more      └ 0: last byte
/// ```
/// A varint is at most 10 bytes (64 bits / 7); longer is malformed.
public enum Varint {
    /// The most bytes a 64-bit varint may take.
    public static let maxBytes = 10

    /// How many bytes `value` takes as a varint.
    @inlinable
    public static func size(of value: UInt64) -> Int {
        // 1 + (bits above the first 7) / 7, computed without a loop.
        let bits = 64 - (value | 1).leadingZeroBitCount
        return (bits + 6) / 7
    }

    /// Appends `value` as a varint.
    @inlinable
    public static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }
}
