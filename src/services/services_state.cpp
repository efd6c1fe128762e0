#include "services/services_state.hpp"

#include <chrono>

#include "runtime/runtime_core.hpp"
#include "services/checks.hpp"

namespace condis::services {
namespace {

// 2024-01-01T00:00:00Z in 100-ns units since 1601-01-01: the deterministic runs' epoch.
constexpr int64_t kFixedEpoch100ns = 133485408000000000;
// Seconds between 1601-01-01 and 1970-01-01.
constexpr int64_t kWindowsToUnixSeconds = 11644473600;

std::string address(const void* p) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%p", p);
  return buf;
}

ObjectType owner_type(const void* owner) { return HandleBits::type(reinterpret_cast<uintptr_t>(owner)); }

const char* teardown_function(ObjectType type) {
  switch (type) {
    case ObjectType::Adapter: return "MiniportHaltEx";
    case ObjectType::Binding: return "NdisCloseAdapterEx";
    case ObjectType::MiniportDriver: return "NdisMDeregisterMiniportDriver";
    case ObjectType::ProtocolDriver: return "NdisDeregisterProtocolDriver";
    default: return "owner teardown";
  }
}

const char* teardown_moment(ObjectType type) {
  switch (type) {
    case ObjectType::Adapter: return "when MiniportHaltEx returned (or a failing MiniportInitializeEx returned)";
    case ObjectType::Binding: return "when the binding's close completed";
    default: return "at driver deregistration";
  }
}

// The rule that a resource of a kind left behind by an owner of a type breaks (driver-model.md 4.I).
const char* memory_rule(ObjectType type) {
  switch (type) {
    case ObjectType::Adapter: return "SVC-060";
    case ObjectType::Binding: return "DRV-072";
    default: return "SVC-064";
  }
}
const char* timer_rule(ObjectType type) {
  return type == ObjectType::Adapter || type == ObjectType::Binding ? "SVC-062" : "SVC-064";
}
const char* work_item_rule(ObjectType type) { return type == ObjectType::Binding ? "SVC-062" : "SVC-050"; }
const char* rw_lock_rule(ObjectType type) {
  return type == ObjectType::Adapter || type == ObjectType::Binding ? "SVC-061" : "SVC-064";
}
const char* lookaside_rule(ObjectType type) { return type == ObjectType::Adapter ? "SVC-043" : "SVC-064"; }

}  // namespace

ServicesState::ServicesState(RuntimeCore& rt)
    : rt_(rt), memory_(*this), lookaside_(*this), work_items_(rt), timers_(rt) {
  if (rt.config().scheduler == SchedulerKind::Deterministic) {
    epoch_100ns_ = kFixedEpoch100ns;
  } else {
    const auto since_unix = std::chrono::system_clock::now().time_since_epoch();
    epoch_100ns_ = (std::chrono::duration_cast<std::chrono::nanoseconds>(since_unix).count() / 100) +
                   kWindowsToUnixSeconds * 10'000'000;
  }
}

ServicesState::~ServicesState() { release_all(); }

int64_t ServicesState::system_time_100ns() const { return epoch_100ns_ + int64_t(rt_.scheduler().now_ns() / 100); }

PNDIS_RW_LOCK_EX ServicesState::allocate_rw_lock(const void* owner) {
  auto lock = std::make_unique<RwLock>();
  lock->owner = owner;
  void* handle = rt_.handles().insert(ObjectType::RwLock, lock.get());
  if (!handle) return nullptr;
  lock->handle = handle;
  std::lock_guard guard(mutex_);
  rw_locks_.push_back(std::move(lock));
  return static_cast<PNDIS_RW_LOCK_EX>(handle);
}

void ServicesState::free_rw_lock(PNDIS_RW_LOCK_EX lock) {
  static constexpr const char* kFn = "NdisFreeRWLock";
  require_at_most_dispatch(&rt_, kFn);
  HandleError error = HandleError::Ok;
  auto* object = static_cast<RwLock*>(rt_.handles().resolve(lock, ObjectType::RwLock, &error));
  if (!object) {
    if (Verifier* v = checking(&rt_))
      v->finding("SVC-020", kFn)
          .handle("Lock", lock)
          .message(std::string("the RW lock is ") + std::string(handle_error_name(error)))
          .expected("a lock returned by NdisAllocateRWLock and not yet freed")
          .remedy("free each RW lock once");
    return;
  }
  if (const int32_t s = object->state.load(std::memory_order_acquire); s != 0) {
    if (Verifier* v = checking(&rt_))
      v->finding("SVC-020", kFn)
          .handle("Lock", lock)
          .state("RW lock", s < 0 ? "held for write" : "held for read")
          .message("a held RW lock was freed; the lock was not freed")
          .expected("every acquisition is released before NdisFreeRWLock")
          .remedy("release the lock first");
    return;
  }
  rt_.handles().remove(lock);
  std::lock_guard guard(mutex_);
  object->freed = true;
}

std::vector<ServicesState::RwLockInfo> ServicesState::rw_locks(const void* owner) const {
  std::lock_guard guard(mutex_);
  std::vector<RwLockInfo> out;
  for (auto& lock : rw_locks_)
    if (!lock->freed && (owner == nullptr || lock->owner == owner))
      out.push_back({lock->handle, lock->owner, lock->state.load(std::memory_order_acquire)});
  return out;
}

void ServicesState::log_error(ErrorLogEntry entry) {
  std::lock_guard guard(mutex_);
  error_log_.push_back(std::move(entry));
}

std::vector<ErrorLogEntry> ServicesState::error_log() const {
  std::lock_guard guard(mutex_);
  return error_log_;
}

bool ServicesState::first_protocol_work_item(const void* owner) {
  std::lock_guard guard(mutex_);
  for (const void* o : warned_owners_)
    if (o == owner) return false;
  warned_owners_.push_back(owner);
  return true;
}

void ServicesState::on_owner_gone(const void* owner) {
  if (owner == nullptr) return;
  const ObjectType type = owner_type(owner);
  const char* fn = teardown_function(type);
  const std::string when = teardown_moment(type);
  Verifier* v = checking(&rt_);
  const bool is_driver = type == ObjectType::MiniportDriver || type == ObjectType::ProtocolDriver;

  for (auto& [p, block] : memory_.blocks(owner))
    if (v)
      v->finding(memory_rule(type), fn)
          .handle("owner", owner)
          .value("block", address(p))
          .value("tag", tag_name(block.tag))
          .value("bytes", std::to_string(block.size))
          .message("a memory block charged to the owner was not freed " + when)
          .expected("every block is freed with NdisFreeMemory before its owner goes away")
          .remedy("free the block in the halt, close or unload path");

  for (auto& timer : timers_.timers(owner)) {
    bool queued, running;
    {
      std::lock_guard guard(timer->mutex);
      queued = timer->queued;
      running = timer->running > 0;
    }
    if (v && queued)
      v->finding("SVC-053", fn)
          .handle("owner", owner)
          .handle("TimerObject", timer->handle)
          .state("timer", "set")
          .message("a timer was still set " + when + "; condis cancelled it")
          .expected("no timer is still set when its owner goes away")
          .remedy("call NdisCancelTimerObject (and wait for a running callback) before returning");
    if (v && running)
      v->finding("SVC-055", fn)
          .handle("owner", owner)
          .handle("TimerObject", timer->handle)
          .state("timer", "callback running")
          .message("a timer callback was still running " + when)
          .expected("the owner waits for a callback that may be running before it goes away")
          .remedy("after a cancel that returned FALSE, wait (for example on an event the callback sets)");
    if (v)
      v->finding(timer_rule(type), fn)
          .handle("owner", owner)
          .handle("TimerObject", timer->handle)
          .value("tag", tag_name(timer->tag))
          .message("a timer object charged to the owner was not freed " + when)
          .expected("every timer is freed with NdisFreeTimerObject before its owner goes away")
          .remedy("cancel and free the timer in the halt, close or unload path");
    timers_.dequeue(*timer);
  }

  for (auto& item : work_items_.items(owner)) {
    bool queued, running;
    {
      std::lock_guard guard(item->mutex);
      queued = item->queued;
      running = item->running > 0;
    }
    if (v)
      v->finding(work_item_rule(type), fn)
          .handle("owner", owner)
          .handle("NdisIoWorkItemHandle", item->handle)
          .state("work item", queued ? "queued" : running ? "routine running" : "idle")
          .message("a work item charged to the owner was not freed " + when +
                   (queued ? "; condis dequeued it" : ""))
          .expected("every work item is freed with NdisFreeIoWorkItem before its owner goes away")
          .remedy("free the work item in the halt, close or unload path (after its routine has run)");
    work_items_.cancel(*item);
  }

  for (auto& lock : rw_locks(owner)) {
    if (v && lock.state != 0)
      v->finding("SVC-063", fn)
          .handle("owner", owner)
          .handle("Lock", lock.handle)
          .state("RW lock", lock.state < 0 ? "held for write" : "held for read")
          .message("an RW lock charged to the owner is still held " + when)
          .expected("no lock of the owner is held when it goes away")
          .remedy("release every lock before the owner's teardown returns");
    if (v)
      v->finding(rw_lock_rule(type), fn)
          .handle("owner", owner)
          .handle("Lock", lock.handle)
          .message("an RW lock charged to the owner was not freed " + when)
          .expected("every RW lock is freed with NdisFreeRWLock before its owner goes away")
          .remedy("free the lock in the halt, close or unload path");
  }

  for (LookasideList* list : lookaside_.lists(owner)) {
    if (list->owner != owner && !is_driver) continue;
    const int64_t outstanding = list->outstanding();
    if (v)
      v->finding(lookaside_rule(type), fn)
          .handle("owner", owner)
          .value("Lookaside", address(list->head))
          .value("outstanding entries", std::to_string(outstanding))
          .message("a lookaside list initialised by the owner was not deleted " + when)
          .expected("every lookaside list is deleted with NdisDeleteNPagedLookasideList before its owner goes away")
          .remedy("free the entries and delete the list in the halt or unload path");
  }

  spin_locks_.for_each([&](const void* lock, const SpinLockRegistry::Record& record) {
    if (record.driver != owner && record.object != owner) return;
    const bool held = spin_lock_held(static_cast<const NDIS_SPIN_LOCK*>(lock));
    if (v && held)
      v->finding("SVC-063", fn)
          .handle("owner", owner)
          .value("SpinLock", address(lock))
          .state("spin lock", "held")
          .message("a spin lock initialised by the owner is still held " + when)
          .expected("no lock of the owner is held when it goes away")
          .remedy("release every spin lock before the owner's teardown returns");
    if (v && is_driver)
      v->finding("DRV-073", fn)
          .severity(Severity::Warning)
          .handle("owner", owner)
          .value("SpinLock", address(lock))
          .message("a spin lock the driver initialised was never freed with NdisFreeSpinLock")
          .expected("caller-storage objects are released before the driver deregisters (OQ-D08: warning)")
          .remedy("call NdisFreeSpinLock when the lock's storage goes away");
  });
}

void ServicesState::collect_leaks(LeakReport& report) const {
  auto& self = const_cast<ServicesState&>(*this);
  for (auto& [p, block] : self.memory_.blocks(nullptr))
    report.leaks.push_back({memory_rule(owner_type(block.owner)), "memory", format_handle(block.owner),
                            "tag '" + tag_name(block.tag) + "', " + std::to_string(block.size) + " bytes at " +
                                address(p)});
  for (auto& timer : self.timers_.timers(nullptr))
    report.leaks.push_back({"SVC-053", "timer", format_handle(timer->owner),
                            format_handle(timer->handle) + " tag '" + tag_name(timer->tag) + "'"});
  for (auto& item : self.work_items_.items(nullptr))
    report.leaks.push_back({"SVC-050", "work item", format_handle(item->owner), format_handle(item->handle)});
  for (auto& lock : rw_locks(nullptr))
    report.leaks.push_back({rw_lock_rule(owner_type(lock.owner)), "RW lock", format_handle(lock.owner),
                            format_handle(lock.handle)});
  for (LookasideList* list : self.lookaside_.lists(nullptr))
    report.leaks.push_back({lookaside_rule(owner_type(list->owner)), "lookaside list", format_handle(list->owner),
                            "list head at " + address(list->head) + ", tag '" + tag_name(list->tag) + "', " +
                                std::to_string(list->outstanding()) + " entries outstanding"});
}

void ServicesState::release_all() {
  timers_.release_all();
  work_items_.release_all();
  lookaside_.release_all();
  memory_.release_all();
  spin_locks_.clear();
  std::vector<std::unique_ptr<RwLock>> locks;
  {
    std::lock_guard guard(mutex_);
    locks.swap(rw_locks_);
  }
  for (auto& lock : locks)
    if (!lock->freed) rt_.handles().remove(lock->handle);
  // RW lock objects go with `locks`: a driver call after shutdown finds its handle stale first.
}

}  // namespace condis::services
