/* condis: ndis.h, area "nbl" (being written). */
#ifndef CONDIS_NDIS_NBL_H
#define CONDIS_NDIS_NBL_H
#include "condis/ndis/base.h"
#endif
