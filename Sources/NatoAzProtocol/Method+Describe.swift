extension Method {
    /// The method's name as Describe and logs show it, e.g. `Search` for `METHOD_SEARCH`.
    public var displayName: String {
        guard allKnownNames.contains(rawValue) else { return name }
        let word = name.dropFirst("METHOD_".count)
        return word.prefix(1) + word.dropFirst().lowercased()
    }

    /// Methods that change or reveal server state; the server allows them only to trusted
    /// peers (PROTOCOL.md, "Access control").
    public var isAdministrative: Bool { self == .stats || self == .reload }

    private var allKnownNames: ClosedRange<Int32> { 1...Method.allKnown.last!.rawValue }
}

extension DescribeResponse {
    /// What this build knows: every method and error code with its documentation, as a
    /// server answers Describe.
    public static var thisBuild: DescribeResponse {
        DescribeResponse(
            protocolVersion: ProtocolVersion.current,
            methods: Method.allKnown.filter { $0 != .unspecified }.map { method in
                MethodInfo(
                    number: UInt32(method.rawValue), name: method.displayName, doc: method.doc,
                    admin: method.isAdministrative)
            },
            errors: ErrorCode.allKnown.filter { $0 != .unspecified }.map { code in
                ErrorInfo(code: UInt32(code.rawValue), name: code.name, doc: code.doc)
            })
    }
}
