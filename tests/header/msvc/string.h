/* The few C library declarations include/ndis.h needs, for the MSVC-layout syntax check
 * (clang --target=x86_64-pc-windows-msvc has no Windows SDK or CRT here). */
#ifndef CONDIS_TESTS_MSVC_STRING_H
#define CONDIS_TESTS_MSVC_STRING_H
#include <stddef.h>
#ifdef __cplusplus
extern "C" {
#endif
void *memcpy(void *, const void *, size_t);
void *memmove(void *, const void *, size_t);
void *memset(void *, int, size_t);
int memcmp(const void *, const void *, size_t);
#ifdef __cplusplus
}
#endif
#endif
