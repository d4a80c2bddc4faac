/// The handshake's rules, in one place for both sides (PROTOCOL.md, "Handshake").
///
/// ```
/// client                                   server
///   │── Hello{min,max version, compression,  │
///   │         dictionary ids, client name} ─▶│  first frame, never compressed
///   │◀─ Hello{version, compression,          │
///   │         dictionary id, limits, names} ─│  or an UNSUPPORTED_VERSION error, then close
/// ```
public enum Handshake {
    /// What a server offers: its versions, whether it compresses, its dictionaries, limits.
    public struct Offer: Sendable {
        /// Protocol versions the server speaks; the highest one the client also speaks wins.
        public var versions: ClosedRange<UInt32>
        /// Whether the server compresses with a client that asks for it.
        public var compression: Bool
        /// Dictionaries the server holds, preferred first.
        public var dictionaries: [ZstdDictionary]
        /// The limits announced in the reply, and enforced.
        public var limits: Limits
        /// The name the reply gives (`HelloResponse.server_name`).
        public var serverName: String
        /// The version the reply gives (`HelloResponse.server_version`).
        public var serverVersion: String

        /// An offer of every version this build speaks, with compression, by default.
        public init(
            versions: ClosedRange<UInt32> = ProtocolVersion.supported,
            compression: Bool = true,
            dictionaries: [ZstdDictionary] = [],
            limits: Limits,
            serverName: String = "natoazd",
            serverVersion: String
        ) {
            self.versions = versions
            self.compression = compression
            self.dictionaries = dictionaries
            self.limits = limits
            self.serverName = serverName
            self.serverVersion = serverVersion
        }
    }

    /// What was agreed: the reply to send and the dictionary (if any) both sides now use.
    public struct Agreement: Sendable {
        /// The Hello reply to send, as the first frame, uncompressed.
        public var response: HelloResponse
        /// The dictionary for frames flagged "dictionary"; nil when none was agreed.
        public var dictionary: ZstdDictionary?
    }

    /// The Hello a client sends, offering every version this build speaks.
    public static func hello(
        clientName: String, compression: Bool = true, dictionaryIDs: [UInt32] = []
    ) -> HelloRequest {
        HelloRequest(
            minVersion: ProtocolVersion.supported.lowerBound,
            maxVersion: ProtocolVersion.supported.upperBound,
            compression: compression,
            dictionaryIDs: compression ? dictionaryIDs : [],
            clientName: clientName)
    }

    /// The server's answer to `hello`: the highest common version, compression if both want
    /// it, the first dictionary of the client's list the server holds. Throws
    /// UNSUPPORTED_VERSION (which closes the connection) when the ranges do not meet.
    public static func agree(to hello: HelloRequest, offer: Offer) throws(ProtocolError)
        -> Agreement
    {
        let clientMax = hello.maxVersion == 0 ? hello.minVersion : hello.maxVersion
        let chosen = min(clientMax, offer.versions.upperBound)
        guard hello.minVersion <= clientMax,
            chosen >= max(hello.minVersion, offer.versions.lowerBound)
        else {
            throw ProtocolError(
                code: .unsupportedVersion,
                message: "the client speaks protocol versions \(hello.minVersion)-\(clientMax), "
                    + "this server \(offer.versions.lowerBound)-\(offer.versions.upperBound); "
                    + "set HelloRequest.min_version/max_version (PROTOCOL.md, Handshake)",
                field: "hello.min_version",
                closesConnection: true)
        }
        let compression = hello.compression && offer.compression
        let dictionary =
            compression
            ? hello.dictionaryIDs.lazy.compactMap { id in
                offer.dictionaries.first { $0.id == id }
            }.first
            : nil
        let response = HelloResponse(
            version: chosen,
            compression: compression,
            dictionaryID: dictionary?.id ?? 0,
            limits: offer.limits,
            serverName: offer.serverName,
            serverVersion: offer.serverVersion)
        return Agreement(response: response, dictionary: dictionary)
    }
}
