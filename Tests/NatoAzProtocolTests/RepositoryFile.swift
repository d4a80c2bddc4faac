#if canImport(Glibc)
    import Glibc
#endif

/// Files of the repository, found from this source file's path (tests run from anywhere).
enum RepositoryFile {
    struct Missing: Error, CustomStringConvertible {
        var path: String
        var description: String { "cannot read \(path)" }
    }

    /// The repository root: three levels above Tests/NatoAzProtocolTests/RepositoryFile.swift.
    static let root: String = {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()

    static func path(_ relative: String) -> String { root + "/" + relative }

    static func bytes(_ relative: String) throws -> [UInt8] {
        let full = path(relative)
        guard let file = fopen(full, "rb") else { throw Missing(path: full) }
        defer { fclose(file) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count == 0 { break }
            result += chunk[..<count]
        }
        return result
    }

    static func text(_ relative: String) throws -> String {
        String(decoding: try bytes(relative), as: UTF8.self)
    }

    static func write(_ relative: String, _ text: String) throws {
        let full = path(relative)
        guard let file = fopen(full, "wb") else { throw Missing(path: full) }
        defer { fclose(file) }
        let bytes = Array(text.utf8)
        guard fwrite(bytes, 1, bytes.count, file) == bytes.count else { throw Missing(path: full) }
    }
}
