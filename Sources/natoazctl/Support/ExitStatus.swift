/// natoazctl's exit statuses, grep-style, so scripts can branch on them.
enum ExitStatus {
    /// Results were printed.
    static let results: Int32 = 0
    /// No results, or the thing asked for was not found.
    static let noResults: Int32 = 1
    /// A usage error, an error reported by natoazd, or results stdout would not take.
    static let failure: Int32 = 2
    /// natoazd could not be reached (not running, wrong socket, no permission, timed out).
    static let unreachable: Int32 = 3

    /// The text the root command's help shows.
    static let documentation = """
        EXIT STATUS:
          0  results were printed
          1  no results, or not found
          2  usage error, an error reported by natoazd, or stdout not writable
          3  natoazd cannot be reached (not running, wrong socket, denied, timeout)
        """
}
