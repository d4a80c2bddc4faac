// `swift build -c release` (make run) builds this target too, without the Testing module.
#if canImport(Testing)
    public import Testing

    extension Trait where Self == TimeLimitTrait {
        /// The time limit of the suites that run processes or sockets: a guard against a hang,
        /// not a speed check (speed is measured by the benchmarks). Swift Testing runs tests on
        /// its few cooperative threads (one per core) and counts a test's wait for one against
        /// its limit, so on a loaded 2-core machine a one-second test can start minutes after
        /// the run does: a 1-minute limit failed such tests in a full parallel run with no hang.
        public static var hangGuard: Self { .timeLimit(.minutes(10)) }
    }
#endif
