/*
 * Compile-time checks shared by the header tests: each macro is a static assertion that works in
 * C11 and C++20, so one source checks both languages (and the MSVC layout under clang).
 */
#ifndef CONDIS_TESTS_ABI_CHECK_H
#define CONDIS_TESTS_ABI_CHECK_H

#ifdef __cplusplus
#define ABI_ASSERT(cond, what) static_assert(cond, what)
#define ABI_ALIGNOF(type) alignof(type)
#else
#define ABI_ASSERT(cond, what) _Static_assert(cond, what)
#define ABI_ALIGNOF(type) _Alignof(type)
#endif

#define ABI_SIZE(type, n) ABI_ASSERT(sizeof(type) == (n), "sizeof(" #type ") == " #n)
#define ABI_ALIGN(type, n) ABI_ASSERT(ABI_ALIGNOF(type) == (n), "alignof(" #type ") == " #n)
#define ABI_OFFSET(type, member, n) \
    ABI_ASSERT(offsetof(type, member) == (n), "offsetof(" #type ", " #member ") == " #n)
/* Constants compare as the 32-bit patterns the WDK writes them as (NDIS_STATUS is signed). */
#define ABI_VALUE(name, v) ABI_ASSERT((uint32_t)(name) == (uint32_t)(v), #name " == " #v)

/* The generated spec checks (spec_layout.inc) use these names. */
#define SPEC_CONST(name, v, where) ABI_ASSERT((uint32_t)(name) == (uint32_t)(v), #name " == " #v " (" where ")");
#define SPEC_SIZE(type, n, where) ABI_ASSERT(sizeof(type) == (n), "sizeof(" #type ") == " #n " (" where ")");
#define SPEC_ALIGN(type, n, where) ABI_ASSERT(ABI_ALIGNOF(type) == (n), "alignof(" #type ") == " #n " (" where ")");
#define SPEC_OFFSET(type, member, n, where) \
    ABI_ASSERT(offsetof(type, member) == (n), "offsetof(" #type ", " #member ") == " #n " (" where ")");

#endif
