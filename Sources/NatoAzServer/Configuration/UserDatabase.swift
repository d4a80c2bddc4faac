#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Name-to-id lookups in the system's user and group databases (NSS), used to resolve
/// configured user and group names once at start-up.
enum UserDatabase {
    /// The gid of a group given by name or number.
    static func groupID(_ nameOrNumber: String) -> UInt32? {
        if let number = UInt32(nameOrNumber) { return number }
        var group = group()
        var result: UnsafeMutablePointer<group>?
        var buffer = [CChar](repeating: 0, count: 16 * 1024)
        let status = getgrnam_r(nameOrNumber, &group, &buffer, buffer.count, &result)
        guard status == 0, result != nil else { return nil }
        return group.gr_gid
    }

    /// The uid of a user given by name or number.
    static func userID(_ nameOrNumber: String) -> UInt32? {
        if let number = UInt32(nameOrNumber) { return number }
        var user = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 16 * 1024)
        let status = getpwnam_r(nameOrNumber, &user, &buffer, buffer.count, &result)
        guard status == 0, result != nil else { return nil }
        return user.pw_uid
    }

    /// All groups a uid belongs to (primary and supplementary), for the admin-groups check.
    static func groupIDs(ofUser uid: UInt32, primaryGroup gid: UInt32) -> [UInt32] {
        var user = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 16 * 1024)
        guard getpwuid_r(uid, &user, &buffer, buffer.count, &result) == 0, result != nil,
            let name = user.pw_name
        else { return [gid] }
        var count: Int32 = 64
        var groups = [gid_t](repeating: 0, count: Int(count))
        while getgrouplist(name, gid, &groups, &count) == -1 {
            // Too small: `count` now holds the size needed.
            guard count > 0, count < 65_536 else { return [gid] }
            groups = [gid_t](repeating: 0, count: Int(count))
        }
        return Array(groups.prefix(Int(count)))
    }
}
