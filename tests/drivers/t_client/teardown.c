/*
 * t_client AF teardown on the call manager's request ([CM 3.11], CM-initiated):
 * ProtocolClNotifyCloseAf drops added parties, closes every call, deletes the VCs the client
 * created, waits for the call manager to delete the ones it created, deregisters the SAP and
 * closes the AF, each step once the one before has completed. NdisClNotifyCloseAddressFamilyComplete
 * follows when the handler could not finish inline (or the test chose to pend it).
 */
#include "t_client.h"

typedef enum _CL_STEP {
    ClStepNone = 0,
    ClStepWait,          /* something is still completing: a completion continues the teardown */
    ClStepDropParty,
    ClStepCloseCall,
    ClStepDeleteVc,
    ClStepDeregisterSap,
    ClStepCloseAf
} CL_STEP;

/* Picks the next step and claims it, under the binding's lock. */
static CL_STEP ClNextStep(PCL_BINDING Binding, PCL_VC *StepVc, PCL_PARTY *StepParty) {
    BOOLEAN Waiting = FALSE;
    ULONG Slot, Index;

    for (Slot = 0; Slot < TD_MAX_VCS; Slot++) {
        PCL_VC Vc = &Binding->Vcs[Slot];
        BOOLEAN PartiesBusy = FALSE;
        if (Vc->NdisVcHandle == NULL) {
            continue;
        }
        /* Parties first: a multipoint call closes with its last party (CM-071). */
        for (Index = 1; Index < TD_MAX_PARTIES; Index++) {
            PCL_PARTY Party = &Vc->Parties[Index];
            if (!Party->InUse) {
                continue;
            }
            if (Party->Active && !Party->Dropping && Vc->Call == ClCallUp) {
                Party->Dropping = TRUE;
                *StepVc = Vc;
                *StepParty = Party;
                return ClStepDropParty;
            }
            PartiesBusy = TRUE;
        }
        switch (Vc->Call) {
        case ClCallUp:
        case ClCallAccepted:
            if (PartiesBusy) {
                Waiting = TRUE;
                break;
            }
            Vc->Call = ClCallClosing;
            *StepVc = Vc;
            return ClStepCloseCall;
        case ClCallNone:
        case ClCallClosed:
            if (Vc->CreatedByCm) {
                Waiting = TRUE;  /* the call manager deletes it (ProtocolCoDeleteVc) */
            } else if (!Vc->Deleting) {
                Vc->Deleting = TRUE;
                *StepVc = Vc;
                return ClStepDeleteVc;
            } else {
                Waiting = TRUE;
            }
            break;
        default:
            Waiting = TRUE;  /* making, offered or closing: its completion continues */
            break;
        }
    }
    if (Binding->NdisSapHandle != NULL) {
        Binding->SapDeregistering = TRUE;
        return ClStepDeregisterSap;
    }
    if (Waiting || Binding->SapDeregistering) {
        return ClStepWait;
    }
    if (!Binding->AfClosing && Binding->NdisAfHandle != NULL) {
        Binding->AfClosing = TRUE;
        return ClStepCloseAf;
    }
    return ClStepNone;
}

/* The AF is closed (or its close pends): ends a notification that pended. */
static VOID ClFinishNotify(PCL_BINDING Binding, NDIS_HANDLE NdisAfHandle) {
    BOOLEAN Complete;
    NdisAcquireSpinLock(&Binding->Lock);
    Complete = Binding->NotifyState == CL_NOTIFY_PENDED;
    Binding->NotifyState = Complete ? CL_NOTIFY_NONE : CL_NOTIFY_FINISHED_IN_HANDLER;
    Binding->TearingDown = FALSE;
    NdisReleaseSpinLock(&Binding->Lock);
    if (Complete) {
        TdLog("NdisClNotifyCloseAddressFamilyComplete", NDIS_STATUS_SUCCESS, NdisAfHandle, 0);
        NdisClNotifyCloseAddressFamilyComplete(NdisAfHandle, NDIS_STATUS_SUCCESS);
    }
}

/*
 * Runs every teardown step that can run now. Called from ProtocolClNotifyCloseAf, from its
 * deferral timer, and from each completion while the teardown is in progress. <= DISPATCH_LEVEL.
 */
VOID ClContinueTeardown(PCL_BINDING Binding) {
    for (;;) {
        PCL_VC Vc = NULL;
        PCL_PARTY Party = NULL;
        CL_STEP Step;
        NDIS_HANDLE Handle;
        NDIS_STATUS Status;

        NdisAcquireSpinLock(&Binding->Lock);
        Step = Binding->TearingDown ? ClNextStep(Binding, &Vc, &Party) : ClStepNone;
        Handle = Step == ClStepDeregisterSap ? Binding->NdisSapHandle : Binding->NdisAfHandle;
        if (Step == ClStepDeregisterSap) {
            Binding->NdisSapHandle = NULL;
        }
        NdisReleaseSpinLock(&Binding->Lock);

        switch (Step) {
        case ClStepDropParty:
            (VOID)ClDropPartyOn(Party);
            break;
        case ClStepCloseCall:
            (VOID)ClCloseCallOn(Vc);
            break;
        case ClStepDeleteVc:
            (VOID)ClDeleteVcOn(Vc);
            break;
        case ClStepDeregisterSap:
            Status = NdisClDeregisterSap(Handle);
            TdLog("NdisClDeregisterSap", Status, Handle, 0);
            if (Status != NDIS_STATUS_PENDING) {
                NdisAcquireSpinLock(&Binding->Lock);
                Binding->SapDeregistering = FALSE;
                NdisReleaseSpinLock(&Binding->Lock);
            }
            break;
        case ClStepCloseAf:
            (VOID)ClCloseAf(Binding);
            ClFinishNotify(Binding, Handle);
            return;
        default:
            return;
        }
    }
}

/*
 * ProtocolClNotifyCloseAf: NDIS calls it at PASSIVE_LEVEL when the call manager asks the client
 * to close the AF ([CM 3.11] steps 2-4). With TdOpNotifyCloseAf answered synchronously the
 * teardown runs inline, and the handler returns SUCCESS if it got as far as closing the AF, else
 * PENDING; otherwise the teardown runs from a timer and the handler returns PENDING. The handler
 * never waits for a completion (2.1.2).
 */
NDIS_STATUS ClNotifyCloseAf(NDIS_HANDLE ProtocolAfContext) {
    PCL_BINDING Binding = (PCL_BINDING)ProtocolAfContext;
    TD_BEHAVIOR Behavior;
    BOOLEAN Finished;

    TdGetBehavior(TdOpNotifyCloseAf, &Behavior);
    NdisAcquireSpinLock(&Binding->Lock);
    Binding->TearingDown = TRUE;
    Binding->AfClosing = FALSE;
    Binding->NotifyState = Behavior.Completion == TdCompleteSync ? CL_NOTIFY_IN_HANDLER : CL_NOTIFY_PENDED;
    NdisReleaseSpinLock(&Binding->Lock);

    /* Logged first (the teardown's requests follow it); a synchronous answer that cannot finish
     * inline adds a "ProtocolClNotifyCloseAf:pended" record. */
    if (Behavior.Completion != TdCompleteSync) {
        TdLog("ProtocolClNotifyCloseAf", NDIS_STATUS_PENDING, NULL, 0);
        (VOID)TdDefer(&Binding->Deferrals, &Behavior, TdOpNotifyCloseAf, Binding);
        return NDIS_STATUS_PENDING;
    }
    TdLog("ProtocolClNotifyCloseAf", NDIS_STATUS_SUCCESS, NULL, 0);
    ClContinueTeardown(Binding);
    NdisAcquireSpinLock(&Binding->Lock);
    Finished = Binding->NotifyState == CL_NOTIFY_FINISHED_IN_HANDLER;
    Binding->NotifyState = Finished ? CL_NOTIFY_NONE : CL_NOTIFY_PENDED;
    NdisReleaseSpinLock(&Binding->Lock);
    if (!Finished) {
        TdLog("ProtocolClNotifyCloseAf:pended", NDIS_STATUS_PENDING, NULL, 0);
    }
    return Finished ? NDIS_STATUS_SUCCESS : NDIS_STATUS_PENDING;
}
