// NdisMSleep (below DISPATCH_LEVEL) and NdisStallExecution (any IRQL), driver-model.md 2.8.8.
// NdisMSleep waits through the Scheduler: virtual time under the deterministic one (other tasks
// run meanwhile), real time under the threaded one.
#include <chrono>
#include <thread>

#include "condis/ndis/services.h"
#include "runtime/runtime_core.hpp"
#include "services/checks.hpp"

using namespace condis;

namespace {
constexpr ULONG kMaxSleepUs = 30'000'000;
constexpr UINT kMaxStallUs = 50;

void report_long_delay(RuntimeCore* rt, const char* function, uint64_t us, uint64_t limit, const char* remedy) {
  if (Verifier* v = services::checking(rt))
    v->finding("SVC-005", function)
        .severity(Severity::Warning)
        .value("microseconds", std::to_string(us))
        .message("the delay exceeds " + std::to_string(limit) + " microseconds")
        .expected(std::string(function) + " is called with at most " + std::to_string(limit) + " microseconds")
        .remedy(remedy);
}
}  // namespace

extern "C" {

VOID NdisMSleep(ULONG MicrosecondsToSleep) {
  RuntimeCore* rt = RuntimeCore::current();
  if (!services::require_below_dispatch(rt, "NdisMSleep") && rt && rt->verifier().enabled()) return;
  if (MicrosecondsToSleep > kMaxSleepUs)
    report_long_delay(rt, "NdisMSleep", MicrosecondsToSleep, kMaxSleepUs, "sleep in a loop of shorter intervals, or "
                                                                          "wait on an event with a timeout");
  const uint64_t ns = uint64_t(MicrosecondsToSleep) * 1000;
  if (rt)
    rt->scheduler().wait_until([] { return false; }, ns);
  else
    std::this_thread::sleep_for(std::chrono::nanoseconds(ns));
}

VOID NdisStallExecution(UINT MicrosecondsToStall) {
  RuntimeCore* rt = RuntimeCore::current();
  if (MicrosecondsToStall > kMaxStallUs)
    report_long_delay(rt, "NdisStallExecution", MicrosecondsToStall, kMaxStallUs,
                      "use NdisMSleep below DISPATCH_LEVEL, or a timer");
  // A busy wait in real time: under the deterministic scheduler it consumes no virtual time,
  // as a stall on real hardware lets no other work of the processor run either.
  const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(MicrosecondsToStall);
  while (std::chrono::steady_clock::now() < until) {
  }
}

}  // extern "C"
