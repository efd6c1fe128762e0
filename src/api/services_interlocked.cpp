// Interlocked operations (driver-model.md 2.8.9). The plain ones are atomic read-modify-writes at
// any IRQL; the list and AddUlong forms take the given NDIS spin lock (raising to DISPATCH_LEVEL)
// for the operation, so the verifier checks that lock's rules too (SVC-015, SVC-016).
#include <atomic>

#include "condis/ndis/services.h"
#include "services/spin_lock.hpp"

using namespace condis::services;

namespace {

// Runs op under the spin lock. If the caller already holds it (SVC-015, reported) op runs under
// the caller's hold; if the lock is not initialised (SVC-016, reported) op runs unlocked so the
// driver's data stays consistent for a single thread.
template <class Op>
auto under_lock(PNDIS_SPIN_LOCK lock, const char* function, Op op) {
  const AcquireResult r = lock ? acquire_spin_lock(lock, LockKind::Spin, function) : AcquireResult::Uninitialised;
  if (r != AcquireResult::Acquired) return op();
  auto result = op();
  release_spin_lock(lock, LockKind::Spin, function);
  return result;
}

}  // namespace

extern "C" {

LONG NdisInterlockedIncrement(PLONG Addend) { return std::atomic_ref<LONG>(*Addend).fetch_add(1) + 1; }

LONG NdisInterlockedDecrement(PLONG Addend) { return std::atomic_ref<LONG>(*Addend).fetch_sub(1) - 1; }

ULONG NdisInterlockedAddUlong(PULONG Addend, ULONG Increment, PNDIS_SPIN_LOCK SpinLock) {
  return under_lock(SpinLock, "NdisInterlockedAddUlong", [&] {
    const ULONG old = *Addend;
    *Addend = old + Increment;
    return old;
  });
}

LONG NdisInterlockedAddLargeStatistic(PLARGE_INTEGER Addend, ULONG Increment) {
  std::atomic_ref<LONGLONG>(Addend->QuadPart).fetch_add(LONGLONG(Increment));
  return 0;
}

PLIST_ENTRY NdisInterlockedInsertHeadList(PLIST_ENTRY ListHead, PLIST_ENTRY ListEntry, PNDIS_SPIN_LOCK SpinLock) {
  return under_lock(SpinLock, "NdisInterlockedInsertHeadList", [&] {
    PLIST_ENTRY first = ListHead->Flink;
    InsertHeadList(ListHead, ListEntry);
    return first == ListHead ? nullptr : first;
  });
}

PLIST_ENTRY NdisInterlockedInsertTailList(PLIST_ENTRY ListHead, PLIST_ENTRY ListEntry, PNDIS_SPIN_LOCK SpinLock) {
  return under_lock(SpinLock, "NdisInterlockedInsertTailList", [&] {
    PLIST_ENTRY last = ListHead->Blink;
    InsertTailList(ListHead, ListEntry);
    return last == ListHead ? nullptr : last;
  });
}

PLIST_ENTRY NdisInterlockedRemoveHeadList(PLIST_ENTRY ListHead, PNDIS_SPIN_LOCK SpinLock) {
  return under_lock(SpinLock, "NdisInterlockedRemoveHeadList",
                    [&]() -> PLIST_ENTRY { return IsListEmpty(ListHead) ? nullptr : RemoveHeadList(ListHead); });
}

}  // extern "C"
