#ifndef NATOAZ_CPREFETCH_SHIM_H
#define NATOAZ_CPREFETCH_SHIM_H

/// Asks for the cache line at `address` ahead of a read (a hint: it never faults, and an
/// invalid address is ignored).
static inline __attribute__((always_inline)) void natoaz_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

/// Asks for the cache line at `address` ahead of a write.
static inline __attribute__((always_inline)) void natoaz_prefetch_write(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

#endif
