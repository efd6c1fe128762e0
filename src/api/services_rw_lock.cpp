// NDIS_RW_LOCK_EX (driver-model.md 2.8.2, NDIS 6.20). All at IRQL <= DISPATCH_LEVEL; the release
// at DISPATCH_LEVEL (the lock is held).
#include "condis/ndis/services.h"
#include "runtime/runtime_core.hpp"
#include "services/checks.hpp"
#include "services/rw_lock.hpp"
#include "services/services_state.hpp"

using namespace condis;

extern "C" {

PNDIS_RW_LOCK_EX NdisAllocateRWLock(NDIS_HANDLE NdisHandle) {
  RuntimeCore* rt = services::resolve_owner(NdisHandle, "NdisAllocateRWLock");
  if (!rt) return nullptr;
  services::require_at_most_dispatch(rt, "NdisAllocateRWLock");
  return rt->services().allocate_rw_lock(NdisHandle);
}

VOID NdisFreeRWLock(PNDIS_RW_LOCK_EX Lock) {
  RuntimeCore* rt = RuntimeCore::owner_of(Lock);
  if (!rt) {
    if (Verifier* v = services::checking(RuntimeCore::current()))
      v->finding("SVC-020", "NdisFreeRWLock")
          .handle("Lock", Lock)
          .message("the lock is not an RW lock of a live runtime")
          .expected("a lock returned by NdisAllocateRWLock")
          .remedy("free only locks NdisAllocateRWLock returned");
    return;
  }
  rt->services().free_rw_lock(Lock);
}

VOID NdisAcquireRWLockRead(PNDIS_RW_LOCK_EX Lock, PLOCK_STATE_EX LockState, UCHAR Flags) {
  services::acquire_rw_lock(Lock, LockState, Flags, false);
}

VOID NdisAcquireRWLockWrite(PNDIS_RW_LOCK_EX Lock, PLOCK_STATE_EX LockState, UCHAR Flags) {
  services::acquire_rw_lock(Lock, LockState, Flags, true);
}

VOID NdisReleaseRWLock(PNDIS_RW_LOCK_EX Lock, PLOCK_STATE_EX LockState) { services::release_rw_lock(Lock, LockState); }

}  // extern "C"
