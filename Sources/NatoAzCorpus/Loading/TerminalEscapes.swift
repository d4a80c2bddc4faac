/// Terminal escape sequences in an article file: text copied from a terminal or a log keeps
/// its colours (`ESC [31m`) and window titles (`ESC ]0;title BEL`).
///
/// The decoder removed the ESC byte alone, leaving `[31m` in the text (and `31m` in the
/// index), and counted each ESC towards the 1% of control bytes that marks a file binary, so a
/// short coloured article was rejected as binary. A whole sequence is now removed, and counted
/// once, as a repair, not as a sign of binary.
enum TerminalEscapes {
    /// Longest sequence removed whole; a longer "sequence" is not one, and only its ESC goes.
    static let maxLength = 256

    /// The length of the CSI (`ESC [` or U+009B, then parameters, intermediates and a final
    /// byte) or OSC (`ESC ]` text, ended by BEL or `ESC \`) sequence at `index`, or 0 when
    /// there is none.
    @inline(__always)
    static func length(_ base: UnsafePointer<UInt8>, _ index: Int, _ count: Int) -> Int {
        guard index + 1 < count else { return 0 }
        let limit = min(count, index + maxLength)
        // U+009B, CSI in one character: C2 9B in UTF-8.
        if base[index] == 0xC2, base[index + 1] == 0x9B {
            return csiLength(base, from: index + 2, limit: limit, start: index)
        }
        guard base[index] == 0x1B else { return 0 }
        var cursor = index + 2
        switch base[index + 1] {
        case UInt8(ascii: "["):
            return csiLength(base, from: cursor, limit: limit, start: index)
        case UInt8(ascii: "]"):
            while cursor < limit {
                let byte = base[cursor]
                if byte == 0x07 { return cursor + 1 - index }
                if byte == 0x1B {
                    return cursor + 1 < limit && base[cursor + 1] == UInt8(ascii: "\\")
                        ? cursor + 2 - index : 0
                }
                if byte < 0x20 { return 0 }
                cursor += 1
            }
            return 0
        default:
            return 0
        }
    }

    /// The length from `start` of a CSI sequence whose parameters begin at `cursor`, or 0.
    @inline(__always)
    private static func csiLength(
        _ base: UnsafePointer<UInt8>, from cursor: Int, limit: Int, start: Int
    ) -> Int {
        var cursor = cursor
        while cursor < limit, (0x30...0x3F).contains(base[cursor]) { cursor += 1 }
        while cursor < limit, (0x20...0x2F).contains(base[cursor]) { cursor += 1 }
        guard cursor < limit, (0x40...0x7E).contains(base[cursor]) else { return 0 }
        return cursor + 1 - start
    }
}
