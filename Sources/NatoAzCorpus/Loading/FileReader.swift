import CPageCache

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads one file with plain POSIX calls, refusing anything that is not a regular file or is
/// over the size limit before reading it, and a symbolic link that neither root nor the owner
/// of the file it names made (`RejectionReason.symbolicLinkOwner`).
///
/// The file is opened with `O_NONBLOCK` so that a FIFO named `x.txt` cannot block the loader
/// (it is rejected after `fstat`), and `O_NOCTTY` so a device cannot become our terminal.
enum FileReader {
    enum Outcome {
        case bytes([UInt8])
        /// `bytesRead` counts what was read before giving up (0 when nothing was).
        case rejected(RejectionReason, bytesRead: Int)
        /// Asked with `deferIfNotCached`: the file's pages are not all in the page cache. The
        /// kernel has been asked for them (`POSIX_FADV_WILLNEED`); nothing was read.
        case notCached
    }

    /// Reads the file at `path` (at most `limit` bytes). With `pageCacheMiss`, the first read
    /// asks only for what the page cache holds (`preadv2(RWF_NOWAIT)`: the same one call
    /// when it is all there) and calls `pageCacheMiss` when it is not all there, or when the
    /// system cannot tell (the loader's read-ahead then starts: see ``ReadAhead``); the rest
    /// is read as usual.
    static func readFile(path: String, limit: Int, pageCacheMiss: (() -> Void)? = nil)
        -> Outcome
    {
        readFile(name: path, in: AT_FDCWD, limit: limit, pageCacheMiss: pageCacheMiss)
    }

    /// Reads the file `name` of the open directory `directory` (`AT_FDCWD`: `name` is a path),
    /// as ``readFile(path:limit:pageCacheMiss:)``. The loader opens each article by its name
    /// in the corpus directory it holds open: the kernel then looks up one name, not every
    /// component of a full path (session 18: `openat`'s path walks were 186 of 5,484 samples
    /// of a load at 100k).
    ///
    /// With `pageCacheMiss` and `deferIfNotCached`, a file whose pages are not all cached (when
    /// the system can tell) is not waited for: its pages are asked for and the outcome is
    /// ``Outcome/notCached``, for the caller to read it again a little later (``DeferredReads``).
    static func readFile(
        name path: String, in directory: Int32, limit: Int, pageCacheMiss: (() -> Void)? = nil,
        deferIfNotCached: Bool = false
    ) -> Outcome {
        let flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY
        var descriptor = openat(directory, path, flags | O_NOFOLLOW)
        var linkOwner: uid_t?
        if descriptor < 0, errno == ELOOP {
            switch openThroughLink(path: path, in: directory, flags: flags) {
            case .failure(let outcome): return outcome
            case .success(let opened):
                descriptor = opened.descriptor
                linkOwner = opened.linkOwner
            }
        }
        if descriptor < 0 { return openFailed(path: path, in: directory, errno) }
        defer { close(descriptor) }

        var status = stat()
        if fstat(descriptor, &status) != 0 { return unreadable(errno) }
        if let linkOwner, linkOwner != 0, linkOwner != status.st_uid {
            return .rejected(
                .symbolicLinkOwner(linkOwner: linkOwner, fileOwner: status.st_uid), bytesRead: 0)
        }
        let type = status.st_mode & S_IFMT
        if type != S_IFREG { return .rejected(.notRegularFile(kind: kindName(type)), bytesRead: 0) }
        let size = Int(status.st_size)
        if size > limit { return .rejected(.tooLarge(bytes: size, limit: limit), bytesRead: 0) }

        // Read one byte past the expected size to notice a file that grew since fstat: a read
        // asking for it gets it when the file has grown. A read that gets exactly the size is
        // taken as the end of the file, without one more read to be told so (a file growing
        // after that read is one that grew after it was read).
        var failure: Int32 = 0
        var notCached = false
        var bytes = [UInt8](unsafeUninitializedCapacity: size + 1) { buffer, initialized in
            var cached = 0
            if let pageCacheMiss {
                cached = natoaz_read_cached(descriptor, buffer.baseAddress, buffer.count)
                // EAGAIN: the first page is not cached. Another error tells nothing.
                let known = cached >= 0 || errno == EAGAIN
                if cached < size { pageCacheMiss() }
                if cached < size && known && deferIfNotCached {
                    notCached = true
                    initialized = 0
                    return
                }
                cached = max(cached, 0)
                if cached >= size {
                    initialized = cached
                    return
                }
            }
            initialized =
                cached
                + readFully(
                    descriptor, into: UnsafeMutableBufferPointer(rebasing: buffer[cached...]),
                    enough: size - cached, failure: &failure)
        }
        if notCached {
            #if canImport(Glibc)
                _ = posix_fadvise(descriptor, 0, 0, POSIX_FADV_WILLNEED)
            #endif
            return .notCached
        }
        if failure != 0 { return unreadable(failure, bytesRead: bytes.count) }
        if bytes.count <= size { return .bytes(bytes) }
        // The file grew while we read it: keep reading, in chunks, up to the limit.
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while bytes.count <= limit {
            let got = chunk.withUnsafeMutableBufferPointer {
                readFully(descriptor, into: $0, enough: $0.count, failure: &failure)
            }
            if failure != 0 { return unreadable(failure, bytesRead: bytes.count) }
            if got == 0 { return .bytes(bytes) }
            bytes.append(contentsOf: chunk[0..<got])
        }
        return .rejected(.tooLarge(bytes: bytes.count, limit: limit), bytesRead: bytes.count)
    }

    /// Linux's `O_PATH` (`<bits/fcntl-linux.h>`), which the Glibc module does not export
    /// because it is behind `_GNU_SOURCE`.
    private static let openPathOnly: Int32 = 0o10_000_000

    private struct OpenedThroughLink {
        var descriptor: Int32
        var linkOwner: uid_t
    }

    private enum LinkResult {
        case success(OpenedThroughLink)
        case failure(Outcome)
    }

    /// Opens the file a symbolic link at `path` names, and returns the link's owner with it.
    ///
    /// The link itself is pinned first (`O_PATH | O_NOFOLLOW`) and its owner and target are
    /// read from that descriptor, so the link that is checked is the link that is followed:
    /// reading the owner by path and then opening by path would let someone who can write
    /// the corpus directory swap links in between.
    private static func openThroughLink(path: String, in directory: Int32, flags: Int32)
        -> LinkResult
    {
        let link = openat(directory, path, openPathOnly | O_NOFOLLOW | O_CLOEXEC)
        if link < 0 { return .failure(unreadable(errno)) }
        defer { close(link) }
        var status = stat()
        if fstat(link, &status) != 0 { return .failure(unreadable(errno)) }
        guard status.st_mode & S_IFMT == S_IFLNK else { return .failure(unreadable(ELOOP)) }
        var target = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlinkat(link, "", &target, target.count - 1)
        if length < 0 { return .failure(unreadable(errno)) }
        let targetPath = String(
            decoding: target[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // A relative target is relative to the link's own directory (`directory` itself when
        // `path` has no slash).
        let resolved: String
        if targetPath.hasPrefix("/") {
            resolved = targetPath
        } else if let slash = path.lastIndex(of: "/") {
            resolved = String(path[...slash]) + targetPath
        } else {
            resolved = targetPath
        }
        let descriptor = openat(directory, resolved, flags)
        if descriptor < 0 { return .failure(openFailed(path: resolved, in: directory, errno)) }
        return .success(OpenedThroughLink(descriptor: descriptor, linkOwner: status.st_uid))
    }

    /// Reads until `enough` bytes (at most `buffer.count`) are in `buffer`, or end of file;
    /// retries on EINTR. Returns the bytes read: more than `enough` when a read got them.
    private static func readFully(
        _ descriptor: Int32, into buffer: UnsafeMutableBufferPointer<UInt8>, enough: Int,
        failure: inout Int32
    ) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var filled = 0
        while filled < buffer.count && (filled < enough || filled == 0) {
            let got = read(descriptor, base + filled, buffer.count - filled)
            if got > 0 {
                filled += got
            } else if got == 0 {
                break
            } else if errno != EINTR {
                failure = errno
                break
            }
        }
        return filled
    }

    /// Why `open` refused `path`: a socket cannot be opened at all (`ENXIO`), so it is named
    /// for what it is, as a FIFO or a device is after `fstat`, not as an unreadable file.
    private static func openFailed(path: String, in directory: Int32, _ code: Int32) -> Outcome {
        var status = stat()
        if code == ENXIO, fstatat(directory, path, &status, 0) == 0,
            status.st_mode & S_IFMT != S_IFREG
        {
            return .rejected(.notRegularFile(kind: kindName(status.st_mode & S_IFMT)), bytesRead: 0)
        }
        return unreadable(code)
    }

    private static func unreadable(_ code: Int32, bytesRead: Int = 0) -> Outcome {
        .rejected(
            .unreadable(errno: code, message: SystemInfo.errorMessage(code)), bytesRead: bytesRead)
    }

    private static func kindName(_ type: mode_t) -> String {
        switch type {
        case S_IFDIR: return "directory"
        case S_IFIFO: return "FIFO"
        case S_IFSOCK: return "socket"
        case S_IFCHR: return "character device"
        case S_IFBLK: return "block device"
        default: return "special file"
        }
    }
}
