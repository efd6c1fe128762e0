/*
 * Compile test of ndis.h area "driver" (include/condis/ndis/driver.h): every function and handler role
 * the spec writes out for it, with the spec's exact types (spec_api_driver.inc). Built as C11 and as
 * C++20 with -Wall -Wextra -Werror; layout.c checks the numbers.
 */
#include "use_check.h"

#include "spec_api_driver.inc"
