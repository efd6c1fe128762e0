/*
 * condis: ndis.h, area "nbl": NET_BUFFER_LIST, NET_BUFFER and MDL (being completed).
 * The forward typedefs come first so that other areas can name these types right away.
 */
#ifndef CONDIS_NDIS_NBL_H
#define CONDIS_NDIS_NBL_H
#include "condis/ndis/base.h"

typedef struct _MDL MDL, *PMDL;
typedef struct _NET_BUFFER NET_BUFFER, *PNET_BUFFER;
typedef struct _NET_BUFFER_LIST NET_BUFFER_LIST, *PNET_BUFFER_LIST;
typedef struct _NET_BUFFER_LIST_CONTEXT NET_BUFFER_LIST_CONTEXT, *PNET_BUFFER_LIST_CONTEXT;
typedef struct _NET_BUFFER_LIST_POOL_PARAMETERS NET_BUFFER_LIST_POOL_PARAMETERS, *PNET_BUFFER_LIST_POOL_PARAMETERS;
typedef struct _NET_BUFFER_POOL_PARAMETERS NET_BUFFER_POOL_PARAMETERS, *PNET_BUFFER_POOL_PARAMETERS;

#endif /* CONDIS_NDIS_NBL_H */
