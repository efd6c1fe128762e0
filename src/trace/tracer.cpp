#include "trace/tracer.hpp"

#include "exec/irql.hpp"

namespace condis {

void Tracer::add_sink(std::shared_ptr<TraceSink> sink) {
  if (!sink) return;  // a file sink whose file could not be created
  std::lock_guard lock(mutex_);
  sinks_.push_back(std::move(sink));
  enabled_.store(true, std::memory_order_relaxed);
}

void Tracer::emit(TraceEvent event) {
  event.processor = int(exec::current_processor());
  event.irql = exec::current_irql();
  std::lock_guard lock(mutex_);
  if (clock_) event.time_ns = clock_();
  event.sequence = ++sequence_;
  for (auto& sink : sinks_) sink->write(event);
}

void Tracer::finding(const Finding& finding) {
  TraceEvent event;
  event.kind = TraceKind::Finding;
  event.name = finding.rule;
  event.fields.emplace_back("function", finding.function);
  for (auto& h : finding.handles) event.fields.push_back(h);
  if (!finding.message.empty()) event.fields.emplace_back("message", finding.message);
  emit(std::move(event));
}

void Tracer::flush() {
  std::lock_guard lock(mutex_);
  for (auto& sink : sinks_) sink->flush();
}

}  // namespace condis
