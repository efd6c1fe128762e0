/* condis: ndis.h, area "driver" (being written). */
#ifndef CONDIS_NDIS_DRIVER_H
#define CONDIS_NDIS_DRIVER_H
#include "condis/ndis/base.h"
#endif
