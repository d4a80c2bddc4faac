#ifndef NATOAZ_PROCESS_START_H
#define NATOAZ_PROCESS_START_H

// natoazctl's process start where /proc is not mounted (a chroot, a minimal container): the
// Swift runtime looks for its argv and its crash backtracer there.

/// The program's argc, as glibc handed it to the program's constructors; 0 when it did not
/// (a C library that calls constructors without arguments, such as musl).
int natoaz_process_argument_count(void);

/// The program's argv (argc entries, then NULL), or NULL when no count was captured.
char *const *natoaz_process_argument_vector(void);

#endif
