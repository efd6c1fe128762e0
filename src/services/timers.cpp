#include "services/timers.hpp"

#include "runtime/runtime_core.hpp"
#include "runtime/upcall.hpp"
#include "services/checks.hpp"
#include "services/held_locks.hpp"
#include "services/services_state.hpp"

namespace condis::services {

NDIS_STATUS TimerTable::allocate(const void* owner, const NDIS_TIMER_CHARACTERISTICS* c, NDIS_HANDLE* out) {
  static constexpr const char* kFn = "NdisAllocateTimerObject";
  const char* problem = nullptr;
  if (c == nullptr)
    problem = "TimerCharacteristics is NULL";
  else if (c->Header.Type != NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS)
    problem = "Header.Type is not NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS (0x97)";
  else if (c->Header.Revision != NDIS_TIMER_CHARACTERISTICS_REVISION_1)
    problem = "Header.Revision is not NDIS_TIMER_CHARACTERISTICS_REVISION_1";
  else if (c->Header.Size < NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1)
    problem = "Header.Size is below NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1 (24)";
  else if (c->AllocationTag == 0)
    problem = "AllocationTag is 0";
  else if (c->TimerFunction == nullptr)
    problem = "TimerFunction is NULL";
  if (problem) {
    if (Verifier* v = checking(&rt_))
      v->finding("SVC-052", kFn)
          .handle("NdisHandle", owner)
          .message(problem)
          .expected("Type 0x97, Revision 1, Size >= 24, a non-zero AllocationTag and a TimerFunction")
          .remedy("fill the header with NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS, NDIS_TIMER_CHARACTERISTICS_REVISION_1 "
                  "and NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1");
    return NDIS_STATUS_BAD_CHARACTERISTICS;
  }
  auto timer = std::make_shared<Timer>();
  timer->owner = owner;
  timer->tag = c->AllocationTag;
  timer->function = c->TimerFunction;
  timer->default_context = c->FunctionContext;
  void* handle = rt_.handles().insert(ObjectType::TimerObject, timer.get());
  if (!handle) return NDIS_STATUS_RESOURCES;
  timer->handle = handle;
  {
    std::lock_guard guard(mutex_);
    timers_[handle] = std::move(timer);
  }
  *out = handle;
  return NDIS_STATUS_SUCCESS;
}

std::shared_ptr<Timer> TimerTable::find(NDIS_HANDLE handle, const char* function) {
  HandleError error = HandleError::Ok;
  if (rt_.handles().resolve(handle, ObjectType::TimerObject, &error)) {
    std::lock_guard guard(mutex_);
    if (auto it = timers_.find(handle); it != timers_.end()) return it->second;
    error = HandleError::Stale;
  }
  if (Verifier* v = checking(&rt_))
    v->finding("SVC-053", function)
        .handle("TimerObject", handle)
        .message(std::string("the timer handle is ") + std::string(handle_error_name(error)))
        .expected("a handle returned by NdisAllocateTimerObject and not yet freed")
        .remedy("use the timer only between NdisAllocateTimerObject and NdisFreeTimerObject");
  return nullptr;
}

void TimerTable::schedule(const std::shared_ptr<Timer>& timer) {
  exec::TaskOptions options;
  options.irql = exec::kDispatch;
  options.label = "NdisTimer";
  const uint64_t sequence = timer->sequence;
  timer->task = rt_.scheduler().post_at(timer->due_ns, [this, timer, sequence] { fire(timer, sequence); }, options);
}

BOOLEAN TimerTable::set(NDIS_HANDLE handle, LARGE_INTEGER due_time, LONG period_ms, PVOID context) {
  static constexpr const char* kFn = "NdisSetTimerObject";
  require_at_most_dispatch(&rt_, kFn);
  auto timer = find(handle, kFn);
  if (!timer) return FALSE;
  if (period_ms < 0) {
    if (Verifier* v = checking(&rt_))
      v->finding("SVC-054", kFn)
          .handle("TimerObject", handle)
          .value("MillisecondsPeriod", std::to_string(period_ms))
          .message("a negative period; the timer was not set")
          .expected("MillisecondsPeriod is 0 (one-shot) or a positive period <= MAXLONG")
          .remedy("pass 0 for a one-shot timer or the period in milliseconds");
    return FALSE;
  }
  const uint64_t now = rt_.scheduler().now_ns();
  uint64_t due = now;
  if (due_time.QuadPart < 0) {
    due = now + uint64_t(-due_time.QuadPart) * 100;
  } else {
    const int64_t delta_100ns = due_time.QuadPart - rt_.services().system_time_100ns();
    if (delta_100ns > 0) due = now + uint64_t(delta_100ns) * 100;
  }
  std::lock_guard guard(timer->mutex);
  const bool was_queued = timer->queued;
  if (was_queued) rt_.scheduler().cancel(timer->task);
  ++timer->sequence;
  timer->queued = true;
  timer->due_ns = due;
  timer->period_ns = uint64_t(period_ms) * 1'000'000;
  timer->periodic = period_ms > 0;
  timer->context = context ? context : timer->default_context;
  schedule(timer);
  if (rt_.tracer().enabled())
    trace_service(rt_, kFn,
                  {{"TimerObject", format_handle(handle)},
                   {"due_ns", std::to_string(due)},
                   {"period_ms", std::to_string(period_ms)},
                   {"result", was_queued ? "TRUE" : "FALSE"}});
  return was_queued ? TRUE : FALSE;
}

void TimerTable::fire(const std::shared_ptr<Timer>& timer, uint64_t sequence) {
  PNDIS_TIMER_FUNCTION function;
  PVOID context;
  {
    std::lock_guard guard(timer->mutex);
    if (!timer->queued || timer->sequence != sequence) return;  // reset or cancelled meanwhile
    timer->queued = false;
    ++timer->running;
    timer->running_thread = thread_token();
    ++timer->fired;
    function = timer->function;
    context = timer->context;
  }
  {
    // The callback runs at DISPATCH_LEVEL (driver-model.md 2.6) with reserved arguments NULL.
    exec::ExecutionScope scope(exec::kDispatch);
    upcall(rt_, {"NDIS_TIMER_FUNCTION", rt_.tracer().enabled() ? owner_driver_name(rt_, timer->owner) : std::string()}, function, nullptr, context, nullptr, nullptr);
  }
  std::lock_guard guard(timer->mutex);
  --timer->running;
  if (timer->running == 0) timer->running_thread = 0;
  // A periodic timer refires unless the callback (or anyone) set or cancelled it meanwhile.
  if (timer->sequence == sequence && timer->periodic && timer->period_ns > 0 && !timer->queued) {
    ++timer->sequence;
    timer->queued = true;
    timer->due_ns += timer->period_ns;
    const uint64_t now = rt_.scheduler().now_ns();
    if (timer->due_ns < now) timer->due_ns = now;
    schedule(timer);
  }
  timer->idle.notify_all();
}

BOOLEAN TimerTable::cancel(NDIS_HANDLE handle) {
  static constexpr const char* kFn = "NdisCancelTimerObject";
  auto timer = find(handle, kFn);
  if (!timer) return FALSE;
  std::unique_lock lock(timer->mutex);
  const bool periodic = timer->periodic;
  if (periodic && exec::current_irql() != exec::kPassive) {
    if (Verifier* v = checking(&rt_))
      v->finding("SVC-054", kFn)
          .handle("TimerObject", handle)
          .value("IRQL", irql_name(exec::current_irql()))
          .state("timer", "periodic")
          .message("a periodic timer was cancelled above PASSIVE_LEVEL")
          .expected("a periodic timer is cancelled at PASSIVE_LEVEL (the cancel waits for a running callback)")
          .remedy("cancel periodic timers from PASSIVE_LEVEL code (a work item, halt or unbind)");
  } else if (!periodic) {
    lock.unlock();
    require_at_most_dispatch(&rt_, kFn);
    lock.lock();
  }
  const bool was_queued = timer->queued;
  if (was_queued) rt_.scheduler().cancel(timer->task);
  timer->queued = false;
  ++timer->sequence;
  if (periodic && exec::current_irql() == exec::kPassive && !rt_.scheduler().deterministic()) {
    // A periodic cancel returns only once a callback running on another processor has finished.
    const uint32_t me = thread_token();
    timer->idle.wait(lock, [&] { return timer->running == 0 || timer->running_thread == me; });
  }
  if (rt_.tracer().enabled())
    trace_service(rt_, kFn, {{"TimerObject", format_handle(handle)}, {"result", was_queued ? "TRUE" : "FALSE"}});
  return was_queued ? TRUE : FALSE;
}

void TimerTable::free(NDIS_HANDLE handle) {
  static constexpr const char* kFn = "NdisFreeTimerObject";
  require_at_most_dispatch(&rt_, kFn);
  auto timer = find(handle, kFn);
  if (!timer) return;
  {
    std::lock_guard guard(timer->mutex);
    if (timer->queued) {
      if (Verifier* v = checking(&rt_))
        v->finding("SVC-053", kFn)
            .handle("TimerObject", handle)
            .state("timer", timer->periodic ? "set (periodic)" : "set")
            .message("the timer was freed while set; condis cancelled it first")
            .expected("a timer is cancelled, and any running callback has finished, before it is freed")
            .remedy("call NdisCancelTimerObject before NdisFreeTimerObject");
      rt_.scheduler().cancel(timer->task);
      timer->queued = false;
      ++timer->sequence;
    }
    if (timer->running > 0 && timer->running_thread != thread_token()) {
      if (Verifier* v = checking(&rt_))
        v->finding("SVC-055", kFn)
            .handle("TimerObject", handle)
            .state("timer", "callback running")
            .message("the timer was freed while its callback was running on another processor")
            .expected("the driver waits until a callback that may be running has finished before freeing the timer")
            .remedy("after a cancel that returned FALSE, wait for the callback (for example with an event it sets)");
    }
  }
  rt_.handles().remove(handle);
  std::lock_guard guard(mutex_);
  timers_.erase(handle);
}

std::vector<std::shared_ptr<Timer>> TimerTable::timers(const void* owner) const {
  std::lock_guard guard(mutex_);
  std::vector<std::shared_ptr<Timer>> out;
  for (auto& [handle, timer] : timers_)
    if (owner == nullptr || timer->owner == owner) out.push_back(timer);
  return out;
}

bool TimerTable::dequeue(Timer& timer) {
  std::lock_guard guard(timer.mutex);
  const bool was_queued = timer.queued;
  if (was_queued) rt_.scheduler().cancel(timer.task);
  timer.queued = false;
  timer.periodic = false;
  ++timer.sequence;
  return was_queued;
}

void TimerTable::release_all() {
  std::unordered_map<void*, std::shared_ptr<Timer>> timers;
  {
    std::lock_guard guard(mutex_);
    timers.swap(timers_);
  }
  for (auto& [handle, timer] : timers) {
    dequeue(*timer);
    rt_.handles().remove(handle);
  }
}

}  // namespace condis::services
