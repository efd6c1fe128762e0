/* The CoNDIS VC handlers. The demo makes no calls, so NDIS only needs them registered; they are
 * still complete: a VC context per VC, activation always accepted, requests not supported. */
#include "demo_miniport.h"

/* NDIS calls this at <= DISPATCH_LEVEL when a protocol creates a VC on the adapter. */
NDIS_STATUS DemoCoCreateVc(NDIS_HANDLE MiniportAdapterContext, NDIS_HANDLE NdisVcHandle, PNDIS_HANDLE MiniportVcContext)
{
    PDEMO_ADAPTER adapter = (PDEMO_ADAPTER)MiniportAdapterContext;
    PDEMO_VC vc = (PDEMO_VC)NdisAllocateMemoryWithTagPriority(adapter->MiniportAdapterHandle, sizeof(*vc), DEMO_TAG,
                                                              NormalPoolPriority);
    if (vc == NULL) return NDIS_STATUS_RESOURCES;
    vc->Adapter = adapter;
    vc->NdisVcHandle = NdisVcHandle;
    *MiniportVcContext = vc;
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS DemoCoDeleteVc(NDIS_HANDLE MiniportVcContext)
{
    NdisFreeMemory(MiniportVcContext, 0, 0);
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS DemoCoActivateVc(NDIS_HANDLE MiniportVcContext, PCO_CALL_PARAMETERS CallParameters)
{
    UNREFERENCED_PARAMETER(MiniportVcContext);
    UNREFERENCED_PARAMETER(CallParameters);
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS DemoCoDeactivateVc(NDIS_HANDLE MiniportVcContext)
{
    UNREFERENCED_PARAMETER(MiniportVcContext);
    return NDIS_STATUS_SUCCESS;
}

/* The demo has no wire: a send is dropped. A driver that carries data completes every NBL with
 * NdisMCoSendNetBufferListsComplete (DP-012); the demo makes no calls, so no VC is ever active. */
VOID DemoCoSendNetBufferLists(NDIS_HANDLE MiniportVcContext, PNET_BUFFER_LIST NetBufferLists, ULONG SendFlags)
{
    UNREFERENCED_PARAMETER(MiniportVcContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(SendFlags);
}

NDIS_STATUS DemoCoOidRequest(NDIS_HANDLE MiniportAdapterContext, NDIS_HANDLE MiniportVcContext,
                             PNDIS_OID_REQUEST NdisRequest)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(MiniportVcContext);
    UNREFERENCED_PARAMETER(NdisRequest);
    return NDIS_STATUS_NOT_SUPPORTED;
}
