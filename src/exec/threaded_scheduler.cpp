// The threaded scheduler: P worker threads, each one simulated processor, in real monotonic time.
// It exists for throughput and for TSan; the order tasks run in is whatever the OS makes of it.
//
// One mutex guards the queues. Task code and wait predicates always run without it, so a task
// may post, cancel, wait or notify freely. A worker that waits (NdisWaitEvent in a work item)
// runs other queued tasks meanwhile, as Windows would run them on its other system threads, so
// P = 1 cannot deadlock a work item waiting for another.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "exec/prng.hpp"
#include "exec/scheduler.hpp"

namespace condis::exec {
namespace {

using Clock = std::chrono::steady_clock;

uint64_t saturating_add(uint64_t a, uint64_t b) { return b > UINT64_MAX - a ? UINT64_MAX : a + b; }

class ThreadedScheduler;
// The scheduler whose worker this thread is (nullptr on other threads).
thread_local const ThreadedScheduler* tls_worker_of = nullptr;
thread_local unsigned tls_worker_processor = 0;

class ThreadedScheduler final : public Scheduler {
 public:
  explicit ThreadedScheduler(const SchedulerConfig& config)
      : config_(config), start_(Clock::now()), random_state_(config.seed) {
    if (config_.processors == 0) config_.processors = 1;
    pinned_.resize(config_.processors);
    workers_.reserve(config_.processors);
    for (unsigned p = 0; p < config_.processors; ++p) workers_.emplace_back([this, p] { worker(p); });
  }

  ~ThreadedScheduler() override { stop(); }

  void stop() override {
    std::deque<Item> dropped;
    std::map<std::pair<uint64_t, TaskId>, Item> dropped_timers;
    {
      std::lock_guard lock(mu_);
      stop_ = true;
      dropped.swap(any_);
      for (auto& q : pinned_)
        for (auto& item : q) dropped.push_back(std::move(item));
      dropped_timers.swap(timers_);
      timer_due_.clear();
    }
    work_cv_.notify_all();
    idle_cv_.notify_all();
    wait_cv_.notify_all();
    sleep_cv_.notify_all();
    // A worker that stops its own scheduler cannot join itself; it ends after its task.
    std::lock_guard join_lock(join_mutex_);  // two threads stopping must not join one worker twice
    for (auto& w : workers_)
      if (w.joinable() && w.get_id() != std::this_thread::get_id()) w.join();
    // Tasks that never ran are destroyed here, outside the lock.
  }

  bool deterministic() const override { return false; }
  unsigned processors() const override { return config_.processors; }
  uint64_t now_ns() const override {
    return uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start_).count());
  }

  TaskId post(Task task, TaskOptions options) override {
    const bool pinned = options.processor >= 0;
    bool wake_workers;
    bool wake_helpers;
    TaskId id;
    {
      std::lock_guard lock(mu_);
      if (stop_) return 0;
      id = next_id_++;
      queue_for(options).push_back(Item{id, std::move(task), options});
      // Busy workers look at the queues before they sleep again; only sleepers need a wake-up.
      wake_workers = sleeping_ > 0;
      wake_helpers = helping_ > 0;
    }
    // A pinned task needs its own worker awake, and notify_one could pick another.
    if (wake_workers) {
      if (pinned) work_cv_.notify_all();
      else work_cv_.notify_one();
    }
    if (wake_helpers) wait_cv_.notify_all();
    return id;
  }

  TaskId post_at(uint64_t due_ns, Task task, TaskOptions options) override {
    bool earliest;
    bool wake_helpers;
    TaskId id;
    {
      std::lock_guard lock(mu_);
      if (stop_) return 0;
      id = next_id_++;
      timers_.emplace(std::make_pair(due_ns, id), Item{id, std::move(task), options});
      timer_due_.emplace(id, due_ns);
      earliest = timers_.begin()->first.second == id;
      wake_helpers = helping_ > 0;
    }
    // Sleepers wait for the earliest timer; a new earliest one must shorten their sleep.
    if (earliest) {
      work_cv_.notify_all();
      if (wake_helpers) wait_cv_.notify_all();
    }
    return id;
  }

  bool cancel(TaskId id) override {
    std::optional<Item> removed;  // destroyed after the lock is released
    {
      std::lock_guard lock(mu_);
      removed = remove_locked(id);
      if (!removed) return false;
    }
    idle_cv_.notify_all();
    return true;
  }

  void run_until_idle(uint64_t max_ns) override {
    const uint64_t bound = max_ns == UINT64_MAX ? config_.idle_horizon_ns : max_ns;
    const uint64_t deadline = saturating_add(now_ns(), bound);
    const bool on_worker = tls_worker_of == this;
    std::unique_lock lock(mu_);
    ++idle_waiters_;
    // A task inside run_until_idle waits for the tasks that are not: its own and others like it
    // do not count, or two of them would wait for each other. Other threads wait for all.
    if (on_worker) {
      ++running_in_idle_;
      idle_cv_.notify_all();  // another task in here may have been waiting for this one
    }
    auto others_running = [&] { return on_worker ? running_ > running_in_idle_ : running_ > 0; };
    while (!stop_ && !(queues_empty_locked() && timers_.empty() && !others_running())) {
      if (on_worker && try_run_one_locked(lock, tls_worker_processor)) continue;
      const uint64_t now = now_ns();
      if (now >= deadline) break;
      wait_until_ns(idle_cv_, lock, on_worker ? earliest_wakeup_locked(deadline) : deadline);
    }
    --idle_waiters_;
    if (on_worker) --running_in_idle_;
  }

  void advance(uint64_t ns) override {
    const uint64_t deadline = saturating_add(now_ns(), ns);
    std::unique_lock lock(mu_);
    while (!stop_ && now_ns() < deadline) wait_until_ns(sleep_cv_, lock, deadline);
  }

  bool wait_until(const std::function<bool()>& pred, uint64_t timeout_ns) override {
    const uint64_t deadline = saturating_add(now_ns(), timeout_ns);
    const bool on_worker = tls_worker_of == this;
    std::unique_lock lock(mu_);
    ++waiters_;
    if (on_worker) ++helping_;
    bool satisfied = false;
    for (;;) {
      // Read the generation before the predicate: a change made after the read bumps it, so a
      // notify between the check and the sleep is never lost.
      const uint64_t generation = wake_generation_;
      lock.unlock();
      satisfied = pred();
      lock.lock();
      if (satisfied || stop_) break;
      if (generation != wake_generation_) continue;
      if (on_worker && try_run_one_locked(lock, tls_worker_processor)) continue;
      if (now_ns() >= deadline) break;
      // The lock has been held since the generation test: no notify slips in before the sleep.
      wait_until_ns(wait_cv_, lock, on_worker ? earliest_wakeup_locked(deadline) : deadline);
    }
    --waiters_;
    if (on_worker) --helping_;
    lock.unlock();
    if (!satisfied) satisfied = pred();
    return satisfied;
  }

  void notify_waiters() override {
    {
      std::lock_guard lock(mu_);
      ++wake_generation_;
    }
    wait_cv_.notify_all();
  }

  uint64_t random() override {
    // splitmix64 over an atomic counter: lock-free and safe from any thread.
    uint64_t state = random_state_.fetch_add(0x9E3779B97F4A7C15ull, std::memory_order_relaxed);
    return splitmix64(state);
  }

  size_t pending() const override {
    std::lock_guard lock(mu_);
    size_t n = any_.size() + timers_.size();
    for (auto& q : pinned_) n += q.size();
    return n;
  }

 private:
  struct Item {
    TaskId id;
    Task task;
    TaskOptions options;
  };

  std::deque<Item>& queue_for(const TaskOptions& options) {
    if (options.processor < 0) return any_;
    return pinned_[unsigned(options.processor) % config_.processors];
  }

  bool queues_empty_locked() const {
    if (!any_.empty()) return false;
    for (auto& q : pinned_)
      if (!q.empty()) return false;
    return true;
  }

  // Moves due timers to the queues; wakes everyone if that made more than one worker's work.
  void promote_due_locked() {
    if (timers_.empty()) return;
    const uint64_t now = now_ns();
    size_t promoted = 0;
    while (!timers_.empty() && timers_.begin()->first.first <= now) {
      auto node = timers_.extract(timers_.begin());
      timer_due_.erase(node.key().second);
      queue_for(node.mapped().options).push_back(std::move(node.mapped()));
      ++promoted;
    }
    if (promoted > 1) {
      work_cv_.notify_all();
      if (helping_ > 0) wait_cv_.notify_all();
    }
  }

  std::optional<Item> take_locked(unsigned processor) {
    auto& own = pinned_[processor];
    std::deque<Item>& from = !own.empty() ? own : any_;
    if (from.empty()) return std::nullopt;
    Item item = std::move(from.front());
    from.pop_front();
    return item;
  }

  // Runs one task this processor may take, with the lock released around it; false if none.
  bool try_run_one_locked(std::unique_lock<std::mutex>& lock, unsigned processor) {
    promote_due_locked();
    auto item = take_locked(processor);
    if (!item) return false;
    ++running_;
    lock.unlock();
    {
      ExecutionScope execution(item->options.irql, processor);
      RuntimeScope runtime(config_.runtime);
      item->task();
      item->task = nullptr;  // captures die outside the lock, in the task's context
    }
    lock.lock();
    --running_;
    // Whatever the task changed may be what a waiter or run_until_idle is waiting for.
    if (waiters_ > 0) {
      ++wake_generation_;
      wait_cv_.notify_all();
    }
    if (idle_waiters_ > 0) idle_cv_.notify_all();
    return true;
  }

  std::optional<Item> remove_locked(TaskId id) {
    auto take_from = [id](std::deque<Item>& q) -> std::optional<Item> {
      for (auto it = q.begin(); it != q.end(); ++it) {
        if (it->id == id) {
          Item item = std::move(*it);
          q.erase(it);
          return item;
        }
      }
      return std::nullopt;
    };
    if (auto item = take_from(any_)) return item;
    for (auto& q : pinned_)
      if (auto item = take_from(q)) return item;
    auto due = timer_due_.find(id);
    if (due == timer_due_.end()) return std::nullopt;
    auto node = timers_.extract(std::make_pair(due->second, id));
    timer_due_.erase(due);
    return std::move(node.mapped());
  }

  // The earlier of deadline and the next timer (a worker must wake to promote it).
  uint64_t earliest_wakeup_locked(uint64_t deadline) const {
    if (timers_.empty()) return deadline;
    return std::min(deadline, timers_.begin()->first.first);
  }

  // Sleeps on cv until the scheduler clock reads deadline_ns (or a notify). Far deadlines
  // sleep without a timeout: steady_clock cannot represent UINT64_MAX nanoseconds from now.
  void wait_until_ns(std::condition_variable& cv, std::unique_lock<std::mutex>& lock, uint64_t deadline_ns) {
    constexpr uint64_t kFar = uint64_t(1) << 62;
    if (deadline_ns >= kFar) {
      cv.wait(lock);
    } else {
      cv.wait_until(lock, start_ + std::chrono::nanoseconds(int64_t(deadline_ns)));
    }
  }

  void worker(unsigned processor) {
    tls_worker_of = this;
    tls_worker_processor = processor;
    set_current_processor(processor);
    std::unique_lock lock(mu_);
    while (!stop_) {
      if (try_run_one_locked(lock, processor)) continue;
      ++sleeping_;
      wait_until_ns(work_cv_, lock, timers_.empty() ? UINT64_MAX : timers_.begin()->first.first);
      --sleeping_;
    }
  }

  SchedulerConfig config_;
  const Clock::time_point start_;
  std::atomic<uint64_t> random_state_;

  mutable std::mutex mu_;
  std::condition_variable work_cv_;   // workers: a task or an earlier timer arrived, or stop
  std::condition_variable idle_cv_;   // run_until_idle: a task finished or was cancelled
  std::condition_variable wait_cv_;   // wait_until: notify_waiters, a task finished or arrived
  std::condition_variable sleep_cv_;  // advance: only stop ends it early
  std::deque<Item> any_;                 // tasks for any processor, in post order
  std::vector<std::deque<Item>> pinned_;  // tasks for one processor
  std::map<std::pair<uint64_t, TaskId>, Item> timers_;
  std::unordered_map<TaskId, uint64_t> timer_due_;
  TaskId next_id_ = 1;
  size_t running_ = 0;
  size_t sleeping_ = 0;      // workers waiting on work_cv_
  size_t waiters_ = 0;       // threads inside wait_until
  size_t helping_ = 0;       // of those, workers (they run tasks while waiting)
  size_t idle_waiters_ = 0;  // threads inside run_until_idle
  size_t running_in_idle_ = 0;  // of those, workers (their task counts in running_)
  uint64_t wake_generation_ = 0;
  bool stop_ = false;
  std::mutex join_mutex_;
  std::vector<std::thread> workers_;  // last: started after everything above exists
};

}  // namespace

std::unique_ptr<Scheduler> make_threaded_scheduler(const SchedulerConfig& config) {
  return std::make_unique<ThreadedScheduler>(config);
}

}  // namespace condis::exec
