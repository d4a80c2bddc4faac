#include "DaemonStart.h"

#include <unistd.h>

// natoazd cannot run without /proc: libdispatch's thread-pool monitor reads /proc/self/task
// and stops the process (SIGILL) when it cannot, on a thread of its own at a moment of its own
// choosing, and the Swift runtime finds the command line through /proc/self/maps. A check in
// Swift code came too late to win that race every time, so natoazd checks here, before any
// thread or runtime starts (priority 101: before the Swift runtime's constructors), and stops
// with a message that says what to do.
__attribute__((constructor(101))) static void natoazd_require_proc(void) {
    if (access("/proc/self/maps", R_OK) == 0) return;
    static const char message[] =
        "natoazd: /proc is not mounted, and natoazd cannot run without it (the Swift runtime "
        "reads the command line through /proc/self/maps, libdispatch watches its threads in "
        "/proc/self/task): run natoazd where /proc is mounted (the unit's ProtectProc= and "
        "ProcSubset= keep what it needs)\n";
    ssize_t written = write(STDERR_FILENO, message, sizeof message - 1);
    (void)written;
    _exit(78);  // EX_CONFIG
}
