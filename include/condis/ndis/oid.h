/* condis: ndis.h, area "oid" (being written). */
#ifndef CONDIS_NDIS_OID_H
#define CONDIS_NDIS_OID_H
#include "condis/ndis/base.h"
#endif
