#ifndef NATOAZ_CPAGECACHE_SHIM_H
#define NATOAZ_CPAGECACHE_SHIM_H
#include <errno.h>
#include <sys/types.h>
#include <sys/uio.h>

#if defined(__linux__) && defined(__LP64__)
// glibc (2.26 and later) declares preadv2 and RWF_NOWAIT only with _GNU_SOURCE, which cannot
// be defined here: the C library's types would differ from the other modules' (Clang refuses
// the mix). The declaration is glibc's; RWF_NOWAIT is the kernel's (<linux/fs.h>, Linux 4.14).
extern ssize_t preadv2(int descriptor, const struct iovec *vector, int count, off_t offset,
                       int flags);
#define NATOAZ_RWF_NOWAIT 0x00000008
#endif

/// Reads up to `count` bytes at the file's offset (and advances it) only as far as the page
/// cache holds them: -1 with errno EAGAIN when the first page is not cached (the kernel
/// starts reading it), fewer bytes than asked when a later page is not. -1 with another
/// errno (ENOSYS off 64-bit Linux, EOPNOTSUPP on a file system without RWF_NOWAIT) says
/// nothing about the cache.
static inline ssize_t natoaz_read_cached(int descriptor, void *buffer, size_t count) {
#ifdef NATOAZ_RWF_NOWAIT
    struct iovec vector = {buffer, count};
    return preadv2(descriptor, &vector, 1, -1, NATOAZ_RWF_NOWAIT);
#else
    (void)descriptor;
    (void)buffer;
    (void)count;
    errno = ENOSYS;
    return -1;
#endif
}
#endif
