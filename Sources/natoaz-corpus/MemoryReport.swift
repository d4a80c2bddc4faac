import NatoAzCorpus

#if canImport(Glibc)
    import Glibc
#endif

/// `natoaz-corpus --memory`: builds what natoazd builds at load (and after, the bodies
/// compressed last), one step at a time, and
/// prints the resident memory after each (freed memory returned to the kernel first, as
/// natoazd does), then the index's bytes counted part by part.
enum MemoryReport {
    static func run(_ corpus: Corpus, entityTable table: EntityTable) throws {
        let text = corpus.documents.reduce(0) { $0 + $1.textByteCount }
        print("text: \(megabytes(text)) (body bytes of \(corpus.documents.count) documents)")
        var last = resident()
        func step(_ name: String) {
            let now = resident()
            print("resident after \(name): \(megabytes(now)) (+\(megabytes(now - last)))")
            last = now
        }
        step("load")
        let index = try SearchIndex(documents: corpus.documents, synonyms: table.synonyms)
        step("search index")
        let suggestions = SuggestIndex(index: index)
        step("suggest index")
        let frequencies = FrequencyList(index: index)
        step("frequency list")
        let entities = EntityIndex(index: index, table: table)
        step("entity index")
        corpus.compressBodies()
        step("bodies compressed")
        var footprint = index.memoryFootprint()
        footprint.parts += suggestions.memoryFootprint().parts
        footprint.parts += entities.memoryFootprint().parts
        for part in footprint.parts {
            print("  \(part.name): \(megabytes(part.bytes))")
        }
        print(
            "  counted: \(megabytes(footprint.total)); resident / text: "
                + "\(Double(last * 100 / max(1, text)) / 100)")
        withExtendedLifetime((index, suggestions, frequencies, entities)) {}
    }

    /// VmRSS after returning freed heap pages (glibc `malloc_trim(0)`).
    private static func resident() -> Int {
        HeapAllocator.releaseFreedMemory()
        guard let file = fopen("/proc/self/statm", "r") else { return 0 }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 256)
        guard fgets(&buffer, 256, file) != nil else { return 0 }
        let line = String(
            decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) },
            as: UTF8.self)
        let fields = line.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(CInt(_SC_PAGESIZE)))
    }

    private static func megabytes(_ bytes: Int) -> String {
        "\(Double(bytes / 10_000) / 100) MB"
    }
}
