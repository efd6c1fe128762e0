// NDIS spin locks. The state lives in the driver's NDIS_SPIN_LOCK (16 bytes): SpinLock is the
// lock word, high half a marker (initialised / freed), low half the holder's thread token, so
// acquire and release touch only the driver's storage and a thread-local stack. A registry in
// ServicesState remembers which owner initialised each lock, for the leak checks.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "condis/ndis/services.h"
#include "condis/verify.hpp"
#include "services/held_locks.hpp"

namespace condis {
class RuntimeCore;
}

namespace condis::services {

inline constexpr uint32_t kSpinLockLive = 0x5C1D10C4u;
inline constexpr uint32_t kSpinLockFreed = 0xF4EE10C4u;

enum class AcquireResult : uint8_t {
  Acquired,
  AlreadyHeld,    // SVC-015 reported; the caller holds it, so the caller may still act under it
  Uninitialised,  // SVC-016 reported; nothing acquired
  Deadlock,       // the holder can never run (deterministic scheduler); reported, nothing acquired
};

// kind is LockKind::Spin or LockKind::SpinDpr.
AcquireResult acquire_spin_lock(NDIS_SPIN_LOCK* lock, LockKind kind, const char* function);
void release_spin_lock(NDIS_SPIN_LOCK* lock, LockKind kind, const char* function);
void initialise_spin_lock(NDIS_SPIN_LOCK* lock);
void free_spin_lock(NDIS_SPIN_LOCK* lock);
// True if the word says the lock is initialised and held by some thread.
bool spin_lock_held(const NDIS_SPIN_LOCK* lock);

// Which owner initialised each spin lock (OQ-D08): reported at the owner's teardown when a
// lock is still held (SVC-063) or was never freed (DRV-073, warning).
class SpinLockRegistry {
 public:
  struct Record {
    const void* driver;
    const void* object;
  };
  void add(const void* lock, Record record);
  void remove(const void* lock);
  template <class Fn>
  void for_each(Fn&& fn) const {
    std::lock_guard guard(mutex_);
    for (auto& [lock, record] : locks_) fn(lock, record);
  }
  void clear();

 private:
  mutable std::mutex mutex_;
  std::unordered_map<const void*, Record> locks_;
};

}  // namespace condis::services
