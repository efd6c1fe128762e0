/*
 * Compile test of ndis.h area "services" (include/condis/ndis/services.h): every function and handler role
 * the spec writes out for it, with the spec's exact types (spec_api_services.inc). Built as C11 and as
 * C++20 with -Wall -Wextra -Werror; layout.c checks the numbers.
 */
#include "use_check.h"

#include "spec_api_services.inc"
