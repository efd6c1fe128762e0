// JSON Lines sink: one event per line, fixed key order, so runs can be compared byte for byte.
#include <mutex>

#include "condis/trace_sinks.hpp"
#include "trace/sink_output.hpp"

namespace condis {
namespace {

class JsonlSink final : public TraceSink {
 public:
  explicit JsonlSink(trace_detail::SinkOutput output) : output_(std::move(output)) {}
  ~JsonlSink() override { output_.stream().flush(); }

  void write(const TraceEvent& event) override {
    std::string line = to_json_line(event);
    line += '\n';
    std::lock_guard lock(mutex_);
    output_.stream().write(line.data(), std::streamsize(line.size()));
  }

  void flush() override {
    std::lock_guard lock(mutex_);
    output_.stream().flush();
  }

 private:
  std::mutex mutex_;
  trace_detail::SinkOutput output_;
};

}  // namespace

std::shared_ptr<TraceSink> make_jsonl_sink(std::ostream& out) {
  return std::make_shared<JsonlSink>(trace_detail::SinkOutput(out));
}

std::shared_ptr<TraceSink> make_jsonl_sink(const std::filesystem::path& path) {
  auto file = trace_detail::SinkOutput::open(path);
  if (!file) return nullptr;
  return std::make_shared<JsonlSink>(trace_detail::SinkOutput(std::move(file)));
}

}  // namespace condis
