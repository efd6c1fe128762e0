/* condis: ndis.h, area "services" (being written). */
#ifndef CONDIS_NDIS_SERVICES_H
#define CONDIS_NDIS_SERVICES_H
#include "condis/ndis/base.h"
#endif
