/* condis: ndis.h, area "co" (being written). */
#ifndef CONDIS_NDIS_CO_H
#define CONDIS_NDIS_CO_H
#include "condis/ndis/base.h"
#endif
