import NatoAzTestSupport

extension PackagePaths {
    /// The generated Python protobuf module, for clients run under another uid.
    static let pythonClientDirectory = root + "/clients/python"
}
