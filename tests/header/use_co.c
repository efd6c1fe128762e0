/*
 * Compile test of ndis.h area "co" (include/condis/ndis/co.h): every function and handler role
 * the spec writes out for it, with the spec's exact types (spec_api_co.inc). Built as C11 and as
 * C++20 with -Wall -Wextra -Werror; layout.c checks the numbers.
 */
#include "use_check.h"

#include "spec_api_co.inc"
