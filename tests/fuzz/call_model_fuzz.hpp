// The call-model fuzz body: one input is decoded into a sequence of Ndis* calls, host actions and
// driver answers on ONE runtime (Deterministic scheduler, verifier on), whose handle arguments
// are live, stale, of the wrong type, NULL or forged as the input says. Then the runtime shuts
// down and the invariants every input must keep are checked. Shared by the libFuzzer target and
// the GoogleTest replay (tests/fuzz/README in docs/fuzzing.md explains the encoding).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace condis::fuzz {

struct RunResult {
  std::vector<std::string> problems;  // broken invariants; empty for a good run
  size_t operations = 0;              // operations decoded and run
  size_t findings = 0;                // verifier findings of the run
  size_t leaks = 0;                   // entries of the shutdown's leak report
};

RunResult run_call_model_input(const uint8_t* data, size_t size);
// The registration target: a prefix mutates the structures the drivers register (headers, NULL
// handlers), then the rest is a call-model input run against what did register.
RunResult run_registration_input(const uint8_t* data, size_t size);

}  // namespace condis::fuzz
