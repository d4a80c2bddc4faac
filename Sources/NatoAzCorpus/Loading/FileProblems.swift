#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why an article file was not loaded. Every case names what is wrong, where, and what to do.
public enum RejectionReason: Sendable, Hashable, CustomStringConvertible {
    /// The file has no bytes at all.
    case empty
    /// The file decodes to nothing but whitespace.
    case whitespaceOnly
    /// The file has header lines (date, byline...) but neither a title nor body text.
    case noArticleText
    /// A NUL byte at `offset`: text files never contain one. `looksLikeUTF16` is set when the
    /// NULs alternate with ASCII bytes, i.e. UTF-16 saved without a byte-order mark.
    case binaryNUL(offset: Int, looksLikeUTF16: Bool)
    /// NUL bytes laid out as UTF-32 without a byte-order mark (every fourth byte 0, every
    /// unit a character): the encoding cannot be known for sure without the mark.
    case unmarkedUTF32(bigEndian: Bool)
    /// More than 1% control bytes (other than tab, line feed, carriage return, form feed).
    case binaryControlBytes(count: Int, firstOffset: Int)
    /// Larger than `LoadOptions.maxFileBytes`.
    case tooLarge(bytes: Int, limit: Int)
    /// A directory, FIFO, socket or device named like an article.
    case notRegularFile(kind: String)
    /// `open` or `read` failed; `message` is `strerror(errno)`.
    case unreadable(errno: Int32, message: String)
    /// The file name is not valid UTF-8 or contains a control character (newline, escape...),
    /// so it cannot be an id that logs, JSON and shells carry safely.
    case invalidFileName
    /// Another file already has this id (same name but a different case of the extension).
    case duplicateID(keptFile: String)
    /// A symbolic link owned by neither root nor the owner of the file it names. Following
    /// it would let whoever can write the corpus directory publish, through the daemon, a
    /// file they may not be able to read themselves (the rule of Apache's
    /// `SymLinksIfOwnerMatch` and nginx's `disable_symlinks if_not_owner`, with root's
    /// links trusted).
    case symbolicLinkOwner(linkOwner: UInt32, fileOwner: UInt32)

    /// A stable, machine-readable name for the reason (used in JSON output).
    public var code: String {
        switch self {
        case .empty: return "empty"
        case .whitespaceOnly: return "whitespace-only"
        case .noArticleText: return "no-article-text"
        case .binaryNUL, .binaryControlBytes, .unmarkedUTF32: return "binary"
        case .tooLarge: return "too-large"
        case .notRegularFile: return "not-regular-file"
        case .unreadable: return "unreadable"
        case .invalidFileName: return "invalid-file-name"
        case .duplicateID: return "duplicate-id"
        case .symbolicLinkOwner: return "symlink-owner"
        }
    }

    public var description: String {
        switch self {
        case .empty:
            return "empty file (0 bytes); add article text or remove the file"
        case .whitespaceOnly:
            return "only whitespace; add article text or remove the file"
        case .noArticleText:
            return "only header lines (date, byline, dateline), no title or body text"
        case .binaryNUL(let offset, let utf16):
            if utf16 {
                return "NUL byte at byte offset \(offset): looks like UTF-16 without a byte-order "
                    + "mark; convert the file to UTF-8"
            }
            return "binary file: NUL byte at byte offset \(offset); only plain-text articles load"
        case .unmarkedUTF32(let bigEndian):
            return "NUL bytes laid out as UTF-32\(bigEndian ? "BE" : "LE") without a byte-order "
                + "mark; convert the file to UTF-8 (or add the mark)"
        case .binaryControlBytes(let count, let first):
            return "binary file: \(count) control bytes, the first at byte offset \(first); "
                + "only plain-text articles load"
        case .tooLarge(let bytes, let limit):
            return "file is \(bytes) bytes, over the \(limit)-byte limit; split it, or raise the "
                + "limit (natoazd --max-file-bytes)"
        case .notRegularFile(let kind):
            return "not a regular file (\(kind)); rename it so it does not end in .txt"
        case .unreadable(let errno, let message):
            return "cannot read: \(message) (errno \(errno)); \(Self.advice(errno: errno))"
        case .invalidFileName:
            return "file name is not valid UTF-8 or contains control characters; rename it"
        case .duplicateID(let kept):
            // The two names can look alike: `a.TXT` and `a.txt`, or `café` composed and
            // decomposed, which print the same.
            return "same id as \(kept), which was loaded instead (ids ignore the case of "
                + ".txt and compare as text: composed and decomposed accents are one id); "
                + "rename one of them"
        case .symbolicLinkOwner(let link, let file):
            // Uids, not names: a name lookup can block on a network directory, and this text
            // is made while answering Info.
            return
                "symbolic link owned by uid \(link) points to a file owned by uid \(file); "
                + "links are followed only when root or the file's owner made them; copy the "
                + "file into the corpus, or have its owner make the link"
        }
    }
}

extension RejectionReason {
    /// What to do about a file that `open` or `read` refused, by the reason the kernel gave.
    static func advice(errno: Int32) -> String {
        switch errno {
        case EACCES, EPERM:
            return "check the file's permissions: the daemon's user must be able to read it"
        case ENOENT:
            return "the file disappeared while loading, or is a symbolic link to a missing "
                + "file; restore or remove it"
        case ELOOP:
            return "symbolic link loop; fix or remove the link"
        case EIO:
            return "input/output error: check the disk (the kernel log may say more)"
        default:
            return "check the file and the file system it is on"
        }
    }
}

/// Something the loader changed to make a file readable. The document is loaded; the repair is
/// reported so that nothing is altered silently. (Dropping a UTF-8 byte-order mark and turning
/// CRLF or CR line ends into LF are normalisations, not repairs, and are not reported.)
public enum Repair: Sendable, Hashable, CustomStringConvertible {
    /// The file is not valid UTF-8: `invalidBytes` bytes (the first at `firstOffset`) were
    /// decoded with `codePage` instead; valid UTF-8 sequences around them were kept.
    case legacyEncoding(codePage: LegacyCodePage, invalidBytes: Int, firstOffset: Int)
    /// The file is UTF-16 with a byte-order mark and was converted.
    case utf16(bigEndian: Bool)
    /// The file is UTF-32 with a byte-order mark and was converted.
    case utf32(bigEndian: Bool)
    /// Stray control characters (C0, DEL and C1; too few to call the file binary) were
    /// removed. `count` counts characters; `firstOffset` is the byte offset of the first.
    case removedControlBytes(count: Int, firstOffset: Int)

    /// A stable, machine-readable name for the repair (used in JSON output).
    public var code: String {
        switch self {
        case .legacyEncoding: return "legacy-encoding"
        case .utf16: return "utf-16"
        case .utf32: return "utf-32"
        case .removedControlBytes: return "control-bytes"
        }
    }

    public var description: String {
        switch self {
        case .legacyEncoding(let codePage, let count, let first):
            return "not valid UTF-8 (first invalid byte at offset \(first)); decoded \(count) "
                + "invalid byte(s) as \(codePage.rawValue); save the file as UTF-8 to silence this"
        case .utf16(let bigEndian):
            return "UTF-16\(bigEndian ? "BE" : "LE") with byte-order mark, converted to UTF-8"
        case .utf32(let bigEndian):
            return "UTF-32\(bigEndian ? "BE" : "LE") with byte-order mark, converted to UTF-8"
        case .removedControlBytes(let count, let first):
            return "removed \(count) control character(s), the first at byte offset \(first)"
        }
    }
}
