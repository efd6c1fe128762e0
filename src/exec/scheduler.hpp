// The Scheduler: everything that does not run on the caller's thread (work items, timers,
// network deliveries, completions a driver defers) runs as a task here.
//
// Two implementations: Deterministic (one OS thread, P simulated processors, virtual time,
// seeded choice among runnable tasks; a run is a function of scenario and seed) and Threaded
// (P worker threads as processors, real time). Tasks run with the IRQL and processor they were
// posted for (exec/irql.hpp).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "exec/irql.hpp"

namespace condis::exec {

using TaskId = uint64_t;  // 0 = none
using Task = std::function<void()>;

inline constexpr int kAnyProcessor = -1;

struct TaskOptions {
  Irql irql = kPassive;
  int processor = kAnyProcessor;  // a simulated processor, or any
  const char* label = "task";     // for traces and debugging
};

enum class Strategy : uint8_t { Fifo, Random, Pct };

struct SchedulerConfig {
  unsigned processors = 1;
  uint64_t seed = 1;
  Strategy strategy = Strategy::Random;
  void* runtime = nullptr;  // set as exec::current_runtime() on every thread that runs tasks
  // Pct only: the bug depth d (d - 1 priority change points) and the number of scheduling steps
  // over which the change points are spread (about the length of the scenario).
  unsigned pct_depth = 3;
  uint64_t pct_steps = 1000;
  // run_until_idle() without a bound runs timers due within this much time of the call, so that a
  // periodic timer nobody cancels cannot keep it from returning.
  uint64_t idle_horizon_ns = 60'000'000'000;
};

class Scheduler {
 public:
  virtual ~Scheduler() = default;

  virtual bool deterministic() const = 0;
  virtual unsigned processors() const = 0;

  // Nanoseconds since the scheduler started: virtual (deterministic) or monotonic (threaded).
  virtual uint64_t now_ns() const = 0;

  // Runs task as soon as a processor is free.
  virtual TaskId post(Task task, TaskOptions options = {}) = 0;
  // Runs task when now_ns() reaches due_ns.
  virtual TaskId post_at(uint64_t due_ns, Task task, TaskOptions options = {}) = 0;
  // Removes a task that has not started; false if it already ran, is running, or is unknown.
  virtual bool cancel(TaskId id) = 0;

  // Runs tasks until none is queued or running and no timer is pending. Deterministic: when
  // nothing is runnable, virtual time jumps to the next timer, as long as it is due within max_ns
  // of the call; time is left at the last timer run (not moved to the bound). Threaded: waits
  // (at most max_ns of real time); called from a task, it runs queued tasks itself meanwhile and
  // does not wait for its own task. max_ns = UINT64_MAX means SchedulerConfig::idle_horizon_ns.
  virtual void run_until_idle(uint64_t max_ns = UINT64_MAX) = 0;
  // Runs every task and timer due up to now + ns and leaves now_ns() at now + ns (deterministic;
  // a wait nested inside may already have gone further, and time never goes back). Threaded:
  // the caller sleeps ns while the workers run.
  virtual void advance(uint64_t ns) = 0;
  // Blocks the calling driver thread (NdisWaitEvent, NdisMSleep) until pred() holds or timeout
  // passes, and returns pred()'s last value. pred is called without scheduler locks held.
  // Deterministic: runs other tasks (never the waiting one) on the caller's stack, so waits nest
  // like a stack; a timed-out wait leaves time at its deadline; an infinite wait that nothing
  // can end returns false at once (a deadlock on hardware); an infinite wait ends at the idle
  // horizon. Threaded: sleeps on a condition variable until notify_waiters(), a task finishing,
  // or the timeout; on a worker thread it runs queued tasks meanwhile.
  virtual bool wait_until(const std::function<bool()>& pred, uint64_t timeout_ns) = 0;

  // Wakes wait_until callers so they re-check their predicates. Whoever changes state a
  // predicate reads (an event setter) calls it after the change and after releasing its own
  // locks. The deterministic scheduler re-checks after every task, so there it does nothing.
  virtual void notify_waiters() {}

  // Ends the scheduler's work: queued tasks and pending timers are dropped (never run), the
  // threaded scheduler waits for running tasks and joins its workers, and later posts return 0
  // and do nothing. A runtime calls it before tearing down the state tasks refer to. Idempotent.
  virtual void stop() {}

  // Seeded choice available to fault injection and to the fabric (deterministic under a seed).
  virtual uint64_t random() = 0;

  // Number of tasks queued or timers pending.
  virtual size_t pending() const = 0;
};

std::unique_ptr<Scheduler> make_deterministic_scheduler(const SchedulerConfig& config);
std::unique_ptr<Scheduler> make_threaded_scheduler(const SchedulerConfig& config);

}  // namespace condis::exec
