#include "services/spin_lock.hpp"

#include <atomic>
#include <thread>

#include "runtime/runtime_core.hpp"
#include "services/checks.hpp"
#include "services/owner_scope.hpp"
#include "services/rw_lock.hpp"
#include "services/services_state.hpp"

namespace condis::services {
namespace {

constexpr uint64_t word_of(uint32_t marker, uint32_t owner) { return (uint64_t(marker) << 32) | owner; }
std::atomic_ref<uint64_t> lock_word(NDIS_SPIN_LOCK* lock) { return std::atomic_ref<uint64_t>(lock->SpinLock); }

std::string lock_name(const void* lock) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%p", lock);
  return buf;
}

const char* kind_function(LockKind kind, bool acquire) {
  if (kind == LockKind::SpinDpr) return acquire ? "NdisDprAcquireSpinLock" : "NdisDprReleaseSpinLock";
  return acquire ? "NdisAcquireSpinLock" : "NdisReleaseSpinLock";
}

void report_uninitialised(RuntimeCore* rt, const char* function, NDIS_SPIN_LOCK* lock, uint32_t marker) {
  if (Verifier* v = checking(rt))
    v->finding("SVC-016", function)
        .value("SpinLock", lock_name(lock))
        .state("spin lock", marker == kSpinLockFreed ? "freed" : "never initialised")
        .message(marker == kSpinLockFreed ? "the spin lock was used after NdisFreeSpinLock"
                                          : "the spin lock was used before NdisAllocateSpinLock")
        .expected("NdisAllocateSpinLock initialises the lock before any acquire, release or interlocked use")
        .remedy("call NdisAllocateSpinLock on the storage first (again after NdisFreeSpinLock)");
}

// Spins that find the lock taken before asking whether the holder can ever run.
constexpr unsigned kSpinsBeforeCheck = 1u << 12;

}  // namespace

// libcondis is linked (never dlopened), so its thread-locals can use the static TLS model.
namespace {
[[gnu::tls_model("initial-exec")]] thread_local uint32_t tls_token = 0;
std::atomic<uint32_t> g_next_token{1};
}  // namespace

uint32_t thread_token() {
  if (tls_token == 0) tls_token = g_next_token.fetch_add(1, std::memory_order_relaxed);
  return tls_token;
}

void initialise_spin_lock(NDIS_SPIN_LOCK* lock) {
  lock_word(lock).store(word_of(kSpinLockLive, 0), std::memory_order_release);
  lock->OldIrql = exec::kPassive;
  if (RuntimeCore* rt = RuntimeCore::current()) {
    OwnerContext owner = current_owner();
    rt->services().spin_locks().add(lock, {owner.driver, owner.object});
  }
}

void free_spin_lock(NDIS_SPIN_LOCK* lock) {
  RuntimeCore* rt = RuntimeCore::current();
  const uint64_t w = lock_word(lock).load(std::memory_order_acquire);
  const uint32_t marker = uint32_t(w >> 32);
  if (marker != kSpinLockLive) {
    report_uninitialised(rt, "NdisFreeSpinLock", lock, marker);
    return;
  }
  if (uint32_t(w) != 0) {
    if (Verifier* v = checking(rt))
      v->finding("SVC-019", "NdisFreeSpinLock")
          .value("SpinLock", lock_name(lock))
          .state("spin lock", uint32_t(w) == thread_token() ? "held by the caller" : "held by another thread")
          .message("a held spin lock was freed")
          .expected("the spin lock is released before NdisFreeSpinLock")
          .remedy("release the lock first; free it only when no thread can acquire it any more");
    return;
  }
  lock_word(lock).store(word_of(kSpinLockFreed, 0), std::memory_order_release);
  if (rt) rt->services().spin_locks().remove(lock);
}

bool spin_lock_held(const NDIS_SPIN_LOCK* lock) {
  const uint64_t w = std::atomic_ref<const uint64_t>(lock->SpinLock).load(std::memory_order_acquire);
  return uint32_t(w >> 32) == kSpinLockLive && uint32_t(w) != 0;
}

AcquireResult acquire_spin_lock(NDIS_SPIN_LOCK* lock, LockKind kind, const char* function) {
  const exec::Irql irql = exec::current_irql();
  if (kind == LockKind::Spin ? irql > exec::kDispatch : irql != exec::kDispatch) {
    RuntimeCore* rt = RuntimeCore::current();
    if (kind == LockKind::Spin)
      require_at_most_dispatch(rt, function);
    else
      require_dispatch(rt, function);
  }
  auto word = lock_word(lock);
  const uint32_t me = thread_token();
  const uint64_t free_word = word_of(kSpinLockLive, 0);
  uint64_t expected = free_word;
  unsigned spins = 0;
  while (!word.compare_exchange_weak(expected, word_of(kSpinLockLive, me), std::memory_order_acquire,
                                     std::memory_order_relaxed)) {
    const uint32_t marker = uint32_t(expected >> 32);
    if (marker != kSpinLockLive) {
      report_uninitialised(RuntimeCore::current(), function, lock, marker);
      return AcquireResult::Uninitialised;
    }
    if (uint32_t(expected) == me) {
      if (Verifier* v = checking(RuntimeCore::current()))
        v->finding("SVC-015", function)
            .value("SpinLock", lock_name(lock))
            .state("spin lock", "held by the caller")
            .message("the thread acquired a spin lock it already holds (a deadlock on Windows)")
            .expected("spin locks are not recursive: a holder never acquires the same lock again")
            .remedy("do the work under the lock already held, or release it before calling a function that "
                    "takes it (NdisInterlocked... helpers take the lock themselves)");
      return AcquireResult::AlreadyHeld;
    }
    expected = free_word;
    if (++spins % kSpinsBeforeCheck == 0) {
      RuntimeCore* rt = RuntimeCore::current();
      if (rt && rt->scheduler().deterministic()) {
        // One OS thread runs every simulated processor: the holder cannot run until we return.
        if (Verifier* v = checking(rt))
          v->finding("SVC-018", function)
              .value("SpinLock", lock_name(lock))
              .state("spin lock", "held by a task that is not running")
              .message("the spin lock is held by code that is not running, so the acquire would spin forever")
              .expected("a spin lock is released before the code that holds it returns or waits")
              .remedy("release every spin lock before returning from a callback");
        return AcquireResult::Deadlock;
      }
      std::this_thread::yield();
    }
  }
  if (kind == LockKind::Spin) {
    lock->OldIrql = irql;
    exec::set_current_irql(exec::kDispatch);
  }
  held_locks().push_back(HeldLock{lock, nullptr, kind, kind == LockKind::Spin, irql});
  return AcquireResult::Acquired;
}

void release_spin_lock(NDIS_SPIN_LOCK* lock, LockKind kind, const char* function) {
  auto word = lock_word(lock);
  const uint64_t w = word.load(std::memory_order_relaxed);
  const uint32_t marker = uint32_t(w >> 32);
  if (marker != kSpinLockLive) {
    report_uninitialised(RuntimeCore::current(), function, lock, marker);
    return;
  }
  auto& stack = held_locks();
  size_t index = stack.size();
  while (index > 0 && !(stack[index - 1].lock == lock &&
                        (stack[index - 1].kind == LockKind::Spin || stack[index - 1].kind == LockKind::SpinDpr)))
    --index;
  if (uint32_t(w) == thread_token() && index == 0) {
    // Held by this thread beyond what the stack tracks (deeper than its capacity): release as
    // the WDK does, from the level saved in the lock.
    word.store(word_of(kSpinLockLive, 0), std::memory_order_release);
    if (kind == LockKind::Spin) exec::set_current_irql(lock->OldIrql);
    return;
  }
  if (uint32_t(w) != thread_token()) {
    if (Verifier* v = checking(RuntimeCore::current()))
      v->finding("SVC-017", function)
          .value("SpinLock", lock_name(lock))
          .state("spin lock", uint32_t(w) == 0 ? "not held" : "held by another thread")
          .message("the thread released a spin lock it does not hold")
          .expected("a spin lock is released only by the thread that acquired it, once per acquire")
          .remedy("pair every acquire with exactly one release on the same code path");
    return;
  }
  HeldLock held = stack[index - 1];
  RuntimeCore* rt = nullptr;
  if (held.kind != kind) {
    rt = RuntimeCore::current();
    if (Verifier* v = checking(rt))
      v->finding("SVC-017", function)
          .value("SpinLock", lock_name(lock))
          .state("spin lock", std::string("acquired with ") + kind_function(held.kind, true))
          .message(std::string("released with ") + function + " after " + kind_function(held.kind, true))
          .expected("NdisAcquireSpinLock pairs with NdisReleaseSpinLock, NdisDprAcquireSpinLock with "
                    "NdisDprReleaseSpinLock")
          .remedy(std::string("release it with ") + kind_function(held.kind, false));
  }
  if (exec::current_irql() != exec::kDispatch) require_dispatch(rt ? rt : RuntimeCore::current(), function);
  const bool top = index == stack.size();
  if (!top && held.restores) {
    if (Verifier* v = checking(rt ? rt : RuntimeCore::current()))
      v->finding("SVC-014", function)
          .value("SpinLock", lock_name(lock))
          .value("released", lock_name(lock))
          .value("still held after it", lock_name(stack[index].lock))
          .message("spin locks were released out of order: this release would restore " + irql_name(held.saved) +
                   " while a lock acquired later is still held")
          .expected("locks taken with NdisAcquireSpinLock are released in the reverse order of acquisition")
          .remedy("release the most recently acquired lock first");
    // Keep the thread consistent: the lock acquired next inherits the level to restore.
    stack[index].restores = true;
    stack[index].saved = held.saved;
  }
  stack.erase(index - 1);
  word.store(word_of(kSpinLockLive, 0), std::memory_order_release);
  if (top && held.restores) exec::set_current_irql(held.saved);
}

void release_held_since(size_t depth) {
  auto& stack = held_locks();
  while (stack.size() > depth) {
    HeldLock held = stack.back();
    stack.pop_back();
    if (held.kind == LockKind::Spin || held.kind == LockKind::SpinDpr)
      lock_word(static_cast<NDIS_SPIN_LOCK*>(held.lock)).store(word_of(kSpinLockLive, 0), std::memory_order_release);
    else
      force_release_rw_lock(held.lock, held.kind == LockKind::RwWrite);
    if (held.restores) exec::set_current_irql(held.saved);
  }
}

void SpinLockRegistry::add(const void* lock, Record record) {
  std::lock_guard guard(mutex_);
  locks_[lock] = record;
}

void SpinLockRegistry::remove(const void* lock) {
  std::lock_guard guard(mutex_);
  locks_.erase(lock);
}

void SpinLockRegistry::clear() {
  std::lock_guard guard(mutex_);
  locks_.clear();
}

}  // namespace condis::services
