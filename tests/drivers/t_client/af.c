/*
 * t_client address family and SAP: ProtocolCoAfRegisterNotify opens the AF (or leaves it to
 * TdClientOpenAf), and the TdClient* actions register and deregister a SAP and close the AF.
 * A request that returns a status other than PENDING is finished here by the client itself;
 * NDIS calls the completion callback only for requests that pended ([CM 0.3]).
 */
#include "t_client.h"

/* Records a successful open. Any IRQL. */
static VOID ClAfOpened(PCL_BINDING Binding, NDIS_HANDLE NdisAfHandle) {
    NdisAcquireSpinLock(&Binding->Lock);
    Binding->NdisAfHandle = NdisAfHandle;
    NdisReleaseSpinLock(&Binding->Lock);
}

/* Opens the AF with NdisClOpenAddressFamilyEx. PASSIVE_LEVEL. */
NDIS_STATUS ClOpenAf(PCL_BINDING Binding, PCO_ADDRESS_FAMILY AddressFamily) {
    NDIS_HANDLE NdisAfHandle = NULL;
    NDIS_STATUS Status;

    /* The client's AF context is its binding: one AF per binding. */
    Status = NdisClOpenAddressFamilyEx(Binding->NdisBindingHandle, AddressFamily, Binding, &NdisAfHandle);
    TdLog("NdisClOpenAddressFamilyEx", Status, NdisAfHandle, 0);
    if (Status == NDIS_STATUS_SUCCESS) {
        ClAfOpened(Binding, NdisAfHandle);
    }
    return Status;
}

/* Closes the AF; the handle is invalid for the client from the call on. <= DISPATCH_LEVEL. */
NDIS_STATUS ClCloseAf(PCL_BINDING Binding) {
    NDIS_HANDLE NdisAfHandle;
    NDIS_STATUS Status;

    NdisAcquireSpinLock(&Binding->Lock);
    NdisAfHandle = Binding->NdisAfHandle;
    Binding->NdisAfHandle = NULL;
    NdisReleaseSpinLock(&Binding->Lock);
    Status = NdisClCloseAddressFamily(NdisAfHandle);
    TdLog("NdisClCloseAddressFamily", Status, NdisAfHandle, 0);
    if (Status != NDIS_STATUS_SUCCESS && Status != NDIS_STATUS_PENDING) {
        ClAfOpened(Binding, NdisAfHandle);  /* still open (for example: a VC or SAP remains) */
    }
    return Status;
}

/*
 * ProtocolCoAfRegisterNotify: NDIS calls it at PASSIVE_LEVEL when a call manager offers an AF
 * on the adapter under this binding. The first Q.2931 AF is opened at once unless the test
 * asked to open it itself.
 */
VOID ClCoAfRegisterNotify(NDIS_HANDLE ProtocolBindingContext, PCO_ADDRESS_FAMILY AddressFamily) {
    PCL_BINDING Binding = (PCL_BINDING)ProtocolBindingContext;

    TdLog("ProtocolCoAfRegisterNotify", NDIS_STATUS_SUCCESS, NULL, AddressFamily->AddressFamily);
    if (AddressFamily->AddressFamily != CO_ADDRESS_FAMILY_Q2931 || Binding->AfKnown) {
        return;
    }
    Binding->AddressFamily = *AddressFamily;
    Binding->AfKnown = TRUE;
    if (ClAutoOpen) {
        (VOID)ClOpenAf(Binding, AddressFamily);
    }
}

/* ProtocolClOpenAfCompleteEx: PASSIVE_LEVEL, for an open that pended. */
VOID ClOpenAfCompleteEx(NDIS_HANDLE ProtocolAfContext, NDIS_HANDLE NdisAfHandle, NDIS_STATUS Status) {
    PCL_BINDING Binding = (PCL_BINDING)ProtocolAfContext;
    TdLog("ProtocolClOpenAfCompleteEx", Status, NdisAfHandle, 0);
    if (Status == NDIS_STATUS_SUCCESS) {
        ClAfOpened(Binding, NdisAfHandle);
    }
}

/* ProtocolClCloseAfComplete: <= DISPATCH_LEVEL, for a close that pended. */
VOID ClCloseAfComplete(NDIS_STATUS Status, NDIS_HANDLE ProtocolAfContext) {
    UNREFERENCED_PARAMETER(ProtocolAfContext);
    TdLog("ProtocolClCloseAfComplete", Status, NULL, 0);
}

/* ProtocolClRegisterSapComplete: <= DISPATCH_LEVEL, for a registration that pended. */
VOID ClRegisterSapComplete(NDIS_STATUS Status, NDIS_HANDLE ProtocolSapContext, PCO_SAP Sap, NDIS_HANDLE NdisSapHandle) {
    PCL_BINDING Binding = (PCL_BINDING)ProtocolSapContext;
    UNREFERENCED_PARAMETER(Sap);
    TdLog("ProtocolClRegisterSapComplete", Status, NdisSapHandle, 0);
    if (Status == NDIS_STATUS_SUCCESS) {
        NdisAcquireSpinLock(&Binding->Lock);
        Binding->NdisSapHandle = NdisSapHandle;
        NdisReleaseSpinLock(&Binding->Lock);
    }
}

/* ProtocolClDeregisterSapComplete: <= DISPATCH_LEVEL, for a deregistration that pended. */
VOID ClDeregisterSapComplete(NDIS_STATUS Status, NDIS_HANDLE ProtocolSapContext) {
    PCL_BINDING Binding = (PCL_BINDING)ProtocolSapContext;
    TdLog("ProtocolClDeregisterSapComplete", Status, NULL, 0);
    NdisAcquireSpinLock(&Binding->Lock);
    Binding->SapDeregistering = FALSE;
    NdisReleaseSpinLock(&Binding->Lock);
    ClContinueTeardown(Binding);  /* does nothing unless a teardown is in progress */
}

/* ---- Test actions, run at PASSIVE_LEVEL on a simulated processor -------------------------- */

NDIS_STATUS TdClientOpenAf(VOID) {
    if (ClBinding == NULL || !ClBinding->AfKnown) {
        return NDIS_STATUS_FAILURE;
    }
    return ClOpenAf(ClBinding, &ClBinding->AddressFamily);
}

NDIS_STATUS TdClientCloseAf(VOID) {
    if (ClBinding == NULL) {
        return NDIS_STATUS_FAILURE;
    }
    return ClCloseAf(ClBinding);
}

NDIS_STATUS TdClientRegisterSap(VOID) {
    PCL_BINDING Binding = ClBinding;
    NDIS_HANDLE NdisSapHandle = NULL;
    NDIS_STATUS Status;
    ULONG i;

    if (Binding == NULL) {
        return NDIS_STATUS_FAILURE;
    }
    /* The SAP buffer stays in the binding: NDIS hands it back in the completion (CM-105). */
    Binding->SapBuffer.Sap.SapType = 1; /* SAP_TYPE_NSAP */
    Binding->SapBuffer.Sap.SapLength = 20;
    for (i = 0; i < 20; i++) {
        ((PUCHAR)&Binding->SapBuffer + offsetof(CO_SAP, Sap))[i] = (UCHAR)(0x39 + i);
    }
    Status = NdisClRegisterSap(Binding->NdisAfHandle, Binding, &Binding->SapBuffer.Sap, &NdisSapHandle);
    TdLog("NdisClRegisterSap", Status, NdisSapHandle, 0);
    if (Status == NDIS_STATUS_SUCCESS) {
        NdisAcquireSpinLock(&Binding->Lock);
        Binding->NdisSapHandle = NdisSapHandle;
        NdisReleaseSpinLock(&Binding->Lock);
    }
    return Status;
}

NDIS_STATUS TdClientDeregisterSap(VOID) {
    PCL_BINDING Binding = ClBinding;
    NDIS_HANDLE NdisSapHandle;
    NDIS_STATUS Status;

    if (Binding == NULL) {
        return NDIS_STATUS_FAILURE;
    }
    NdisAcquireSpinLock(&Binding->Lock);
    NdisSapHandle = Binding->NdisSapHandle;
    Binding->NdisSapHandle = NULL;
    NdisReleaseSpinLock(&Binding->Lock);
    Status = NdisClDeregisterSap(NdisSapHandle);
    TdLog("NdisClDeregisterSap", Status, NdisSapHandle, 0);
    return Status;
}
