/// The load report in a snapshot, so that a start from the snapshot reports every rejected,
/// repaired and ignored file exactly as the load from the text did:
///
/// ```
/// directory, loaded, bytesRead
/// rejected   count, then per file: name, reason tag, the reason's values
/// repaired   count, then per file: name, repair count, per repair: tag, values
/// ignored    count, then per file: name, why
/// ```
///
/// Integers are stored as `Int64` bit patterns, strings as length and UTF-8.
extension SnapshotOutput {
    func write(report: LoadReport) throws(SnapshotError) {
        try write(string: report.directory)
        try write(UInt64(report.loaded))
        try write(UInt64(report.bytesRead))
        try write(UInt64(report.rejected.count))
        for file in report.rejected {
            try write(string: file.file)
            try write(reason: file.reason)
        }
        try write(UInt64(report.repaired.count))
        for file in report.repaired {
            try write(string: file.file)
            try write(UInt64(file.repairs.count))
            for repair in file.repairs { try write(repair: repair) }
        }
        try write(UInt64(report.ignored.count))
        for file in report.ignored {
            try write(string: file.file)
            try write(string: file.why)
        }
    }

    private func write(integers: Int...) throws(SnapshotError) {
        for value in integers { try write(Int64(value)) }
    }

    private func write(reason: RejectionReason) throws(SnapshotError) {
        switch reason {
        case .empty: try write(UInt8(0))
        case .whitespaceOnly: try write(UInt8(1))
        case .noArticleText: try write(UInt8(2))
        case .binaryNUL(let offset, let utf16):
            try write(UInt8(3))
            try write(integers: offset, utf16 ? 1 : 0)
        case .binaryControlBytes(let count, let first):
            try write(UInt8(4))
            try write(integers: count, first)
        case .tooLarge(let bytes, let limit):
            try write(UInt8(5))
            try write(integers: bytes, limit)
        case .notRegularFile(let kind):
            try write(UInt8(6))
            try write(string: kind)
        case .unreadable(let code, let message):
            try write(UInt8(7))
            try write(integers: Int(code))
            try write(string: message)
        case .invalidFileName: try write(UInt8(8))
        case .duplicateID(let kept):
            try write(UInt8(9))
            try write(string: kept)
        case .symbolicLinkOwner(let link, let file):
            try write(UInt8(10))
            try write(integers: Int(link), Int(file))
        case .unmarkedUTF32(let bigEndian):
            try write(UInt8(11))
            try write(integers: bigEndian ? 1 : 0)
        }
    }

    private func write(repair: Repair) throws(SnapshotError) {
        switch repair {
        case .legacyEncoding(let codePage, let invalid, let first):
            try write(UInt8(0))
            try write(string: codePage.rawValue)
            try write(integers: invalid, first)
        case .utf16(let bigEndian):
            try write(UInt8(1))
            try write(integers: bigEndian ? 1 : 0)
        case .removedControlBytes(let count, let first):
            try write(UInt8(2))
            try write(integers: count, first)
        case .utf32(let bigEndian):
            try write(UInt8(3))
            try write(integers: bigEndian ? 1 : 0)
        }
    }
}

extension SnapshotInput {
    /// The report; its `elapsed` is `elapsed` (the time of this load, not the stored one's).
    func readReport(elapsed: Duration) throws(SnapshotError) -> LoadReport {
        let directory = try readString()
        let loaded = try readInteger()
        let bytesRead = try readInteger()
        var rejected: [RejectedFile] = []
        for _ in 0..<(try count(elementSize: 9)) {
            rejected.append(RejectedFile(file: try readString(), reason: try readReason()))
        }
        var repaired: [RepairedFile] = []
        for _ in 0..<(try count(elementSize: 16)) {
            let file = try readString()
            var repairs: [Repair] = []
            for _ in 0..<(try count(elementSize: 9)) { repairs.append(try readRepair()) }
            repaired.append(RepairedFile(file: file, repairs: repairs))
        }
        var ignored: [IgnoredFile] = []
        for _ in 0..<(try count(elementSize: 16)) {
            ignored.append(IgnoredFile(file: try readString(), why: try readString()))
        }
        return LoadReport(
            directory: directory, loaded: loaded, rejected: rejected, repaired: repaired,
            ignored: ignored, bytesRead: bytesRead, elapsed: elapsed)
    }

    private func readInteger() throws(SnapshotError) -> Int {
        Int(try read(Int64.self))
    }

    private func readReason() throws(SnapshotError) -> RejectionReason {
        switch try read(UInt8.self) {
        case 0: return .empty
        case 1: return .whitespaceOnly
        case 2: return .noArticleText
        case 3: return .binaryNUL(offset: try readInteger(), looksLikeUTF16: try readInteger() != 0)
        case 4: return .binaryControlBytes(count: try readInteger(), firstOffset: try readInteger())
        case 5: return .tooLarge(bytes: try readInteger(), limit: try readInteger())
        case 6: return .notRegularFile(kind: try readString())
        case 7:
            return .unreadable(
                errno: Int32(truncatingIfNeeded: try readInteger()), message: try readString())
        case 8: return .invalidFileName
        case 9: return .duplicateID(keptFile: try readString())
        case 10:
            return .symbolicLinkOwner(
                linkOwner: UInt32(truncatingIfNeeded: try readInteger()),
                fileOwner: UInt32(truncatingIfNeeded: try readInteger()))
        case 11: return .unmarkedUTF32(bigEndian: try readInteger() != 0)
        case let tag: throw damaged("unknown rejection reason \(tag)")
        }
    }

    private func readRepair() throws(SnapshotError) -> Repair {
        switch try read(UInt8.self) {
        case 0:
            let name = try readString()
            guard let codePage = LegacyCodePage(rawValue: name) else {
                throw damaged("unknown code page \(name)")
            }
            return .legacyEncoding(
                codePage: codePage, invalidBytes: try readInteger(), firstOffset: try readInteger())
        case 1: return .utf16(bigEndian: try readInteger() != 0)
        case 2:
            return .removedControlBytes(count: try readInteger(), firstOffset: try readInteger())
        case 3: return .utf32(bigEndian: try readInteger() != 0)
        case let tag: throw damaged("unknown repair \(tag)")
        }
    }
}
