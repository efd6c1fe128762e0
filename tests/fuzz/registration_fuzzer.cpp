// libFuzzer entry point of the registration target (built with CONDIS_FUZZ=ON, see docs/fuzzing.md):
// the drivers register mutated structures (headers, NULL handlers), then a call-model sequence runs.
#include <cstdio>
#include <cstdlib>

#include "fuzz/call_model_fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const condis::fuzz::RunResult result = condis::fuzz::run_registration_input(data, size);
  if (!result.problems.empty()) {
    for (const auto& p : result.problems) std::fprintf(stderr, "registration invariant broken: %s\n", p.c_str());
    std::abort();
  }
  return 0;
}
