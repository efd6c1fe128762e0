// NDIS spin locks (driver-model.md 2.8.1). Callers: any driver code. Acquire <= DISPATCH_LEVEL
// (raises to DISPATCH_LEVEL), release and the Dpr forms at DISPATCH_LEVEL.
#include "condis/ndis/services.h"
#include "runtime/runtime_core.hpp"
#include "services/spin_lock.hpp"

using namespace condis::services;

extern "C" {

VOID NdisAllocateSpinLock(PNDIS_SPIN_LOCK SpinLock) {
  if (SpinLock) initialise_spin_lock(SpinLock);
}

VOID NdisFreeSpinLock(PNDIS_SPIN_LOCK SpinLock) {
  if (SpinLock) free_spin_lock(SpinLock);
}

VOID NdisAcquireSpinLock(PNDIS_SPIN_LOCK SpinLock) {
  if (SpinLock) acquire_spin_lock(SpinLock, LockKind::Spin, "NdisAcquireSpinLock");
}

VOID NdisReleaseSpinLock(PNDIS_SPIN_LOCK SpinLock) {
  if (SpinLock) release_spin_lock(SpinLock, LockKind::Spin, "NdisReleaseSpinLock");
}

VOID NdisDprAcquireSpinLock(PNDIS_SPIN_LOCK SpinLock) {
  if (SpinLock) acquire_spin_lock(SpinLock, LockKind::SpinDpr, "NdisDprAcquireSpinLock");
}

VOID NdisDprReleaseSpinLock(PNDIS_SPIN_LOCK SpinLock) {
  if (SpinLock) release_spin_lock(SpinLock, LockKind::SpinDpr, "NdisDprReleaseSpinLock");
}

}  // extern "C"
