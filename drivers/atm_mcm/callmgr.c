/*
 * atm_mcm call management for address families and SAPs, answered at once, and the features the
 * sample does not offer (incoming calls, extra parties, QoS changes). NDIS calls every handler
 * here at IRQL <= DISPATCH_LEVEL.
 */
#include "atm_mcm.h"

static VOID AtmTrackAf(PATM_AF Af, BOOLEAN Open) {
    PATM_ADAPTER Adapter = Af->Adapter;
    ULONG i;
    NdisAcquireSpinLock(&Adapter->Lock);
    for (i = 0; i < ATM_MCM_MAX_AFS; i++) {
        if (Open && Adapter->OpenAfs[i] == NULL) {
            Adapter->OpenAfs[i] = Af;
            break;
        }
        if (!Open && Adapter->OpenAfs[i] == Af) {
            Adapter->OpenAfs[i] = NULL;
        }
    }
    NdisReleaseSpinLock(&Adapter->Lock);
}

/*
 * ProtocolCmOpenAf: for NdisClOpenAddressFamilyEx. CallMgrBindingContext is our adapter
 * context. Returns SUCCESS with the per-open context, or RESOURCES / FAILURE.
 */
NDIS_STATUS AtmCmOpenAf(NDIS_HANDLE CallMgrBindingContext, PCO_ADDRESS_FAMILY AddressFamily, NDIS_HANDLE NdisAfHandle,
                        PNDIS_HANDLE CallMgrAfContext) {
    PATM_ADAPTER Adapter = (PATM_ADAPTER)CallMgrBindingContext;
    PATM_AF Af;

    if (AddressFamily->AddressFamily != CO_ADDRESS_FAMILY_Q2931) {
        return NDIS_STATUS_FAILURE;
    }
    Af = (PATM_AF)AtmAllocate(Adapter->MiniportAdapterHandle, sizeof(*Af));
    if (Af == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    Af->Adapter = Adapter;
    Af->NdisAfHandle = NdisAfHandle;  /* kept for NdisMCmNotifyCloseAddressFamily at halt */
    AtmTrackAf(Af, TRUE);
    *CallMgrAfContext = Af;
    return NDIS_STATUS_SUCCESS;
}

/* ProtocolCmCloseAf: for NdisClCloseAddressFamily; the client has no VC or SAP left. */
NDIS_STATUS AtmCmCloseAf(NDIS_HANDLE CallMgrAfContext) {
    PATM_AF Af = (PATM_AF)CallMgrAfContext;
    AtmTrackAf(Af, FALSE);
    AtmFree(Af);
    return NDIS_STATUS_SUCCESS;
}

/* ProtocolCmRegisterSap: for NdisClRegisterSap. Any NSAP address is accepted. */
NDIS_STATUS AtmCmRegisterSap(NDIS_HANDLE CallMgrAfContext, PCO_SAP Sap, NDIS_HANDLE NdisSapHandle,
                             PNDIS_HANDLE CallMgrSapContext) {
    PATM_AF Af = (PATM_AF)CallMgrAfContext;
    PATM_SAP SapContext;
    if (Sap->SapType != 1 /* SAP_TYPE_NSAP */) {
        return NDIS_STATUS_INVALID_DATA;
    }
    SapContext = (PATM_SAP)AtmAllocate(Af->Adapter->MiniportAdapterHandle, sizeof(*SapContext));
    if (SapContext == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    SapContext->Af = Af;
    SapContext->NdisSapHandle = NdisSapHandle;
    *CallMgrSapContext = SapContext;
    return NDIS_STATUS_SUCCESS;
}

/* ProtocolCmDeregisterSap: for NdisClDeregisterSap. */
NDIS_STATUS AtmCmDeregisterSap(NDIS_HANDLE CallMgrSapContext) {
    AtmFree(CallMgrSapContext);
    return NDIS_STATUS_SUCCESS;
}

/* ProtocolCmIncomingCallComplete: the sample never dispatches incoming calls. */
VOID AtmCmIncomingCallComplete(NDIS_STATUS Status, NDIS_HANDLE CallMgrVcContext, PCO_CALL_PARAMETERS CallParameters) {
    UNREFERENCED_PARAMETER(Status);
    UNREFERENCED_PARAMETER(CallMgrVcContext);
    UNREFERENCED_PARAMETER(CallParameters);
}

/* ProtocolCmAddParty: point-to-multipoint is not offered by the sample. */
NDIS_STATUS AtmCmAddParty(NDIS_HANDLE CallMgrVcContext, PCO_CALL_PARAMETERS CallParameters, NDIS_HANDLE NdisPartyHandle,
                          PNDIS_HANDLE CallMgrPartyContext) {
    UNREFERENCED_PARAMETER(CallMgrVcContext);
    UNREFERENCED_PARAMETER(CallParameters);
    UNREFERENCED_PARAMETER(NdisPartyHandle);
    UNREFERENCED_PARAMETER(CallMgrPartyContext);
    return NDIS_STATUS_NOT_SUPPORTED;
}

NDIS_STATUS AtmCmDropParty(NDIS_HANDLE CallMgrPartyContext, PVOID CloseData, UINT Size) {
    UNREFERENCED_PARAMETER(CallMgrPartyContext);
    UNREFERENCED_PARAMETER(CloseData);
    UNREFERENCED_PARAMETER(Size);
    return NDIS_STATUS_NOT_SUPPORTED;
}

NDIS_STATUS AtmCmModifyCallQoS(NDIS_HANDLE CallMgrVcContext, PCO_CALL_PARAMETERS CallParameters) {
    UNREFERENCED_PARAMETER(CallMgrVcContext);
    UNREFERENCED_PARAMETER(CallParameters);
    return NDIS_STATUS_NOT_SUPPORTED;
}

/* Never called on an MCM (it activates with NdisMCmActivateVc); required in the table. */
VOID AtmCmActivateVcComplete(NDIS_STATUS Status, NDIS_HANDLE CallMgrVcContext, PCO_CALL_PARAMETERS CallParameters) {
    UNREFERENCED_PARAMETER(Status);
    UNREFERENCED_PARAMETER(CallMgrVcContext);
    UNREFERENCED_PARAMETER(CallParameters);
}

VOID AtmCmDeactivateVcComplete(NDIS_STATUS Status, NDIS_HANDLE CallMgrVcContext) {
    UNREFERENCED_PARAMETER(Status);
    UNREFERENCED_PARAMETER(CallMgrVcContext);
}

/* CmOidRequestHandler: a function of its own, not MiniportCoOidRequest (CM-024). */
NDIS_STATUS AtmCmOidRequest(NDIS_HANDLE CallMgrAfContext, NDIS_HANDLE CallMgrVcContext, NDIS_HANDLE CallMgrPartyContext,
                            PNDIS_OID_REQUEST OidRequest) {
    UNREFERENCED_PARAMETER(CallMgrAfContext);
    UNREFERENCED_PARAMETER(CallMgrVcContext);
    UNREFERENCED_PARAMETER(CallMgrPartyContext);
    UNREFERENCED_PARAMETER(OidRequest);
    return NDIS_STATUS_NOT_SUPPORTED;
}

VOID AtmCmOidRequestComplete(NDIS_HANDLE CallMgrAfContext, NDIS_HANDLE CallMgrVcContext,
                             NDIS_HANDLE CallMgrPartyContext, PNDIS_OID_REQUEST OidRequest, NDIS_STATUS Status) {
    UNREFERENCED_PARAMETER(CallMgrAfContext);
    UNREFERENCED_PARAMETER(CallMgrVcContext);
    UNREFERENCED_PARAMETER(CallMgrPartyContext);
    UNREFERENCED_PARAMETER(OidRequest);
    UNREFERENCED_PARAMETER(Status);
}

VOID AtmCmNotifyCloseAfComplete(NDIS_HANDLE CallMgrAfContext, NDIS_STATUS Status) {
    UNREFERENCED_PARAMETER(CallMgrAfContext);
    UNREFERENCED_PARAMETER(Status);
}
