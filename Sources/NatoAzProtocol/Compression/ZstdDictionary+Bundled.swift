extension ZstdDictionary {
    /// natoaz's trained dictionary (`Protocol/natoaz.dict`), built into the module so every
    /// natoaz binary can offer it in the handshake without a file to find.
    ///
    /// Its content is a constant checked by the tests, so failing to load it means the build
    /// is broken or memory is exhausted: that stops the process rather than degrading quietly.
    public static let bundled: ZstdDictionary = {
        do {
            return try ZstdDictionary(bytes: BundledDictionary.bytes)
        } catch {
            fatalError("the bundled zstd dictionary does not load: \(error)")
        }
    }()
}
