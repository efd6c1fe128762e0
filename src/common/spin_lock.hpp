// A four-byte spin lock for per-object state and short critical sections: objects are many and
// their critical sections a few loads and stores, so a mutex (40 bytes) per VC would cost more
// than the state it guards, and an uncontended pair is one atomic exchange and one store.
// It fills a whole aligned word so that the compiler, which may read neighbouring one-byte state
// fields with one wider load, never reads the lock word non-atomically (ThreadSanitizer reports
// such a load as a race with a spinning lock()). Never held across an upcall.
#pragma once

#include <atomic>
#include <cstdint>
#include <thread>

namespace condis {

class SpinLock {
 public:
  void lock() {
    while (flag_.exchange(1, std::memory_order_acquire)) {
      while (flag_.load(std::memory_order_relaxed)) std::this_thread::yield();
    }
  }
  void unlock() { flag_.store(0, std::memory_order_release); }

 private:
  std::atomic<uint32_t> flag_{0};
};

}  // namespace condis
