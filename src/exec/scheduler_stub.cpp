// TEMPORARY: a minimal FIFO scheduler so the skeleton links; replaced by deterministic.cpp and
// threaded.cpp.
#include <deque>

#include "exec/scheduler.hpp"

namespace condis::exec {
namespace {
class StubScheduler final : public Scheduler {
 public:
  explicit StubScheduler(SchedulerConfig c) : c_(c) {}
  bool deterministic() const override { return true; }
  unsigned processors() const override { return c_.processors; }
  uint64_t now_ns() const override { return 0; }
  TaskId post(Task t, TaskOptions) override { q_.push_back(std::move(t)); return q_.size(); }
  TaskId post_at(uint64_t, Task t, TaskOptions o) override { return post(std::move(t), o); }
  bool cancel(TaskId) override { return false; }
  void run_until_idle(uint64_t) override {
    while (!q_.empty()) { auto t = std::move(q_.front()); q_.pop_front(); t(); }
  }
  void advance(uint64_t) override { run_until_idle(UINT64_MAX); }
  bool wait_until(const std::function<bool()>& p, uint64_t) override { run_until_idle(UINT64_MAX); return p(); }
  uint64_t random() override { return 4; }
  size_t pending() const override { return q_.size(); }
 private:
  SchedulerConfig c_;
  std::deque<Task> q_;
};
}  // namespace
std::unique_ptr<Scheduler> make_deterministic_scheduler(const SchedulerConfig& c) { return std::make_unique<StubScheduler>(c); }
std::unique_ptr<Scheduler> make_threaded_scheduler(const SchedulerConfig& c) { return std::make_unique<StubScheduler>(c); }
}  // namespace condis::exec
