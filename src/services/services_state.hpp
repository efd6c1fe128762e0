// ServicesState: the NDIS library services of one runtime (driver-model.md 2.8): memory by tag,
// lookaside lists, spin-lock and RW-lock registries, work items, timers and the error log, with
// the per-owner leak checks of 4.I.
//
// Interface for the driver model:
//   on_owner_gone(handle) - call it when an owner goes away: after MiniportHaltEx returns (or a
//     failing MiniportInitializeEx returns) with the adapter handle, when a binding's close
//     completes with the binding handle, and at driver deregistration with the driver handle,
//     before the handle is removed from the table (only its bits are read, so after is fine too).
//     It reports every resource still charged to that owner (SVC-043, SVC-050, SVC-053, SVC-055,
//     SVC-060..064, DRV-072/073 for the cases those rules name), then dequeues the owner's
//     timers and work items so that no callback runs into a halted adapter or unloaded driver.
//     The objects themselves stay valid: the driver may still free them, and the shutdown leak
//     report lists what is never freed.
//   OwnerScope (services/owner_scope.hpp) - open one around every call into a driver handler so
//     that spin locks and lookaside lists (no NDIS handle) are charged to the right owner.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "condis/verify.hpp"
#include "services/lookaside.hpp"
#include "services/memory.hpp"
#include "services/rw_lock.hpp"
#include "services/spin_lock.hpp"
#include "services/timers.hpp"
#include "services/work_items.hpp"

namespace condis {
class RuntimeCore;
namespace services {

struct ErrorLogEntry {
  const void* adapter = nullptr;
  NDIS_ERROR_CODE code = 0;
  std::vector<ULONG> values;
  uint64_t time_ns = 0;
};

class ServicesState {
 public:
  explicit ServicesState(RuntimeCore& rt);
  ~ServicesState();
  ServicesState(const ServicesState&) = delete;
  ServicesState& operator=(const ServicesState&) = delete;

  RuntimeCore& runtime() { return rt_; }

  // Adds whatever this layer still holds to the report.
  void collect_leaks(LeakReport& report) const;
  // Frees every remaining object without calling drivers (after the leak report).
  void release_all();
  // The per-owner leak checks at adapter halt, binding close and driver deregistration.
  void on_owner_gone(const void* owner_handle);

  MemoryAccounting& memory() { return memory_; }
  LookasideRegistry& lookaside() { return lookaside_; }
  SpinLockRegistry& spin_locks() { return spin_locks_; }
  WorkItemTable& work_items() { return work_items_; }
  TimerTable& timers() { return timers_; }

  // RW locks (the table is small: allocation is rare, acquisition goes through the handle table).
  PNDIS_RW_LOCK_EX allocate_rw_lock(const void* owner);
  void free_rw_lock(PNDIS_RW_LOCK_EX lock);
  struct RwLockInfo {
    void* handle;
    const void* owner;
    int32_t state;
  };
  std::vector<RwLockInfo> rw_locks(const void* owner) const;

  void log_error(ErrorLogEntry entry);
  std::vector<ErrorLogEntry> error_log() const;

  // System time in 100-ns units since 1601-01-01 UTC: a fixed epoch under the deterministic
  // scheduler (runs replay exactly), the host's clock at start under the threaded one, plus the
  // scheduler's time.
  int64_t system_time_100ns() const;
  // Reports once per owner handle (OQ-D22 portability warning).
  bool first_protocol_work_item(const void* owner);

 private:
  RuntimeCore& rt_;
  int64_t epoch_100ns_;
  MemoryAccounting memory_;
  LookasideRegistry lookaside_;
  SpinLockRegistry spin_locks_;
  WorkItemTable work_items_;
  TimerTable timers_;
  mutable std::mutex mutex_;  // rw locks, error log, warned owners
  std::vector<std::unique_ptr<RwLock>> rw_locks_;  // freed ones stay until release_all
  std::vector<ErrorLogEntry> error_log_;
  std::vector<const void*> warned_owners_;
};

}  // namespace services
}  // namespace condis
