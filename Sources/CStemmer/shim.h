#ifndef NATOAZ_CSTEMMER_SHIM_H
#define NATOAZ_CSTEMMER_SHIM_H
#include <libstemmer.h>
#endif
