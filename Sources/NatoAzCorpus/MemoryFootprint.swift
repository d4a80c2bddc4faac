/// Where an index's bytes go, counted from its structures (not measured from the allocator),
/// for `natoaz-corpus --memory` and for deciding what to shrink.
///
/// Heap sizes are estimates of glibc's chunks: a request of `n` bytes takes
/// `max(32, round_up_16(n + 8))`. Arrays count their capacity; strings of up to 15 UTF-8
/// bytes are stored inline and cost nothing beyond their slot.
public struct MemoryFootprint: Sendable {
    /// (what, bytes), in the order counted.
    public var parts: [(name: String, bytes: Int)] = []

    /// The sum of the parts.
    public var total: Int { parts.reduce(0) { $0 + $1.bytes } }

    mutating func add(_ name: String, _ bytes: Int) { parts.append((name, bytes)) }

    /// A heap chunk holding `bytes` bytes.
    static func chunk(_ bytes: Int) -> Int { max(32, (bytes + 8 + 15) / 16 * 16) }

    /// An array's heap buffer (32-byte header plus its capacity of elements).
    static func array<T>(_ array: [T]) -> Int {
        array.capacity == 0 ? 0 : chunk(32 + array.capacity * MemoryLayout<T>.stride)
    }

    /// A string's out-of-line storage (none for small strings).
    static func string(_ string: String) -> Int {
        let count = string.utf8.count
        return count <= 15 ? 0 : chunk(32 + count + 1)
    }

    static func string(_ string: String?) -> Int { string.map { Self.string($0) } ?? 0 }

    /// A native dictionary's table: keys, values and one bit per bucket, at 3/4 load.
    static func dictionary<K, V>(_ dictionary: [K: V]) -> Int {
        guard dictionary.capacity > 0 else { return 0 }
        var buckets = 1
        while buckets * 3 / 4 < dictionary.capacity { buckets *= 2 }
        let slot = MemoryLayout<K>.stride + MemoryLayout<V>.stride
        return chunk(64 + buckets * slot + buckets / 8)
    }
}

extension SearchIndex {
    /// The bytes held by the documents and the index, part by part.
    public func memoryFootprint() -> MemoryFootprint {
        var footprint = MemoryFootprint()
        var text = 0
        var metadata = 0
        for document in documents {
            text += document.textHeapBytes
            metadata += document.heapBytesBesidesText
        }
        footprint.add("document text", text)
        // One dictionary is shared by the corpus (`ObjectIdentifier` finds any others).
        var dictionaries: [ObjectIdentifier: Int] = [:]
        for document in documents {
            if let dictionary = document.bodyDictionary {
                dictionaries[ObjectIdentifier(dictionary)] = dictionary.residentBytes
            }
        }
        footprint.add("body dictionary (digested)", dictionaries.values.reduce(0, +))
        footprint.add("document metadata and paragraph ends", metadata)
        footprint.add("document array (one copy)", MemoryFootprint.array(documents))
        let storage = storage
        footprint.add("postings", MemoryFootprint.array(storage.postingBytes))
        footprint.add(
            "skips",
            MemoryFootprint.array(storage.skips.entries)
                + MemoryFootprint.array(storage.skips.terms)
                + MemoryFootprint.array(storage.skips.starts))
        for (name, bytes) in storage.dictionary.memoryFootprint().parts {
            footprint.add(name, bytes)
        }
        footprint.add(
            "surface forms (\(storage.surfaceForms.formCount))", storage.surfaceForms.heapBytes)
        footprint.add(
            "document stats and checkpoints",
            MemoryFootprint.array(storage.stats) + storage.checkpoints.heapBytes)
        let filters = storage.filters
        footprint.add(
            "filter columns",
            MemoryFootprint.array(filters.languages) + MemoryFootprint.array(filters.dateLower)
                + MemoryFootprint.array(filters.dateUpper) + MemoryFootprint.array(filters.sources)
                + filters.ids.heapBytes)
        return footprint
    }
}

extension Document {
    var heapBytesBesidesText: Int { idHeapBytes + fieldsHeapBytes }
}
