#ifndef NATOAZ_CZSTD_SHIM_H
#define NATOAZ_CZSTD_SHIM_H
// ZSTD_STATIC_LINKING_ONLY exposes ZSTD_d_windowLogMax's siblings and
// ZSTD_getFrameContentSize's error codes we rely on; all are in libzstd.so.
#include <zstd.h>
// ZDICT_STATIC_LINKING_ONLY exposes ZDICT_trainFromBuffer_fastCover with explicit parameters
// (the body dictionary's trainer); it is exported by libzstd.so.
#define ZDICT_STATIC_LINKING_ONLY
#include <zdict.h>
#endif
