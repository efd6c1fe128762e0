// The driver model's lock: recursive for the thread that holds it, and released in full around
// every call into a driver and every wait, so that no condis lock is held while driver code runs
// (a driver may call back into any Ndis* function, from any processor).
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

namespace condis::core {

class ModelLock {
 public:
  void lock() {
    std::unique_lock guard(m_);
    const auto me = std::this_thread::get_id();
    if (depth_ && owner_ == me) {
      ++depth_;
      return;
    }
    free_.wait(guard, [&] { return depth_ == 0; });
    owner_ = me;
    depth_ = 1;
  }
  bool try_lock() {
    std::lock_guard guard(m_);
    const auto me = std::this_thread::get_id();
    if (depth_ && owner_ != me) return false;
    owner_ = me;
    ++depth_;
    return true;
  }
  void unlock() {
    std::lock_guard guard(m_);
    if (depth_ && --depth_ == 0) {
      owner_ = {};
      free_.notify_one();
    }
  }
  // Drops every level this thread holds; returns how many, for reacquire().
  unsigned release_all() {
    std::lock_guard guard(m_);
    if (!depth_ || owner_ != std::this_thread::get_id()) return 0;
    const unsigned held = depth_;
    depth_ = 0;
    owner_ = {};
    free_.notify_one();
    return held;
  }
  void reacquire(unsigned held) {
    if (!held) return;
    std::unique_lock guard(m_);
    free_.wait(guard, [&] { return depth_ == 0; });
    owner_ = std::this_thread::get_id();
    depth_ = held;
  }

 private:
  std::mutex m_;
  std::condition_variable free_;
  std::thread::id owner_{};
  unsigned depth_ = 0;
};

// Releases the model lock (if this thread holds it) for the scope's duration.
class Unlocked {
 public:
  explicit Unlocked(ModelLock& lock) : lock_(lock), held_(lock.release_all()) {}
  ~Unlocked() { lock_.reacquire(held_); }
  Unlocked(const Unlocked&) = delete;
  Unlocked& operator=(const Unlocked&) = delete;

 private:
  ModelLock& lock_;
  unsigned held_;
};

}  // namespace condis::core
