// NDIS timer objects. NdisSetTimerObject posts one expiry to the Scheduler (post_at, virtual or
// real time); the expiry runs the driver's callback at DISPATCH_LEVEL on a simulated processor.
// `sequence` changes on every set and cancel, so an expiry task that was overtaken by a later
// set or a cancel finds out and does nothing, whether or not Scheduler::cancel caught it.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "condis/ndis/services.h"
#include "exec/scheduler.hpp"

namespace condis {
class RuntimeCore;
}

namespace condis::services {

struct Timer {
  std::mutex mutex;
  std::condition_variable idle;  // signalled when a callback returns
  void* handle = nullptr;
  const void* owner = nullptr;
  ULONG tag = 0;
  PNDIS_TIMER_FUNCTION function = nullptr;
  PVOID default_context = nullptr;
  // Current setting.
  bool queued = false;
  uint64_t sequence = 0;
  exec::TaskId task = 0;
  uint64_t due_ns = 0;
  uint64_t period_ns = 0;
  bool periodic = false;  // last set was periodic (SVC-054 on cancel)
  PVOID context = nullptr;
  // Running callbacks.
  int running = 0;
  uint32_t running_thread = 0;
  uint64_t fired = 0;
};

class TimerTable {
 public:
  explicit TimerTable(RuntimeCore& rt) : rt_(rt) {}

  NDIS_STATUS allocate(const void* owner, const NDIS_TIMER_CHARACTERISTICS* characteristics, NDIS_HANDLE* out);
  BOOLEAN set(NDIS_HANDLE handle, LARGE_INTEGER due_time, LONG period_ms, PVOID context);
  BOOLEAN cancel(NDIS_HANDLE handle);
  void free(NDIS_HANDLE handle);

  std::vector<std::shared_ptr<Timer>> timers(const void* owner) const;
  // Dequeues a timer whose owner went away; returns true if it was queued.
  bool dequeue(Timer& timer);
  void release_all();

 private:
  std::shared_ptr<Timer> find(NDIS_HANDLE handle, const char* function);
  void schedule(const std::shared_ptr<Timer>& timer);  // under timer->mutex
  void fire(const std::shared_ptr<Timer>& timer, uint64_t sequence);

  RuntimeCore& rt_;
  mutable std::mutex mutex_;
  std::unordered_map<void*, std::shared_ptr<Timer>> timers_;
};

}  // namespace condis::services
