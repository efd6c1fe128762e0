// NDIS_EVENT (driver-model.md 2.8.7): a notification event kept in the driver's 24-byte storage.
// SignalState is the state; WaitListHead.Flink holds a marker derived from the address, so an
// event used before NdisInitializeEvent (or a copy of one) is recognised (SVC-057).
#include <atomic>

#include "condis/ndis/services.h"
#include "runtime/runtime_core.hpp"
#include "services/checks.hpp"

using namespace condis;

namespace {

constexpr uintptr_t kEventMarker = 0xE7E17000C0D15E7Eull;

PLIST_ENTRY marker_of(PNDIS_EVENT event) {
  return reinterpret_cast<PLIST_ENTRY>(kEventMarker ^ reinterpret_cast<uintptr_t>(event));
}

std::atomic_ref<LONG> signal_state(PNDIS_EVENT event) { return std::atomic_ref<LONG>(event->Event.Header.SignalState); }

bool initialised(PNDIS_EVENT event, const char* function) {
  if (event && event->Event.Header.WaitListHead.Flink == marker_of(event)) return true;
  if (Verifier* v = services::checking(RuntimeCore::current())) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%p", static_cast<void*>(event));
    v->finding("SVC-057", function)
        .value("Event", buf)
        .message(event ? "the event was used before NdisInitializeEvent" : "the event is NULL")
        .expected("NdisInitializeEvent initialises the event before it is set, reset or waited on")
        .remedy("call NdisInitializeEvent on the storage first");
  }
  return false;
}

}  // namespace

extern "C" {

VOID NdisInitializeEvent(PNDIS_EVENT Event) {
  if (!Event) return;
  Event->Event.Header.Type = 0;  // NotificationEvent
  Event->Event.Header.Signalling = 0;
  Event->Event.Header.Size = sizeof(KEVENT) / sizeof(LONG);
  Event->Event.Header.Reserved1 = 0;
  signal_state(Event).store(0, std::memory_order_release);
  Event->Event.Header.WaitListHead.Flink = marker_of(Event);
  Event->Event.Header.WaitListHead.Blink = marker_of(Event);
}

VOID NdisSetEvent(PNDIS_EVENT Event) {
  if (!initialised(Event, "NdisSetEvent")) return;
  RuntimeCore* rt = RuntimeCore::current();
  services::require_at_most_dispatch(rt, "NdisSetEvent");
  signal_state(Event).store(1, std::memory_order_release);
  if (rt) rt->scheduler().notify_waiters();
}

VOID NdisResetEvent(PNDIS_EVENT Event) {
  if (!initialised(Event, "NdisResetEvent")) return;
  services::require_at_most_dispatch(RuntimeCore::current(), "NdisResetEvent");
  signal_state(Event).store(0, std::memory_order_release);
}

BOOLEAN NdisWaitEvent(PNDIS_EVENT Event, UINT MsToWait) {
  if (!initialised(Event, "NdisWaitEvent")) return FALSE;
  auto state = signal_state(Event);
  if (state.load(std::memory_order_acquire) != 0) return TRUE;
  RuntimeCore* rt = RuntimeCore::current();
  // SVC-001 (and SVC-010 in a DISPATCH_LEVEL callback): report, and do not block.
  if (!services::require_passive(rt, "NdisWaitEvent")) return FALSE;
  if (!rt) return FALSE;
  const uint64_t timeout = MsToWait == 0 ? UINT64_MAX : uint64_t(MsToWait) * 1'000'000;
  const bool signalled =
      rt->scheduler().wait_until([state] { return state.load(std::memory_order_acquire) != 0; }, timeout);
  return signalled ? TRUE : FALSE;
}

}  // extern "C"
