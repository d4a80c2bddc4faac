#ifndef NATOAZ_CUTF8PROC_SHIM_H
#define NATOAZ_CUTF8PROC_SHIM_H
#include <utf8proc.h>
#endif
