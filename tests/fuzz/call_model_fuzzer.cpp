// libFuzzer entry point of the call-model target (built with CONDIS_FUZZ=ON, see docs/fuzzing.md).
// ASan/UBSan catch memory and undefined-behaviour errors; the body's own invariants abort here.
#include <cstdio>
#include <cstdlib>

#include "fuzz/call_model_fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const condis::fuzz::RunResult result = condis::fuzz::run_call_model_input(data, size);
  if (!result.problems.empty()) {
    for (const auto& p : result.problems) std::fprintf(stderr, "call-model invariant broken: %s\n", p.c_str());
    std::abort();
  }
  return 0;
}
