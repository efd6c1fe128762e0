// Time and processor queries (driver-model.md 2.8.10).
#include <algorithm>
#include <thread>

#include "condis/ndis/services.h"
#include "runtime/runtime_core.hpp"
#include "services/checks.hpp"
#include "services/services_state.hpp"

using namespace condis;

namespace {
unsigned processor_count(RuntimeCore* rt) {
  if (rt) return std::max(1u, rt->scheduler().processors());
  return std::clamp(std::thread::hardware_concurrency(), 1u, 64u);
}
uint64_t uptime_ms() {
  RuntimeCore* rt = RuntimeCore::current();
  return rt ? rt->scheduler().now_ns() / 1'000'000 : 0;
}
}  // namespace

extern "C" {

VOID NdisGetCurrentSystemTime(PLARGE_INTEGER pSystemTime) {
  RuntimeCore* rt = RuntimeCore::current();
  if (rt) {
    pSystemTime->QuadPart = rt->services().system_time_100ns();
    return;
  }
  const auto since_unix = std::chrono::system_clock::now().time_since_epoch();
  pSystemTime->QuadPart =
      std::chrono::duration_cast<std::chrono::nanoseconds>(since_unix).count() / 100 + 116444736000000000LL;
}

VOID NdisGetSystemUpTime(PULONG pSystemUpTime) { *pSystemUpTime = ULONG(uptime_ms()); }

VOID NdisGetSystemUpTimeEx(PLARGE_INTEGER pSystemUpTime) { pSystemUpTime->QuadPart = LONGLONG(uptime_ms()); }

CCHAR NdisSystemProcessorCount(VOID) {
  RuntimeCore* rt = RuntimeCore::current();
  services::require_passive(rt, "NdisSystemProcessorCount");
  return CCHAR(std::min(processor_count(rt), 64u));
}

ULONG NdisGroupMaxProcessorCount(USHORT Group) {
  return Group == 0 || Group == ALL_PROCESSOR_GROUPS ? processor_count(RuntimeCore::current()) : 0;
}

ULONG NdisGroupActiveProcessorCount(USHORT Group) { return NdisGroupMaxProcessorCount(Group); }

ULONG NdisCurrentProcessorIndex(VOID) {
  services::require_dispatch(RuntimeCore::current(), "NdisCurrentProcessorIndex", true);
  return exec::current_processor();
}

ULONG KeGetCurrentProcessorNumber(VOID) {
  services::require_dispatch(RuntimeCore::current(), "KeGetCurrentProcessorNumber", true);
  return exec::current_processor();
}

ULONG NdisGetCurrentProcessorNumber(VOID) { return exec::current_processor(); }

}  // extern "C"
