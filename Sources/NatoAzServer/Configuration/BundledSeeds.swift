#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Finds the corpus that ships with natoaz, so `natoazd` serves something with no
/// configuration both when installed and when run from a source checkout.
enum BundledSeeds {
    /// Directories tried, relative to the directory holding the executable:
    /// `../share/natoaz/seeds` (after `make install`, e.g. /usr/local/bin -> /usr/local/share)
    /// and the checkout's `seeds` seen from `.build/<triple>/<config>/` or `.build/<config>/`.
    static let relativeCandidates = ["../share/natoaz/seeds", "../../../seeds", "../../seeds"]

    static func locate(executablePath: String?) throws(ConfigurationError) -> String {
        guard let executablePath, let slash = executablePath.lastIndex(of: "/") else {
            throw ConfigurationError(
                "no corpus given and the executable's path is unknown; pass --corpus DIR")
        }
        let directory = String(executablePath[..<slash])
        var tried: [String] = []
        for relative in relativeCandidates {
            let candidate = directory + "/" + relative
            tried.append(candidate)
            if isDirectory(candidate) { return canonical(candidate) }
        }
        throw ConfigurationError(
            "no corpus given and no bundled seeds found (tried \(tried.joined(separator: ", "))); "
                + "pass --corpus DIR or set NATOAZ_CORPUS")
    }

    /// The path of the running executable, from /proc/self/exe (symlinks resolved).
    static func currentExecutablePath() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    private static func canonical(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

extension ConfigurationLoader {
    /// The running executable's path, for `executablePath`.
    public static var currentExecutablePath: String? { BundledSeeds.currentExecutablePath() }
}
