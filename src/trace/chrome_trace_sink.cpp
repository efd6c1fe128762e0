// Chrome trace-event JSON sink (the "JSON Object Format" chrome://tracing and Perfetto read).
// Each simulated processor is a thread track of one process; a call or callback is a B/E slice
// on the track of the processor it ran on, so nesting (a callback inside an Ndis* call) shows as
// stacked slices. Timestamps are microseconds with nanosecond decimals.
#include <mutex>
#include <set>
#include <string>

#include "condis/trace_sinks.hpp"
#include "trace/sink_output.hpp"

namespace condis {
namespace {

constexpr int kPid = 1;

std::string microseconds(uint64_t ns) {
  std::string frac = std::to_string(ns % 1000);
  return std::to_string(ns / 1000) + "." + std::string(3 - frac.size(), '0') + frac;
}

void append_string(std::string& out, std::string_view s) {
  out += '"';
  out += json_escape(s);
  out += '"';
}

class ChromeTraceSink final : public TraceSink {
 public:
  explicit ChromeTraceSink(trace_detail::SinkOutput output) : output_(std::move(output)) {
    std::string head = "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n";
    head += "{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":1,\"tid\":0,\"args\":{\"name\":\"condis\"}}";
    output_.stream() << head;
  }

  ~ChromeTraceSink() override {
    output_.stream() << "\n]}\n";
    output_.stream().flush();
  }

  void write(const TraceEvent& event) override {
    std::lock_guard lock(mutex_);
    std::string out;
    if (tracks_.insert(event.processor).second) {
      const std::string tid = std::to_string(event.processor);
      out += ",\n{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":" + tid +
             ",\"args\":{\"name\":\"processor " + tid + "\"}}";
      out += ",\n{\"name\":\"thread_sort_index\",\"ph\":\"M\",\"pid\":1,\"tid\":" + tid +
             ",\"args\":{\"sort_index\":" + tid + "}}";
    }
    const char* phase = "i";
    switch (event.kind) {
      case TraceKind::Call:
      case TraceKind::Callback: phase = "B"; break;
      case TraceKind::Return:
      case TraceKind::CallbackReturn: phase = "E"; break;
      case TraceKind::Event:
      case TraceKind::Finding: phase = "i"; break;
    }
    out += ",\n{\"name\":";
    append_string(out, event.name);
    out += ",\"cat\":\"";
    out += trace_kind_name(event.kind);
    out += "\",\"ph\":\"";
    out += phase;
    out += "\",\"ts\":";
    out += microseconds(event.time_ns);
    out += ",\"pid\":" + std::to_string(kPid) + ",\"tid\":" + std::to_string(event.processor);
    if (phase[0] == 'i') out += ",\"s\":\"t\"";
    out += ",\"args\":{\"seq\":" + std::to_string(event.sequence) + ",\"irql\":" + std::to_string(event.irql);
    if (!event.from.empty()) {
      out += ",\"from\":";
      append_string(out, event.from);
    }
    if (!event.to.empty()) {
      out += ",\"to\":";
      append_string(out, event.to);
    }
    for (auto& [key, value] : event.fields) {
      out += ',';
      append_string(out, key);
      out += ':';
      append_string(out, value);
    }
    out += "}}";
    output_.stream() << out;
  }

  void flush() override {
    std::lock_guard lock(mutex_);
    output_.stream().flush();
  }

 private:
  std::mutex mutex_;
  trace_detail::SinkOutput output_;
  std::set<int> tracks_;  // processors whose track is named already
};

}  // namespace

std::shared_ptr<TraceSink> make_chrome_trace_sink(std::ostream& out) {
  return std::make_shared<ChromeTraceSink>(trace_detail::SinkOutput(out));
}

std::shared_ptr<TraceSink> make_chrome_trace_sink(const std::filesystem::path& path) {
  auto file = trace_detail::SinkOutput::open(path);
  if (!file) return nullptr;
  return std::make_shared<ChromeTraceSink>(trace_detail::SinkOutput(std::move(file)));
}

}  // namespace condis
