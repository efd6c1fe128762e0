// condis verifier results as the host sees them: findings and the leak report.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace condis {

enum class Severity : uint8_t {
  Error,    // a violation of the contract (a bug check on Windows, or undefined behaviour)
  Warning,  // legal but suspicious, or a documentation-level "should"
  Leak,     // something left behind at close, halt, unload or shutdown
};

const char* severity_name(Severity severity);

enum class VerifierMode : uint8_t {
  Report,  // record the finding and continue (the call fails cleanly)
  Abort,   // print the finding and abort the process, like a bug check
  Count,   // only count findings per rule; keep no details
};

// One rule of the spec's catalogue (../shared/spec, section 4 of each chapter).
struct RuleInfo {
  const char* id;       // "CM-001"
  Severity severity;
  const char* summary;  // one line
  const char* section;  // "call-management.md 4.A"
};

// What the verifier found: which rule, where, on which objects, and what to do instead.
struct Finding {
  std::string rule;      // spec rule id, e.g. "CM-054"
  Severity severity = Severity::Error;
  std::string function;  // the Ndis* function (or callback) being checked
  std::vector<std::pair<std::string, std::string>> handles;  // name -> value, e.g. {"NdisVcHandle", "Vc#3"}
  std::vector<std::pair<std::string, std::string>> states;   // object -> state, e.g. {"call", "MAKING"}
  std::string message;   // what happened
  std::string expected;  // what the contract requires
  std::string remedy;    // what the driver should do instead
  uint64_t sequence = 0; // order of the finding within its runtime
  uint64_t time_ns = 0;  // scheduler time when found

  std::string to_string() const;  // a multi-line report a driver author reads
};

// One thing left behind.
struct Leak {
  std::string rule;    // the rule that makes it a leak (e.g. "CM-003", "SVC-0xx")
  std::string kind;    // "pending make-call", "VC", "memory", "NBL", "timer", ...
  std::string owner;   // the driver (and object) that owns it
  std::string detail;  // handles, tags, sizes
};

struct LeakReport {
  std::vector<Leak> leaks;
  bool empty() const { return leaks.empty(); }
  std::string to_string() const;
};

}  // namespace condis
