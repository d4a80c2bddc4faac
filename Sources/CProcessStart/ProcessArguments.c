#include "ProcessStart.h"

#include <stddef.h>
#include <unistd.h>  // defines __GLIBC__ on glibc

// The Swift runtime finds argv on Linux by locating the stack in /proc/self/maps, so without
// /proc (a chroot, a minimal container) CommandLine.arguments is empty. glibc passes argc,
// argv and envp to every ELF constructor, statically linked or not, so capturing them here
// needs no /proc.
static int captured_count;
static char *const *captured_vector;

#if defined(__GLIBC__)
__attribute__((constructor)) static void natoaz_capture_process_arguments(
    int argc, char **argv, char **envp) {
    (void)envp;
    if (argc > 0 && argv != NULL) {
        captured_count = argc;
        captured_vector = argv;
    }
}
#endif

int natoaz_process_argument_count(void) { return captured_count; }

char *const *natoaz_process_argument_vector(void) { return captured_vector; }
