/*
 * atm_client address family: ProtocolCoAfRegisterNotify opens the Q.2931 AF; once it is open
 * the client starts its call (call.c). A request that does not pend is finished by the client
 * itself; NDIS calls the completion callback only for requests that pended.
 */
#include "atm_client.h"

/* The AF is open: remember the handle and start the outgoing call. */
static VOID ClAfOpened(PCL_BINDING Binding, NDIS_HANDLE NdisAfHandle) {
    NdisAcquireSpinLock(&Binding->Lock);
    Binding->NdisAfHandle = NdisAfHandle;
    NdisReleaseSpinLock(&Binding->Lock);
    ClStartCall(Binding);
}

/*
 * ProtocolCoAfRegisterNotify: PASSIVE_LEVEL. A call manager offers an AF on the adapter under
 * this binding; the client opens the first Q.2931 AF.
 */
VOID ClCoAfRegisterNotify(NDIS_HANDLE ProtocolBindingContext, PCO_ADDRESS_FAMILY AddressFamily) {
    PCL_BINDING Binding = (PCL_BINDING)ProtocolBindingContext;
    NDIS_HANDLE NdisAfHandle = NULL;
    NDIS_STATUS Status;

    if (AddressFamily->AddressFamily != CO_ADDRESS_FAMILY_Q2931 || Binding->AfKnown) {
        return;
    }
    Binding->AfKnown = TRUE;
    Binding->AddressFamily = *AddressFamily;
    Status = NdisClOpenAddressFamilyEx(Binding->NdisBindingHandle, AddressFamily, Binding, &NdisAfHandle);
    if (Status == NDIS_STATUS_SUCCESS) {
        ClAfOpened(Binding, NdisAfHandle);
    }
    /* PENDING: ProtocolClOpenAfCompleteEx follows. A failure leaves the binding without an AF. */
}

/* ProtocolClOpenAfCompleteEx: PASSIVE_LEVEL, for an open that pended. */
VOID ClOpenAfCompleteEx(NDIS_HANDLE ProtocolAfContext, NDIS_HANDLE NdisAfHandle, NDIS_STATUS Status) {
    if (Status == NDIS_STATUS_SUCCESS) {
        ClAfOpened((PCL_BINDING)ProtocolAfContext, NdisAfHandle);
    }
}

/* Closes the AF; the handle is invalid for the client from the call on. <= DISPATCH_LEVEL. */
NDIS_STATUS ClCloseAf(PCL_BINDING Binding) {
    NDIS_HANDLE NdisAfHandle;
    NdisAcquireSpinLock(&Binding->Lock);
    NdisAfHandle = Binding->NdisAfHandle;
    Binding->NdisAfHandle = NULL;
    NdisReleaseSpinLock(&Binding->Lock);
    return NdisClCloseAddressFamily(NdisAfHandle);
}

/* ProtocolClCloseAfComplete: <= DISPATCH_LEVEL, for a close that pended. */
VOID ClCloseAfComplete(NDIS_STATUS Status, NDIS_HANDLE ProtocolAfContext) {
    UNREFERENCED_PARAMETER(Status);
    UNREFERENCED_PARAMETER(ProtocolAfContext);
}

/* The sample registers no SAP; these completions never run. */
VOID ClRegisterSapComplete(NDIS_STATUS Status, NDIS_HANDLE ProtocolSapContext, PCO_SAP Sap, NDIS_HANDLE NdisSapHandle) {
    UNREFERENCED_PARAMETER(Status);
    UNREFERENCED_PARAMETER(ProtocolSapContext);
    UNREFERENCED_PARAMETER(Sap);
    UNREFERENCED_PARAMETER(NdisSapHandle);
}

VOID ClDeregisterSapComplete(NDIS_STATUS Status, NDIS_HANDLE ProtocolSapContext) {
    UNREFERENCED_PARAMETER(Status);
    UNREFERENCED_PARAMETER(ProtocolSapContext);
}

/*
 * ProtocolClNotifyCloseAf: the call manager is going away (an MCM halting). The client's call
 * is already closed and its VC deleted; it closes the AF and returns.
 */
NDIS_STATUS ClNotifyCloseAf(NDIS_HANDLE ProtocolAfContext) {
    PCL_BINDING Binding = (PCL_BINDING)ProtocolAfContext;
    if (Binding->NdisAfHandle != NULL) {
        (VOID)ClCloseAf(Binding);
    }
    return NDIS_STATUS_SUCCESS;
}
