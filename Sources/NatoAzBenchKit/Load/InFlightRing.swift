/// The requests of one connection that are sent and not yet answered, in slots indexed by
/// `id & mask`. A connection numbers its requests 2, 3, 4 ..., so while fewer than `capacity`
/// ids separate the oldest unanswered request from the next one, each id has its own slot:
/// no hashing, no allocation per request (a dictionary's hashing was a tenth of natoaz-bench's
/// own time at 16 in flight).
///
/// ```
/// slots:  [ id 8 | id 9 | empty | id 3 | ... ]     slot of id = id & (capacity - 1)
/// ```
/// A slot remembers its id, so an answer for an id that is not outstanding (unknown, repeated,
/// or one whose slot has moved on) is told apart from a real one. When the next id's slot is
/// still taken (a request `capacity` ids older is still unanswered), `isFree` says so and the
/// connection waits for answers before sending more, rather than losing track of one.
struct InFlightRing {
    /// One outstanding request: when its write was made, its report group, the body field
    /// (method + 10) its answer must carry.
    struct Entry: Equatable {
        var sent: UInt64
        var group: Int
        var bodyField: UInt32
    }

    /// 0 marks an empty slot: ids start at 1 (the handshake) and requests at 2.
    private var ids: [UInt64]
    private var entries: [Entry]
    private let mask: UInt64
    private(set) var count = 0

    /// Room for at least `minimumCapacity` ids in flight (rounded up to a power of two).
    init(minimumCapacity: Int) {
        var capacity = 1
        while capacity < max(minimumCapacity, 1) { capacity <<= 1 }
        ids = Array(repeating: 0, count: capacity)
        entries = Array(repeating: Entry(sent: 0, group: 0, bodyField: 0), count: capacity)
        mask = UInt64(capacity - 1)
    }

    var capacity: Int { ids.count }
    var isEmpty: Bool { count == 0 }

    /// Whether `id` can be inserted now (its slot is not held by an older request).
    func isFree(_ id: UInt64) -> Bool { ids[Int(id & mask)] == 0 }

    /// Records request `id` as sent. Precondition: `isFree(id)` and `id != 0`.
    mutating func insert(_ id: UInt64, _ entry: Entry) {
        let slot = Int(id & mask)
        precondition(id != 0 && ids[slot] == 0, "in-flight slot of id \(id) is taken")
        ids[slot] = id
        entries[slot] = entry
        count += 1
    }

    /// Sets the send time of the outstanding requests `range` (one write carries them all).
    mutating func setSent(_ sent: UInt64, for range: Range<UInt64>) {
        for id in range where ids[Int(id & mask)] == id { entries[Int(id & mask)].sent = sent }
    }

    /// Removes and returns request `id`, or nil when it is not outstanding.
    mutating func remove(_ id: UInt64) -> Entry? {
        let slot = Int(id & mask)
        guard id != 0, ids[slot] == id else { return nil }
        ids[slot] = 0
        count -= 1
        return entries[slot]
    }
}
