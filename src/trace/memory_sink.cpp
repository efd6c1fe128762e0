// In-memory sink for tests: every event kept, readable while others write.
#include "condis/trace_sinks.hpp"

namespace condis {

void MemoryTraceSink::write(const TraceEvent& event) {
  std::lock_guard lock(mutex_);
  events_.push_back(event);
}

std::vector<TraceEvent> MemoryTraceSink::events() const {
  std::lock_guard lock(mutex_);
  return events_;
}

size_t MemoryTraceSink::size() const {
  std::lock_guard lock(mutex_);
  return events_.size();
}

void MemoryTraceSink::clear() {
  std::lock_guard lock(mutex_);
  events_.clear();
}

size_t MemoryTraceSink::count(TraceKind kind, std::string_view name) const {
  std::lock_guard lock(mutex_);
  size_t n = 0;
  for (auto& e : events_)
    if (e.kind == kind && (name.empty() || e.name == name)) ++n;
  return n;
}

std::string MemoryTraceSink::to_jsonl() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (auto& e : events_) {
    out += to_json_line(e);
    out += '\n';
  }
  return out;
}

std::shared_ptr<MemoryTraceSink> make_memory_sink() { return std::make_shared<MemoryTraceSink>(); }

}  // namespace condis
