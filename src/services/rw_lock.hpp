// NDIS_RW_LOCK_EX (NDIS 6.20): an opaque lock NDIS allocates. The PNDIS_RW_LOCK_EX a driver gets
// is a handle of kind RwLock, so a stale or forged pointer is told apart without dereferencing it.
// Readers share, one writer excludes; like NDIS's, the lock is not fair.
#pragma once

#include <atomic>
#include <cstdint>

#include "condis/ndis/services.h"

namespace condis::services {

struct RwLock {
  std::atomic<int32_t> state{0};  // > 0: readers; -1: a writer; 0: free
  const void* owner = nullptr;    // the NDIS handle it is charged to
  void* handle = nullptr;
  bool freed = false;  // kept until release_all so a late call through a stale pointer is safe
};

void acquire_rw_lock(PNDIS_RW_LOCK_EX lock, PLOCK_STATE_EX lock_state, UCHAR flags, bool write);
void release_rw_lock(PNDIS_RW_LOCK_EX lock, PLOCK_STATE_EX lock_state);
// Releases an acquisition without checks (after SVC-018).
void force_release_rw_lock(void* lock, bool write);

}  // namespace condis::services
