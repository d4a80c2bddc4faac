import CProcessStart

/// The words of natoazctl's command line.
enum ProcessArguments {
    /// The words after the program's name, from the argv glibc handed the program at start
    /// (``CProcessStart``), else from `CommandLine`.
    ///
    /// `CommandLine.arguments` is empty on Linux when `/proc` is not mounted (the Swift runtime
    /// finds argv through `/proc/self/maps`), and natoazctl then printed its help for any
    /// command; argv from glibc needs no `/proc`.
    static func afterProgramName() -> [String] {
        let count = Int(natoaz_process_argument_count())
        guard count > 0, let vector = natoaz_process_argument_vector() else {
            return Array(CommandLine.arguments.dropFirst())
        }
        return (1..<count).map { index in vector[index].map { String(cString: $0) } ?? "" }
    }
}
