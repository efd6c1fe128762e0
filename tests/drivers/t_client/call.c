/*
 * t_client VCs and calls: the TdClient* actions that create and delete VCs and make and close
 * calls, and the call callbacks NDIS delivers for requests that pended.
 */
#include "t_client.h"

/* One allocation holds the call parameters and the blocks they point to (the client owns it
 * until the make-call has completed, CM-051). */
typedef struct _CL_CALL_BUFFER {
    CO_CALL_PARAMETERS Call;
    CO_MEDIA_PARAMETERS Media;
    CO_CALL_MANAGER_PARAMETERS CallManager;  /* last: its specific tail carries a PVC id */
    UCHAR SpecificTail[sizeof(ULONG)];
} CL_CALL_BUFFER, *PCL_CALL_BUFFER;

static PCL_VC ClVcOf(ULONG Slot) {
    if (ClBinding == NULL || Slot >= TD_MAX_VCS) {
        return NULL;
    }
    return &ClBinding->Vcs[Slot];
}

static VOID ClFillFlow(PFLOWSPEC Flow) {
    Flow->TokenRate = 1000000;
    Flow->TokenBucketSize = 9180;
    Flow->PeakBandwidth = 2000000;
    Flow->Latency = QOS_NOT_SPECIFIED;
    Flow->DelayVariation = QOS_NOT_SPECIFIED;
    Flow->ServiceType = SERVICETYPE_BESTEFFORT;
    Flow->MaxSduSize = 9180;
    Flow->MinimumPolicedSize = QOS_NOT_SPECIFIED;
}

static PCO_CALL_PARAMETERS ClAllocateCallParameters(ULONG Slot, ULONG CallFlags) {
    PCL_CALL_BUFFER Buffer = (PCL_CALL_BUFFER)TdAllocate(ClProtocolHandle, sizeof(CL_CALL_BUFFER));
    if (Buffer == NULL) {
        return NULL;
    }
    ClFillFlow(&Buffer->CallManager.Transmit);
    ClFillFlow(&Buffer->CallManager.Receive);
    Buffer->Call.CallMgrParameters = &Buffer->CallManager;
    if ((CallFlags & TD_CALL_PVC) != 0) {
        /* A PVC: no media parameters; the call manager looks the PVC up by its identifier. */
        Buffer->Call.Flags = PERMANENT_VC;
        Buffer->CallManager.CallMgrSpecific.Length = sizeof(ULONG);
        NdisMoveMemory((PUCHAR)&Buffer->CallManager + offsetof(CO_CALL_MANAGER_PARAMETERS, CallMgrSpecific) +
                           offsetof(CO_SPECIFIC_PARAMETERS, Parameters),
                       &Slot, sizeof(ULONG));
    } else {
        Buffer->Media.Flags = TRANSMIT_VC | RECEIVE_VC;
        Buffer->Media.ReceiveSizeHint = 9180;
        Buffer->Call.MediaParameters = &Buffer->Media;
    }
    return &Buffer->Call;
}

/* ProtocolCoCreateVc: a call manager creating a VC for an incoming call. Not offered here. */
NDIS_STATUS ClCreateVc(NDIS_HANDLE ProtocolAfContext, NDIS_HANDLE NdisVcHandle, PNDIS_HANDLE ProtocolVcContext) {
    UNREFERENCED_PARAMETER(ProtocolAfContext);
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    TdLog("ProtocolCoCreateVc", NDIS_STATUS_NOT_SUPPORTED, NdisVcHandle, 0);
    return NDIS_STATUS_NOT_SUPPORTED;
}

/* ProtocolCoDeleteVc: only for VCs the call manager created; t_client accepts none. */
NDIS_STATUS ClDeleteVc(NDIS_HANDLE ProtocolVcContext) {
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    TdLog("ProtocolCoDeleteVc", NDIS_STATUS_SUCCESS, NULL, 0);
    return NDIS_STATUS_SUCCESS;
}

/*
 * ProtocolClMakeCallComplete: <= DISPATCH_LEVEL, for a make-call that pended. Keeps the party
 * handle of a connected multipoint call and releases the call parameters.
 */
VOID ClMakeCallComplete(NDIS_STATUS Status, NDIS_HANDLE ProtocolVcContext, NDIS_HANDLE NdisPartyHandle,
                        PCO_CALL_PARAMETERS CallParameters) {
    PCL_VC Vc = (PCL_VC)ProtocolVcContext;
    TdLog("ProtocolClMakeCallComplete", Status, NdisPartyHandle, CallParameters->Flags);
    if (Status == NDIS_STATUS_SUCCESS) {
        Vc->NdisPartyHandle = NdisPartyHandle;
    }
    TdFree(CallParameters);
}

/* ProtocolClCloseCallComplete: <= DISPATCH_LEVEL, for a close that pended. */
VOID ClCloseCallComplete(NDIS_STATUS Status, NDIS_HANDLE ProtocolVcContext, NDIS_HANDLE ProtocolPartyContext) {
    PCL_VC Vc = (PCL_VC)ProtocolVcContext;
    TdLog("ProtocolClCloseCallComplete", Status, NULL, ProtocolPartyContext != NULL);
    if (Status == NDIS_STATUS_SUCCESS) {
        Vc->NdisPartyHandle = NULL;
    }
}

VOID ClModifyCallQoSComplete(NDIS_STATUS Status, NDIS_HANDLE ProtocolVcContext, PCO_CALL_PARAMETERS CallParameters) {
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    UNREFERENCED_PARAMETER(CallParameters);
    TdLog("ProtocolClModifyCallQoSComplete", Status, NULL, 0);
}

VOID ClAddPartyComplete(NDIS_STATUS Status, NDIS_HANDLE ProtocolPartyContext, NDIS_HANDLE NdisPartyHandle,
                        PCO_CALL_PARAMETERS CallParameters) {
    UNREFERENCED_PARAMETER(ProtocolPartyContext);
    UNREFERENCED_PARAMETER(CallParameters);
    TdLog("ProtocolClAddPartyComplete", Status, NdisPartyHandle, 0);
}

VOID ClDropPartyComplete(NDIS_STATUS Status, NDIS_HANDLE ProtocolPartyContext) {
    UNREFERENCED_PARAMETER(ProtocolPartyContext);
    TdLog("ProtocolClDropPartyComplete", Status, NULL, 0);
}

/* ProtocolClIncomingCall: t_client accepts no incoming calls. */
NDIS_STATUS ClIncomingCall(NDIS_HANDLE ProtocolSapContext, NDIS_HANDLE ProtocolVcContext,
                           PCO_CALL_PARAMETERS CallParameters) {
    UNREFERENCED_PARAMETER(ProtocolSapContext);
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    UNREFERENCED_PARAMETER(CallParameters);
    TdLog("ProtocolClIncomingCall", NDIS_STATUS_NOT_SUPPORTED, NULL, 0);
    return NDIS_STATUS_NOT_SUPPORTED;
}

VOID ClIncomingCallQoSChange(NDIS_HANDLE ProtocolVcContext, PCO_CALL_PARAMETERS CallParameters) {
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    UNREFERENCED_PARAMETER(CallParameters);
    TdLog("ProtocolClIncomingCallQoSChange", NDIS_STATUS_SUCCESS, NULL, 0);
}

/* ProtocolClIncomingCloseCall: the remote side closed; answer with NdisClCloseCall (CM-077). */
VOID ClIncomingCloseCall(NDIS_STATUS CloseStatus, NDIS_HANDLE ProtocolVcContext, PVOID CloseData, UINT Size) {
    PCL_VC Vc = (PCL_VC)ProtocolVcContext;
    NDIS_STATUS Status;
    UNREFERENCED_PARAMETER(CloseData);
    UNREFERENCED_PARAMETER(Size);
    TdLog("ProtocolClIncomingCloseCall", CloseStatus, Vc->NdisVcHandle, 0);
    Status = NdisClCloseCall(Vc->NdisVcHandle, Vc->NdisPartyHandle, NULL, 0);
    TdLog("NdisClCloseCall", Status, Vc->NdisVcHandle, 0);
}

VOID ClIncomingDropParty(NDIS_STATUS DropStatus, NDIS_HANDLE ProtocolPartyContext, PVOID CloseData, UINT Size) {
    UNREFERENCED_PARAMETER(ProtocolPartyContext);
    UNREFERENCED_PARAMETER(CloseData);
    UNREFERENCED_PARAMETER(Size);
    TdLog("ProtocolClIncomingDropParty", DropStatus, NULL, 0);
}

VOID ClCallConnected(NDIS_HANDLE ProtocolVcContext) {
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    TdLog("ProtocolClCallConnected", NDIS_STATUS_SUCCESS, NULL, 0);
}

/* ---- Test actions, run at PASSIVE_LEVEL on a simulated processor -------------------------- */

NDIS_STATUS TdClientCreateVc(ULONG Slot) {
    PCL_VC Vc = ClVcOf(Slot);
    NDIS_HANDLE NdisVcHandle = NULL;
    NDIS_STATUS Status;
    if (Vc == NULL) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }
    Status = NdisCoCreateVc(ClBinding->NdisBindingHandle, ClBinding->NdisAfHandle, Vc, &NdisVcHandle);
    TdLog("NdisCoCreateVc", Status, NdisVcHandle, 0);
    if (Status == NDIS_STATUS_SUCCESS) {
        Vc->NdisVcHandle = NdisVcHandle;
    }
    return Status;
}

NDIS_STATUS TdClientDeleteVc(ULONG Slot) {
    PCL_VC Vc = ClVcOf(Slot);
    NDIS_STATUS Status;
    if (Vc == NULL) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }
    Status = NdisCoDeleteVc(Vc->NdisVcHandle);
    TdLog("NdisCoDeleteVc", Status, Vc->NdisVcHandle, 0);
    if (Status == NDIS_STATUS_SUCCESS) {
        Vc->NdisVcHandle = NULL;
    }
    return Status;
}

/*
 * Makes a call on the VC in Slot: point-to-point, or multipoint with a first party, on an SVC or
 * a PVC. A non-PENDING return is finished here (the client's own completion logic).
 */
NDIS_STATUS TdClientMakeCall(ULONG Slot, ULONG CallFlags) {
    PCL_VC Vc = ClVcOf(Slot);
    PCO_CALL_PARAMETERS CallParameters;
    NDIS_HANDLE NdisPartyHandle = NULL;
    BOOLEAN Multipoint = (CallFlags & TD_CALL_MULTIPOINT) != 0;
    NDIS_STATUS Status;

    if (Vc == NULL) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }
    CallParameters = ClAllocateCallParameters(Slot, CallFlags);
    if (CallParameters == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    Status = NdisClMakeCall(Vc->NdisVcHandle, CallParameters, Multipoint ? &Vc->PartyContext : NULL,
                            Multipoint ? &NdisPartyHandle : NULL);
    if (Status == NDIS_STATUS_PENDING) {
        /* CallParameters belongs to NDIS and the call manager until ProtocolClMakeCallComplete. */
        TdLog("NdisClMakeCall", Status, Vc->NdisVcHandle, 0);
        return Status;
    }
    TdLog("NdisClMakeCall", Status, Vc->NdisVcHandle, CallParameters->Flags);
    if (Status == NDIS_STATUS_SUCCESS) {
        Vc->NdisPartyHandle = NdisPartyHandle;
    }
    TdFree(CallParameters);
    return Status;
}

NDIS_STATUS TdClientCloseCall(ULONG Slot) {
    PCL_VC Vc = ClVcOf(Slot);
    NDIS_STATUS Status;
    if (Vc == NULL) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }
    Status = NdisClCloseCall(Vc->NdisVcHandle, Vc->NdisPartyHandle, NULL, 0);
    TdLog("NdisClCloseCall", Status, Vc->NdisVcHandle, 0);
    if (Status == NDIS_STATUS_SUCCESS) {
        Vc->NdisPartyHandle = NULL;
    }
    return Status;
}
