/* The link poll: a work item at PASSIVE_LEVEL arms a one-shot timer that re-arms itself at
 * DISPATCH_LEVEL until it has ticked DemoMiniportConfig.Ticks times or the adapter pauses. */
#include "demo_miniport.h"

static VOID DemoArmTimer(PDEMO_ADAPTER Adapter)
{
    LARGE_INTEGER due;
    due.QuadPart = -(LONGLONG)DEMO_TICK_MS * 10000; /* relative, in 100 ns units */
    NdisSetTimerObject(Adapter->Timer, due, 0, Adapter);
}

/* NDIS runs the work item at PASSIVE_LEVEL, on a system thread. */
VOID DemoLinkUpWorkItem(PVOID WorkItemContext, NDIS_HANDLE NdisIoWorkItemHandle)
{
    PDEMO_ADAPTER adapter = (PDEMO_ADAPTER)WorkItemContext;
    UNREFERENCED_PARAMETER(NdisIoWorkItemHandle);
    NdisAcquireSpinLock(&adapter->Lock);
    adapter->Ticks = 0;
    if (adapter->Running && DemoMiniportConfig.Ticks > 0) DemoArmTimer(adapter);
    NdisReleaseSpinLock(&adapter->Lock);
}

/* NDIS runs timer callbacks at DISPATCH_LEVEL. */
VOID DemoLinkTimer(PVOID SystemSpecific1, PVOID FunctionContext, PVOID SystemSpecific2, PVOID SystemSpecific3)
{
    PDEMO_ADAPTER adapter = (PDEMO_ADAPTER)FunctionContext;
    UNREFERENCED_PARAMETER(SystemSpecific1);
    UNREFERENCED_PARAMETER(SystemSpecific2);
    UNREFERENCED_PARAMETER(SystemSpecific3);
    NdisDprAcquireSpinLock(&adapter->Lock);
    if (++adapter->Ticks < DemoMiniportConfig.Ticks && adapter->Running) DemoArmTimer(adapter);
    NdisDprReleaseSpinLock(&adapter->Lock);
}
