// The locks the calling thread holds, innermost last: NDIS spin locks (both acquire kinds) and
// RW-lock acquisitions. It gives SVC-014 (release order), SVC-015 (recursion), SVC-017 (release
// of a lock not held, or with the other kind), SVC-018 (held at callback return) and SVC-020
// (one LOCK_STATE_EX per acquisition) their per-thread view, as the spec's "per-thread stack".
#pragma once

#include <cstddef>
#include <cstdint>

#include "exec/irql.hpp"

namespace condis::services {

enum class LockKind : uint8_t {
  Spin,     // NdisAcquireSpinLock (raises to DISPATCH_LEVEL)
  SpinDpr,  // NdisDprAcquireSpinLock (at DISPATCH_LEVEL already)
  RwRead,   // NdisAcquireRWLockRead
  RwWrite,  // NdisAcquireRWLockWrite
};

struct HeldLock {
  void* lock;                 // PNDIS_SPIN_LOCK or the RW lock object
  void* state;                // PLOCK_STATE_EX of an RW acquisition
  LockKind kind;
  bool restores;              // the release restores `saved` (this acquire raised the IRQL)
  exec::Irql saved;           // the IRQL to restore
};

// A fixed-capacity stack: constant-initialised thread-local storage, so the hot path pays no
// guard or allocation. Deeper nesting than kCapacity is not tracked (a driver never gets near it).
class HeldLockStack {
 public:
  static constexpr size_t kCapacity = 64;
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  HeldLock& operator[](size_t i) { return items_[i]; }
  HeldLock& back() { return items_[size_ - 1]; }
  HeldLock* begin() { return items_; }
  HeldLock* end() { return items_ + size_; }
  bool push_back(const HeldLock& lock) {
    if (size_ == kCapacity) return false;
    items_[size_++] = lock;
    return true;
  }
  void pop_back() { --size_; }
  void erase(size_t index) {
    for (size_t i = index; i + 1 < size_; ++i) items_[i] = items_[i + 1];
    --size_;
  }

 private:
  HeldLock items_[kCapacity]{};
  size_t size_ = 0;
};

namespace detail {
// Defined here so that upcall() reads its depth inline around every call into a driver.
inline constinit thread_local HeldLockStack tls_held_locks;
}  // namespace detail

// The calling thread's stack of held locks.
inline HeldLockStack& held_locks() { return detail::tls_held_locks; }
// A process-unique non-zero id of the calling thread: the owner recorded in a lock word.
uint32_t thread_token();

// Force-releases every lock above `depth` (innermost first), restoring the IRQL each acquire
// saved. Used after SVC-018 so that a handler's bug does not deadlock the next task.
void release_held_since(size_t depth);

}  // namespace condis::services
