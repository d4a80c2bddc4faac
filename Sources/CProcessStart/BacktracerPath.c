#include "ProcessStart.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// A statically linked Swift program's runtime asks /proc/self/exe where it is, from one of its
// own constructors, to find its crash backtracer, and aborts ("Unable to obtain Swift runtime
// path") when /proc is not mounted, before main. Naming the backtracer in SWIFT_BACKTRACE
// skips the question. Priority 101 runs this before the runtime's constructors (default
// priority); without /proc there is no backtrace to show anyway.
__attribute__((constructor(101))) static void natoaz_name_backtracer_without_proc(void) {
    char path[2];
    if (readlink("/proc/self/exe", path, sizeof path) >= 0) return;
    static const char setting[] = "enable=no,swift-backtrace=/bin/false";
    const char *given = getenv("SWIFT_BACKTRACE");
    if (given == NULL || given[0] == '\0') {
        setenv("SWIFT_BACKTRACE", setting, 1);
        return;
    }
    // Later keys win: the user's other settings stay, these two are added.
    size_t length = strlen(given) + 1 + sizeof setting;
    char *combined = malloc(length);
    if (combined == NULL) return;
    snprintf(combined, length, "%s,%s", given, setting);
    setenv("SWIFT_BACKTRACE", combined, 1);
    free(combined);
}
