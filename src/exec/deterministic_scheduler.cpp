// The deterministic scheduler: one OS thread plays P simulated processors in virtual time.
//
// A run is a function of (scenario, seed). Tasks run to completion one at a time, take no
// virtual time, and are chosen among the runnable ones by the strategy:
//   Fifo    the oldest runnable task; processors round-robin (seed-independent);
//   Random  a seeded uniform choice among runnable tasks and processors;
//   Pct     probabilistic concurrency testing (Burckhardt et al., ASPLOS 2010) adapted to
//           run-to-completion tasks: each task gets a random priority when it becomes runnable,
//           the highest runs first, and at d - 1 seeded steps the task about to run is demoted
//           below every other, which delays it past everything posted meanwhile.
// Virtual time moves only when nothing is runnable: it jumps to the next timer. Nothing here
// depends on addresses, hash order or real time.
#include <algorithm>
#include <compare>
#include <deque>
#include <iterator>
#include <map>
#include <unordered_map>
#include <utility>
#include <vector>

#include "exec/prng.hpp"
#include "exec/scheduler.hpp"

namespace condis::exec {
namespace {

uint64_t saturating_add(uint64_t a, uint64_t b) { return b > UINT64_MAX - a ? UINT64_MAX : a + b; }

class DeterministicScheduler final : public Scheduler {
 public:
  explicit DeterministicScheduler(const SchedulerConfig& config)
      : config_(config), choice_(config.seed, 0), user_(config.seed, 1) {
    if (config_.processors == 0) config_.processors = 1;
    if (config_.strategy == Strategy::Pct) {
      if (config_.pct_depth == 0) config_.pct_depth = 1;
      const uint64_t steps = config_.pct_steps == 0 ? 1 : config_.pct_steps;
      // Their own stream: the priorities a seed gives do not depend on the depth.
      Prng points(config_.seed, 2);
      for (unsigned i = 0; i + 1 < config_.pct_depth; ++i) change_points_.push_back(1 + points.below(steps));
      // Demotions are applied in step order; the i-th one gets priority depth - 1 - i.
      std::sort(change_points_.begin(), change_points_.end());
    }
  }

  bool deterministic() const override { return true; }
  unsigned processors() const override { return config_.processors; }
  uint64_t now_ns() const override { return now_; }

  TaskId post(Task task, TaskOptions options) override {
    if (stopped_) return 0;
    const TaskId id = next_id_++;
    make_runnable(id, std::move(task), options);
    return id;
  }

  TaskId post_at(uint64_t due_ns, Task task, TaskOptions options) override {
    if (stopped_) return 0;
    const TaskId id = next_id_++;
    timers_.emplace(std::make_pair(due_ns, id), Timer{std::move(task), options});
    timer_due_.emplace(id, due_ns);
    return id;
  }

  bool cancel(TaskId id) override {
    for (auto it = ready_.begin(); it != ready_.end(); ++it) {
      if (it->id == id) {
        ready_.erase(it);
        return true;
      }
    }
    for (auto it = pct_ready_.begin(); it != pct_ready_.end(); ++it) {
      if (it->second.id == id) {
        pct_ready_.erase(it);
        return true;
      }
    }
    auto due = timer_due_.find(id);
    if (due == timer_due_.end()) return false;
    timers_.erase(std::make_pair(due->second, id));
    timer_due_.erase(due);
    return true;
  }

  void run_until_idle(uint64_t max_ns) override {
    const uint64_t bound = max_ns == UINT64_MAX ? config_.idle_horizon_ns : max_ns;
    drive(saturating_add(now_, bound), nullptr);
  }

  void advance(uint64_t ns) override {
    const uint64_t target = saturating_add(now_, ns);
    drive(target, nullptr);
    // A nested wait may already have taken time past the target; time never goes back.
    if (now_ < target) now_ = target;
  }

  bool wait_until(const std::function<bool()>& pred, uint64_t timeout_ns) override {
    const bool infinite = timeout_ns == UINT64_MAX;
    const uint64_t deadline = saturating_add(now_, infinite ? config_.idle_horizon_ns : timeout_ns);
    if (drive(deadline, &pred)) return true;
    // Nothing left to run before the deadline: the wait times out, and the time it waited
    // passes. An infinite wait that nothing can end (a deadlock on real hardware) returns false
    // at once rather than hanging the simulation.
    if (!infinite && now_ < deadline) now_ = deadline;
    return pred();
  }

  void stop() override {
    stopped_ = true;
    // Moved out first: a dropped task's destructor may call back into the scheduler.
    auto ready = std::move(ready_);
    auto pct_ready = std::move(pct_ready_);
    auto timers = std::move(timers_);
    ready_.clear();
    pct_ready_.clear();
    timers_.clear();
    timer_due_.clear();
  }

  uint64_t random() override { return user_.next(); }

  size_t pending() const override { return runnable() + timers_.size(); }

 private:
  struct Ready {
    TaskId id;
    Task task;
    TaskOptions options;
  };
  struct Timer {
    Task task;
    TaskOptions options;
  };

  size_t runnable() const { return ready_.size() + pct_ready_.size(); }

  void make_runnable(TaskId id, Task task, TaskOptions options) {
    if (config_.strategy == Strategy::Pct) {
      // Initial priorities sit above every demoted one (1 .. depth - 1).
      const uint64_t priority = config_.pct_depth + (choice_.next() >> 2);
      pct_ready_.emplace(PctKey{priority, ~id}, Ready{id, std::move(task), options});
    } else {
      ready_.push_back(Ready{id, std::move(task), options});
    }
  }

  // Moves timers whose time has come to the runnable set, in (due, post order).
  void promote_due() {
    while (!timers_.empty() && timers_.begin()->first.first <= now_) {
      auto node = timers_.extract(timers_.begin());
      timer_due_.erase(node.key().second);
      make_runnable(node.key().second, std::move(node.mapped().task), node.mapped().options);
    }
  }

  // Runs tasks until pred holds (true), or nothing is runnable and no timer is due by limit.
  bool drive(uint64_t limit, const std::function<bool()>* pred) {
    for (;;) {
      if (pred && (*pred)()) return true;
      promote_due();
      if (runnable() > 0) {
        run_one();
        continue;
      }
      if (timers_.empty()) return false;
      const uint64_t due = timers_.begin()->first.first;
      if (due > limit) return false;
      now_ = due;
    }
  }

  // Removes and returns the task the strategy runs next.
  Ready take_next() {
    switch (config_.strategy) {
      case Strategy::Fifo: break;
      case Strategy::Random: {
        const size_t index = size_t(choice_.below(ready_.size()));
        // Swap-remove keeps a pick O(1); the order left behind is still a function of the seed.
        if (index + 1 != ready_.size()) std::swap(ready_[index], ready_.back());
        Ready ready = std::move(ready_.back());
        ready_.pop_back();
        return ready;
      }
      case Strategy::Pct: {
        // At a change point the task about to run drops below every other (several change
        // points on one step demote several tasks, each below the one before).
        const uint64_t step = steps_ + 1;
        while (next_change_ < change_points_.size() && change_points_[next_change_] == step) {
          auto node = pct_ready_.extract(std::prev(pct_ready_.end()));
          node.key().priority = config_.pct_depth - 1 - next_change_;
          pct_ready_.insert(std::move(node));
          ++next_change_;
        }
        return std::move(pct_ready_.extract(std::prev(pct_ready_.end())).mapped());
      }
    }
    Ready ready = std::move(ready_.front());
    ready_.pop_front();
    return ready;
  }

  unsigned pick_processor(int requested) {
    if (requested >= 0) return unsigned(requested) % config_.processors;
    if (config_.strategy == Strategy::Fifo) return unsigned(steps_ % config_.processors);
    return unsigned(choice_.below(config_.processors));
  }

  void run_one() {
    Ready ready = take_next();
    const unsigned processor = pick_processor(ready.options.processor);
    ++steps_;
    // The task is off the runnable set before it runs, so a task that waits (and runs others
    // from inside its wait) is never picked again while it is on the stack.
    ExecutionScope execution(ready.options.irql, processor);
    RuntimeScope runtime(config_.runtime);
    ready.task();
  }

  SchedulerConfig config_;
  Prng choice_;  // scheduling decisions
  Prng user_;    // random(): its draws never shift the schedule
  uint64_t now_ = 0;
  TaskId next_id_ = 1;
  uint64_t steps_ = 0;  // tasks dispatched so far
  // Pct: highest key runs first; among equal priorities the older task (~id is larger).
  struct PctKey {
    uint64_t priority;
    uint64_t inverted_id;
    friend auto operator<=>(const PctKey&, const PctKey&) = default;
  };
  std::deque<Ready> ready_;              // Fifo, Random: in post order (Random: swap-removed)
  std::map<PctKey, Ready> pct_ready_;    // Pct
  std::map<std::pair<uint64_t, TaskId>, Timer> timers_;  // (due, id): due order, then post order
  std::unordered_map<TaskId, uint64_t> timer_due_;       // for cancel (lookups only, never iterated)
  std::vector<uint64_t> change_points_;                  // Pct: steps at which to demote
  size_t next_change_ = 0;
  bool stopped_ = false;
};

}  // namespace

std::unique_ptr<Scheduler> make_deterministic_scheduler(const SchedulerConfig& config) {
  return std::make_unique<DeterministicScheduler>(config);
}

}  // namespace condis::exec
