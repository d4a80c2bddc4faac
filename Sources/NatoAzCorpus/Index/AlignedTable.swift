/// Values in memory aligned to a cache line (and, when large, advised for huge pages: see
/// ``HugePages``), written and read through a pointer: the index build's hot tables (the token
/// cache's entries, the term counters).
///
/// An `Array` of 32-byte values starts 32 bytes into a block `malloc` aligns to 16, so every
/// other value straddles two cache lines, and a lookup that reads both ends of its value
/// misses twice; here no value straddles a line when its size divides 64. A write needs no
/// uniqueness check either (an array's checks that its buffer is not shared).
///
/// A table is not copyable: it owns its memory, and its deinitializer frees it.
struct AlignedTable<Element>: ~Copyable {
    /// The first value; valid until the table grows or is swapped.
    private(set) var base: UnsafeMutablePointer<Element>
    /// Values held (all initialized).
    private(set) var count: Int
    /// Values there is room for.
    private(set) var capacity: Int

    /// `count` copies of `value`.
    init(repeating value: Element, count: Int) {
        base = Self.allocate(count)
        base.initialize(repeating: value, count: count)
        self.count = count
        capacity = count
    }

    /// An empty table with room for `capacity` values.
    init(capacity: Int) {
        base = Self.allocate(capacity)
        count = 0
        self.capacity = capacity
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    /// Value `index`, read and written in place (a field's update touches only that field).
    @inline(__always)
    subscript(index: Int) -> Element {
        unsafeAddress {
            precondition(index >= 0 && index < count, "table index out of range")
            return UnsafePointer(base + index)
        }
        nonmutating unsafeMutableAddress {
            precondition(index >= 0 && index < count, "table index out of range")
            return base + index
        }
    }

    /// Adds `value` at the end, moving the values to twice the room when there is none left.
    @inline(__always)
    mutating func append(_ value: Element) {
        if count == capacity { move(capacity: Swift.max(16, 2 * capacity)) }
        (base + count).initialize(to: value)
        count += 1
    }

    /// Runs `body` on room for `added` more values, which it must all initialize, and counts
    /// them (moving the values to twice the room, or more, when there is not enough left).
    @inline(__always)
    mutating func append(count added: Int, _ body: (UnsafeMutablePointer<Element>) -> Void) {
        if count + added > capacity { move(capacity: Swift.max(16, 2 * capacity, count + added)) }
        body(base + count)
        count += added
    }

    /// Removes every value, keeping the room.
    mutating func removeAll() {
        base.deinitialize(count: count)
        count = 0
    }

    /// Exchanges this table's values with `other`'s (no value is copied).
    mutating func swapStorage(with other: inout AlignedTable<Element>) {
        swap(&base, &other.base)
        swap(&count, &other.count)
        swap(&capacity, &other.capacity)
    }

    private mutating func move(capacity newCapacity: Int) {
        let moved = Self.allocate(newCapacity)
        moved.moveInitialize(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = newCapacity
    }

    private static func allocate(_ capacity: Int) -> UnsafeMutablePointer<Element> {
        let bytes = Swift.max(1, capacity) * MemoryLayout<Element>.stride
        // A cache line; values that need more keep their own alignment.
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: bytes, alignment: Swift.max(64, MemoryLayout<Element>.alignment))
        HugePages.advise(raw, byteCount: bytes)
        return raw.bindMemory(to: Element.self, capacity: Swift.max(1, capacity))
    }
}
