// The tracer: fills in sequence, time, processor and IRQL and hands events to the sinks.
// With no sink attached, enabled() is false and check sites skip building events entirely.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "condis/trace.hpp"
#include "condis/verify.hpp"

namespace condis {

class Tracer {
 public:
  bool enabled() const { return enabled_.load(std::memory_order_relaxed); }
  void add_sink(std::shared_ptr<TraceSink> sink);
  void set_clock(std::function<uint64_t()> clock) { clock_ = std::move(clock); }

  void emit(TraceEvent event);
  void finding(const Finding& finding);
  void flush();

 private:
  std::atomic<bool> enabled_{false};
  std::function<uint64_t()> clock_;
  std::mutex mutex_;
  uint64_t sequence_ = 0;
  std::vector<std::shared_ptr<TraceSink>> sinks_;
};

}  // namespace condis
