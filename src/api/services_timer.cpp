// NDIS timer objects (driver-model.md 2.8.6). Allocate, set, free and one-shot cancel at IRQL <=
// DISPATCH_LEVEL; periodic cancel at PASSIVE_LEVEL. Callbacks run at DISPATCH_LEVEL.
#include "condis/ndis/services.h"
#include "runtime/runtime_core.hpp"
#include "services/checks.hpp"
#include "services/services_state.hpp"

using namespace condis;

extern "C" {

NDIS_STATUS NdisAllocateTimerObject(NDIS_HANDLE NdisHandle, PNDIS_TIMER_CHARACTERISTICS TimerCharacteristics,
                                    PNDIS_HANDLE pTimerObject) {
  static constexpr const char* kFn = "NdisAllocateTimerObject";
  RuntimeCore* rt = services::resolve_owner(NdisHandle, kFn);
  if (!rt) return NDIS_STATUS_FAILURE;
  services::require_at_most_dispatch(rt, kFn);
  if (pTimerObject == nullptr) {
    if (Verifier* v = services::checking(rt))
      v->finding("SVC-052", kFn)
          .handle("NdisHandle", NdisHandle)
          .message("pTimerObject is NULL")
          .expected("a location for the timer handle")
          .remedy("pass the address of an NDIS_HANDLE");
    return NDIS_STATUS_INVALID_PARAMETER;
  }
  *pTimerObject = nullptr;
  return rt->services().timers().allocate(NdisHandle, TimerCharacteristics, pTimerObject);
}

BOOLEAN NdisSetTimerObject(NDIS_HANDLE TimerObject, LARGE_INTEGER DueTime, LONG MillisecondsPeriod,
                           PVOID FunctionContext) {
  RuntimeCore* rt = RuntimeCore::for_handle(TimerObject);
  if (!rt) return FALSE;
  return rt->services().timers().set(TimerObject, DueTime, MillisecondsPeriod, FunctionContext);
}

BOOLEAN NdisCancelTimerObject(NDIS_HANDLE TimerObject) {
  RuntimeCore* rt = RuntimeCore::for_handle(TimerObject);
  if (!rt) return FALSE;
  return rt->services().timers().cancel(TimerObject);
}

VOID NdisFreeTimerObject(NDIS_HANDLE TimerObject) {
  RuntimeCore* rt = RuntimeCore::for_handle(TimerObject);
  if (!rt) return;
  rt->services().timers().free(TimerObject);
}

}  // extern "C"
