#include "services/rw_lock.hpp"

#include <thread>

#include "runtime/runtime_core.hpp"
#include "services/checks.hpp"
#include "services/held_locks.hpp"

namespace condis::services {
namespace {

constexpr UCHAR kStateRead = 1;
constexpr UCHAR kStateWrite = 2;
constexpr unsigned kSpinsBeforeCheck = 1u << 12;

RwLock* resolve(PNDIS_RW_LOCK_EX lock, const char* function, RuntimeCore** rt_out) {
  RuntimeCore* rt = RuntimeCore::for_handle(lock);
  *rt_out = rt;
  HandleError error = HandleError::Ok;
  RwLock* object = rt ? static_cast<RwLock*>(rt->handles().resolve(lock, ObjectType::RwLock, &error)) : nullptr;
  if (object) return object;
  if (Verifier* v = checking(rt))
    v->finding("SVC-020", function)
        .handle("Lock", lock)
        .message(std::string("the RW lock is ") + std::string(handle_error_name(rt ? error : HandleError::Forged)))
        .expected("a lock returned by NdisAllocateRWLock and not yet freed")
        .remedy("use the lock only between NdisAllocateRWLock and NdisFreeRWLock");
  return nullptr;
}

void report_020(RuntimeCore* rt, const char* function, PNDIS_RW_LOCK_EX lock, std::string message,
                std::string remedy) {
  if (Verifier* v = checking(rt))
    v->finding("SVC-020", function)
        .handle("Lock", lock)
        .message(std::move(message))
        .expected("each acquisition uses its own LOCK_STATE_EX and is released once, with that state, on the same "
                  "thread; Flags is 0 or NDIS_RWL_AT_DISPATCH_LEVEL")
        .remedy(std::move(remedy));
}

}  // namespace

void acquire_rw_lock(PNDIS_RW_LOCK_EX lock, PLOCK_STATE_EX lock_state, UCHAR flags, bool write) {
  const char* fn = write ? "NdisAcquireRWLockWrite" : "NdisAcquireRWLockRead";
  RuntimeCore* rt = nullptr;
  RwLock* object = resolve(lock, fn, &rt);
  if (!object) return;
  const exec::Irql irql = exec::current_irql();
  if (irql > exec::kDispatch) require_at_most_dispatch(rt, fn);
  if (lock_state == nullptr) {
    report_020(rt, fn, lock, "LockState is NULL; nothing was acquired", "pass a LOCK_STATE_EX for the acquisition");
    return;
  }
  if (flags & ~UCHAR(NDIS_RWL_AT_DISPATCH_LEVEL))
    report_020(rt, fn, lock, "Flags has bits other than NDIS_RWL_AT_DISPATCH_LEVEL", "pass 0 or NDIS_RWL_AT_DISPATCH_LEVEL");
  if ((flags & NDIS_RWL_AT_DISPATCH_LEVEL) && irql != exec::kDispatch) {
    if (Verifier* v = checking(rt))
      v->finding("SVC-013", fn)
          .handle("Lock", lock)
          .value("IRQL", irql_name(irql))
          .message("NDIS_RWL_AT_DISPATCH_LEVEL was passed at " + irql_name(irql))
          .expected("the flag is set only when the caller is at DISPATCH_LEVEL")
          .remedy("derive the flag from what the code knows (inside a spin lock, a timer callback), or pass 0");
  }
  auto& stack = held_locks();
  for (const HeldLock& held : stack) {
    if (held.state == lock_state) {
      report_020(rt, fn, lock, "the LOCK_STATE_EX is already in use by an acquisition not yet released",
                 "use a separate LOCK_STATE_EX for every acquisition");
      return;
    }
    if (held.lock == object && (write || held.kind == LockKind::RwWrite)) {
      report_020(rt, fn, lock,
                 "the thread already holds the lock" + std::string(held.kind == LockKind::RwWrite ? " for write" : "") +
                     "; this acquisition would deadlock and was ignored",
                 "do not acquire an RW lock for write while holding it, or for read while holding it for write");
      return;
    }
  }
  unsigned spins = 0;
  for (;;) {
    int32_t s = object->state.load(std::memory_order_relaxed);
    if (write ? s == 0 : s >= 0) {
      if (object->state.compare_exchange_weak(s, write ? -1 : s + 1, std::memory_order_acquire)) break;
      continue;
    }
    if (++spins % kSpinsBeforeCheck == 0) {
      if (rt && rt->scheduler().deterministic()) {
        if (Verifier* v = checking(rt))
          v->finding("SVC-018", fn)
              .handle("Lock", lock)
              .message("the RW lock is held by code that is not running, so the acquire would spin forever")
              .expected("an RW lock is released before the code that holds it returns or waits")
              .remedy("release every lock before returning from a callback");
        return;
      }
      std::this_thread::yield();
    }
  }
  lock_state->OldIrql = irql;
  lock_state->LockState = write ? kStateWrite : kStateRead;
  lock_state->Flags = flags;
  exec::set_current_irql(exec::kDispatch);
  stack.push_back(HeldLock{object, lock_state, write ? LockKind::RwWrite : LockKind::RwRead,
                           irql != exec::kDispatch, irql});
}

void release_rw_lock(PNDIS_RW_LOCK_EX lock, PLOCK_STATE_EX lock_state) {
  static constexpr const char* kFn = "NdisReleaseRWLock";
  RuntimeCore* rt = nullptr;
  RwLock* object = resolve(lock, kFn, &rt);
  if (!object) return;
  auto& stack = held_locks();
  size_t index = stack.size();
  while (index > 0 && !(stack[index - 1].lock == object && stack[index - 1].state == lock_state)) --index;
  if (index == 0) {
    report_020(rt, kFn, lock,
               "this thread holds no acquisition of the lock with that LOCK_STATE_EX (released twice, on another "
               "thread, or with another state); nothing was released",
               "release each acquisition once, on the acquiring thread, with its own LOCK_STATE_EX");
    return;
  }
  if (exec::current_irql() != exec::kDispatch) require_dispatch(rt, kFn);
  HeldLock held = stack[index - 1];
  const bool top = index == stack.size();
  if (!top && held.restores) {
    stack[index].restores = true;
    stack[index].saved = held.saved;
  }
  stack.erase(index - 1);
  force_release_rw_lock(object, held.kind == LockKind::RwWrite);
  lock_state->LockState = 0;
  if (top && held.restores) exec::set_current_irql(held.saved);
}

void force_release_rw_lock(void* lock, bool write) {
  auto* object = static_cast<RwLock*>(lock);
  if (write)
    object->state.store(0, std::memory_order_release);
  else
    object->state.fetch_sub(1, std::memory_order_release);
}

}  // namespace condis::services
