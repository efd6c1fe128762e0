// Trace sinks: where condis trace events go.
//
//   condis::Config config;
//   config.trace_sinks.push_back(condis::make_jsonl_sink("run.jsonl"));          // diffable
//   config.trace_sinks.push_back(condis::make_chrome_trace_sink("run.json"));    // Perfetto
//   config.trace_sinks.push_back(condis::make_mermaid_sink(std::cout));          // a diagram
//   auto memory = condis::make_memory_sink();                                    // for tests
//
// Sinks that write to a std::ostream& keep a reference: the stream must outlive the sink.
// Factories taking a path return nullptr when the file cannot be created (Tracer ignores a null
// sink). Every sink may be written from several threads.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "condis/trace.hpp"

namespace condis {

// "Call", "Return", "Callback", "CallbackReturn", "Event", "Finding".
const char* trace_kind_name(TraceKind kind);

// s as the body of a JSON string (without the quotes). Bytes that are not valid UTF-8 are
// written as \u00XX (read as Latin-1), so the output is always valid JSON.
std::string json_escape(std::string_view s);

// One event as one JSON object on one line (no newline), keys always present and in this order:
// {"seq":1,"time_ns":0,"processor":0,"irql":0,"kind":"Call","name":"...","from":"...","to":"...",
//  "fields":{"key":"value",...}}
// A key repeated in fields gets a suffix ("VcHandle", "VcHandle#2") so that no value is lost.
std::string to_json_line(const TraceEvent& event);

// JSON Lines: to_json_line per event. Two runs with the same seed give byte-identical files.
std::shared_ptr<TraceSink> make_jsonl_sink(std::ostream& out);
std::shared_ptr<TraceSink> make_jsonl_sink(const std::filesystem::path& path);

// Chrome trace-event JSON (chrome://tracing, https://ui.perfetto.dev). One track per simulated
// processor; Call/Return and Callback/CallbackReturn are B/E slices on it, everything else is an
// instant event. The closing "]}" is written when the sink is destroyed, so the document is
// complete once the runtime (or whoever holds the sink last) lets go of it.
std::shared_ptr<TraceSink> make_chrome_trace_sink(std::ostream& out);
std::shared_ptr<TraceSink> make_chrome_trace_sink(const std::filesystem::path& path);

// Mermaid sequence diagram: drivers, "ndis" and "host" as participants, calls and callbacks as
// arrows labelled with the function and its handles, returns as dashed arrows with the status,
// events and findings as notes.
std::shared_ptr<TraceSink> make_mermaid_sink(std::ostream& out);
std::shared_ptr<TraceSink> make_mermaid_sink(const std::filesystem::path& path);

// Keeps every event in memory, for tests.
class MemoryTraceSink final : public TraceSink {
 public:
  void write(const TraceEvent& event) override;

  std::vector<TraceEvent> events() const;  // a copy, safe while others write
  size_t size() const;
  void clear();
  // Events of a kind (and with a name, if not empty).
  size_t count(TraceKind kind, std::string_view name = {}) const;
  // All events as JSON Lines (to_json_line, '\n' after each).
  std::string to_jsonl() const;

 private:
  mutable std::mutex mutex_;
  std::vector<TraceEvent> events_;
};

std::shared_ptr<MemoryTraceSink> make_memory_sink();

}  // namespace condis
