// condis trace events: one structured event per routed call, callback, completion and library
// service, written to pluggable sinks (JSON Lines, Chrome trace-event JSON, Mermaid diagrams).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace condis {

enum class TraceKind : uint8_t {
  Call,        // a driver called an Ndis* function (begin)
  Return,      // that function returned (end), with its status
  Callback,    // condis called a driver handler (begin)
  CallbackReturn,  // the handler returned (end)
  Event,       // a state change, scheduler step or library service
  Finding,     // a verifier finding
};

struct TraceEvent {
  uint64_t sequence = 0;  // per runtime, from 1
  uint64_t time_ns = 0;   // scheduler time (virtual under the deterministic scheduler)
  int processor = 0;      // simulated processor
  int irql = 0;
  TraceKind kind = TraceKind::Event;
  std::string name;       // "NdisClMakeCall", "ProtocolCmMakeCall", "vc.state", ...
  std::string from;       // caller (driver name, "ndis", "host")
  std::string to;         // callee
  std::vector<std::pair<std::string, std::string>> fields;  // key -> value, in order
};

class TraceSink {
 public:
  virtual ~TraceSink() = default;
  virtual void write(const TraceEvent& event) = 0;
  virtual void flush() {}
};

}  // namespace condis
