/* Compiled by the package test with nothing but `pkg-config --cflags --libs condis`: ndis.h is
 * found under the installed prefix and the NDIS library services link against libcondis. */
#include <ndis.h>

#define PKG_TAG ((ULONG)0x676B5043) /* 'CPkg' */

PVOID PkgAllocate(NDIS_HANDLE NdisHandle, UINT Length)
{
    return NdisAllocateMemoryWithTagPriority(NdisHandle, Length, PKG_TAG, NormalPoolPriority);
}

VOID PkgFree(PVOID Buffer)
{
    NdisFreeMemory(Buffer, 0, 0);
}
