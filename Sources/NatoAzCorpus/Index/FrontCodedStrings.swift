/// Sorted strings stored front-coded: in blocks of ``blockSize``, the first string of a block
/// whole, every other one as the length of the prefix it shares with the string before it
/// and the bytes after that prefix. Sorted keys share most of their bytes with their
/// neighbours (`turkiye`, `turkiye's`, `turkiyenin`), so this holds them in about half the
/// bytes of a plain block, and needs one start per block instead of one per string.
///
/// ```
/// strings   turkiye      turkiye's       turkiyenin      ...   (block of 16)
/// bytes     [7]turkiye   [7][2]'s        [7][3]nin       ...
///            ^ length     ^ shared ^ suffix length
/// blockStarts  0 ........................................ 612 ...
/// ```
///
/// Reading string `i` decodes its block from the start (at most ``blockSize`` - 1 steps);
/// ``lowerBound(_:)`` binary-searches the blocks' first strings, which need no decoding.
struct FrontCodedStrings: Sendable {
    static let blockSize = 16

    let bytes: [UInt8]
    /// Block `b` (strings `b * blockSize ..< (b + 1) * blockSize`) starts at
    /// `bytes[blockStarts[b]]`.
    let blockStarts: [UInt32]
    let count: Int

    /// Stores `strings`, which must be sorted by their UTF-8 bytes.
    init(_ strings: some Collection<String>) {
        var bytes: [UInt8] = []
        var blockStarts: [UInt32] = []
        blockStarts.reserveCapacity(strings.count / Self.blockSize + 1)
        var previous: [UInt8] = []
        var count = 0
        for string in strings {
            var string = string
            string.withUTF8 { utf8 in
                if count % Self.blockSize == 0 {
                    precondition(bytes.count <= UInt32.max, "strings over 4 GiB")
                    blockStarts.append(UInt32(bytes.count))
                    VarInt.append(UInt32(utf8.count), to: &bytes)
                    bytes.append(contentsOf: utf8)
                } else {
                    let limit = min(previous.count, utf8.count)
                    var shared = 0
                    while shared < limit, previous[shared] == utf8[shared] { shared += 1 }
                    VarInt.append(UInt32(shared), to: &bytes)
                    VarInt.append(UInt32(utf8.count - shared), to: &bytes)
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[shared...]))
                }
                previous.removeAll(keepingCapacity: true)
                previous.append(contentsOf: utf8)
            }
            count += 1
        }
        // Built by appending: copy to an array of the exact size, so the build's spare
        // capacity does not stay with the index.
        self.bytes = Array(unsafeUninitializedCapacity: bytes.count) { buffer, initialized in
            initialized = buffer.initialize(from: bytes).1
        }
        self.blockStarts = blockStarts
        self.count = count
    }

    /// The strings stored as `bytes` and `blockStarts` (e.g. read back from a snapshot), or
    /// nil when they do not decode to `count` strings: every length, shared prefix and block
    /// start is checked, so the readers above, which trust them, stay inside `bytes`.
    init?(bytes: [UInt8], blockStarts: [UInt32], count: Int) {
        guard count >= 0, blockStarts.count == (count + Self.blockSize - 1) / Self.blockSize
        else { return nil }
        let valid = bytes.withUnsafeBufferPointer { bytes -> Bool in
            var offset = 0
            var previousLength = 0
            for index in 0..<count {
                if index % Self.blockSize == 0 {
                    guard Int(blockStarts[index / Self.blockSize]) == offset,
                        let length = Self.checkedLength(bytes, &offset),
                        length <= UInt64(bytes.count - offset)
                    else { return false }
                    offset += Int(length)
                    previousLength = Int(length)
                } else {
                    guard let shared = Self.checkedLength(bytes, &offset),
                        shared <= UInt64(previousLength),
                        let length = Self.checkedLength(bytes, &offset),
                        length <= UInt64(bytes.count - offset)
                    else { return false }
                    offset += Int(length)
                    previousLength = Int(shared) + Int(length)
                }
            }
            return offset == bytes.count
        }
        guard valid else { return nil }
        self.bytes = bytes
        self.blockStarts = blockStarts
        self.count = count
    }

    /// A stored length as ``VarInt/read(_:_:)`` reads it (at most 5 bytes, 32 bits), or nil.
    private static func checkedLength(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: inout Int)
        -> UInt64?
    {
        let start = offset
        guard let value = VarInt.readChecked64(bytes, &offset), offset - start <= 5,
            value <= UInt64(UInt32.max)
        else { return nil }
        return value
    }

    var indices: Range<Int> { 0..<count }

    /// Calls `body` with the bytes of strings `position`, `position + 1`, ... in order until
    /// it returns false or the strings end (the bytes are valid only inside `body`).
    func forEach(from position: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Bool) {
        guard position < count else { return }
        var block = position / Self.blockSize
        var current: [UInt8] = []
        bytes.withUnsafeBufferPointer { bytes in
            var offset = Int(blockStarts[block])
            var index = block * Self.blockSize
            while index < count {
                if index % Self.blockSize == 0 {
                    block = index / Self.blockSize
                    offset = Int(blockStarts[block])
                    let length = Int(VarInt.read(bytes, &offset))
                    current.removeAll(keepingCapacity: true)
                    current.append(
                        contentsOf: UnsafeBufferPointer(rebasing: bytes[offset..<offset + length]))
                    offset += length
                } else {
                    let shared = Int(VarInt.read(bytes, &offset))
                    let length = Int(VarInt.read(bytes, &offset))
                    current.removeSubrange(shared...)
                    current.append(
                        contentsOf: UnsafeBufferPointer(rebasing: bytes[offset..<offset + length]))
                    offset += length
                }
                if index >= position {
                    let goOn = current.withUnsafeBufferPointer { body($0) }
                    if !goOn { return }
                }
                index += 1
            }
        }
    }

    /// String `position`, made anew.
    subscript(position: Int) -> String {
        var result = ""
        forEach(from: position) { utf8 in
            result = String(decoding: utf8, as: UTF8.self)
            return false
        }
        return result
    }

    /// The first position whose string does not precede `key`.
    func lowerBound(_ key: [UInt8]) -> Int {
        // The last block whose first string precedes the key: the answer is in it, or is the
        // next block's first string.
        var low = 0
        var high = blockStarts.count
        bytes.withUnsafeBufferPointer { bytes in
            while low < high {
                let mid = (low + high) / 2
                var offset = Int(blockStarts[mid])
                let length = Int(VarInt.read(bytes, &offset))
                let first = UnsafeBufferPointer(rebasing: bytes[offset..<offset + length])
                if first.lexicographicallyPrecedes(key) { low = mid + 1 } else { high = mid }
            }
        }
        guard low > 0 else { return 0 }
        var position = (low - 1) * Self.blockSize
        let end = min(count, low * Self.blockSize)
        forEach(from: position) { utf8 in
            guard position < end, utf8.lexicographicallyPrecedes(key) else { return false }
            position += 1
            return true
        }
        return position
    }

    /// Bytes held by the strings and the block starts.
    var heapBytes: Int { MemoryFootprint.array(bytes) + MemoryFootprint.array(blockStarts) }
}
