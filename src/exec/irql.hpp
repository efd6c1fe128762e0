// Per-thread execution context: the IRQL a Windows thread would run at and the simulated
// processor it stands for. Set by the schedulers when they run a task and by spin locks.
#pragma once

#include <cstdint>

namespace condis::exec {

using Irql = uint8_t;
inline constexpr Irql kPassive = 0;
inline constexpr Irql kApc = 1;
inline constexpr Irql kDispatch = 2;

namespace detail {
inline thread_local Irql tls_irql = kPassive;
inline thread_local unsigned tls_processor = 0;
inline thread_local void* tls_runtime = nullptr;  // the RuntimeCore whose code this thread runs
}  // namespace detail

inline Irql current_irql() { return detail::tls_irql; }
inline void set_current_irql(Irql irql) { detail::tls_irql = irql; }
inline unsigned current_processor() { return detail::tls_processor; }
inline void set_current_processor(unsigned processor) { detail::tls_processor = processor; }
// The runtime a thread is working for: lets handle-less Ndis* calls (NdisAllocateSpinLock,
// NdisMSleep, ...) find their runtime. Schedulers set it to SchedulerConfig::runtime.
inline void* current_runtime() { return detail::tls_runtime; }
inline void set_current_runtime(void* runtime) { detail::tls_runtime = runtime; }

class RuntimeScope {
 public:
  explicit RuntimeScope(void* runtime) : saved_(detail::tls_runtime) { detail::tls_runtime = runtime; }
  ~RuntimeScope() { detail::tls_runtime = saved_; }
  RuntimeScope(const RuntimeScope&) = delete;
  RuntimeScope& operator=(const RuntimeScope&) = delete;

 private:
  void* saved_;
};

// Runs a scope at a given IRQL (and processor) and restores the previous ones on exit.
class ExecutionScope {
 public:
  ExecutionScope(Irql irql, unsigned processor)
      : saved_irql_(detail::tls_irql), saved_processor_(detail::tls_processor) {
    detail::tls_irql = irql;
    detail::tls_processor = processor;
  }
  explicit ExecutionScope(Irql irql) : ExecutionScope(irql, detail::tls_processor) {}
  ~ExecutionScope() {
    detail::tls_irql = saved_irql_;
    detail::tls_processor = saved_processor_;
  }
  ExecutionScope(const ExecutionScope&) = delete;
  ExecutionScope& operator=(const ExecutionScope&) = delete;

 private:
  Irql saved_irql_;
  unsigned saved_processor_;
};

}  // namespace condis::exec
