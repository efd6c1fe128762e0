/*
 * Signature checks for the use_*.c compile tests (the lines of spec_api_*.inc). Each check is a
 * definition of a pointer initialised from the declaration under test, with the type the spec
 * writes out: a different return or parameter type is a compile error in C++ and, with -Werror,
 * in C. Taking every address also leaves one undefined reference per function in the object,
 * which tests/header/CMakeLists.txt inspects for C++ name mangling (a missing extern "C").
 */
#ifndef CONDIS_TESTS_USE_CHECK_H
#define CONDIS_TESTS_USE_CHECK_H

#include <ndis.h>

#include "abi_check.h"

#define SPEC_FUNCTION(name, ret, params, where) ret(*condis_use_##name) params = name;
/* Drivers declare handlers with the role typedef and define them with the full signature. */
#define SPEC_ROLE(role, name, ret, params, where) \
    role condis_role_##name;                      \
    ret(*condis_use_##name) params = condis_role_##name;
#define SPEC_HANDLER_POINTER(role, pointer, where) pointer condis_pointer_##pointer = (role *)0;

#endif
