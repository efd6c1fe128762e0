/*
 * ndis.h for condis: the CoNDIS part of the WDK's ndis.h, source-compatible for Windows x64.
 *
 * A CoNDIS driver includes this header exactly as it includes the WDK's. The declarations are
 * split by area under condis/ndis/; this file only includes them in dependency order.
 * Version macros (NDIS60, NDIS51, NDIS60_MINIPORT, ...) are honoured as in the WDK: with none
 * defined, NDIS 6.0 is assumed.
 */
#ifndef CONDIS_NDIS_H
#define CONDIS_NDIS_H

#if !defined(NDIS60) && !defined(NDIS61) && !defined(NDIS620) && !defined(NDIS51) && !defined(NDIS50) && \
    !defined(NDIS60_MINIPORT) && !defined(NDIS61_MINIPORT) && !defined(NDIS620_MINIPORT) &&             \
    !defined(NDIS51_MINIPORT) && !defined(NDIS50_MINIPORT)
#define NDIS60 1
#endif
#if defined(NDIS60_MINIPORT) || defined(NDIS61_MINIPORT) || defined(NDIS620_MINIPORT) || defined(NDIS60) || \
    defined(NDIS61) || defined(NDIS620)
#define NDIS_SUPPORT_NDIS6 1
#endif

#include "condis/ndis/base.h"
#include "condis/ndis/services.h"
#include "condis/ndis/nbl.h"
#include "condis/ndis/oid.h"
#include "condis/ndis/driver.h"
#include "condis/ndis/co.h"

#endif /* CONDIS_NDIS_H */
