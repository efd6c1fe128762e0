// Shared check helpers of the library services: the verifier to report to (if any) and the
// IRQL checks of driver-model.md 4.E. Other areas may use them for their own entry checks.
#pragma once

#include <initializer_list>
#include <string>
#include <utility>
#include <string_view>

#include "exec/irql.hpp"
#include "runtime/runtime_core.hpp"

namespace condis::services {

// The verifier of rt when rule checks are on, else nullptr (no runtime, or verifier disabled).
inline Verifier* checking(RuntimeCore* rt) {
  return rt && rt->verifier().enabled() ? &rt->verifier() : nullptr;
}

std::string irql_name(exec::Irql irql);

// Each returns true when the rule holds (or is not checked); otherwise reports and returns false.
// SVC-001: == PASSIVE_LEVEL.
bool require_passive(RuntimeCore* rt, std::string_view function);
// SVC-002: < DISPATCH_LEVEL.
bool require_below_dispatch(RuntimeCore* rt, std::string_view function);
// SVC-003: <= DISPATCH_LEVEL.
bool require_at_most_dispatch(RuntimeCore* rt, std::string_view function);
// SVC-004: == DISPATCH_LEVEL (>= for the processor queries, which pass warning = true).
bool require_dispatch(RuntimeCore* rt, std::string_view function, bool warning = false);

// Emits a library-service trace event (name plus key/value fields) when tracing is on. Only the
// calls that change an object's life (allocate, free, queue, set, cancel) are traced; the hot
// paths (spin locks, lookaside allocate/free, interlocked) are not.
void trace_service(RuntimeCore& rt, const char* name,
                   std::initializer_list<std::pair<const char*, std::string>> fields);

// SVC-033: the runtime of a live driver, adapter or binding handle (the owners library objects are
// charged to), or nullptr after reporting the handle.
RuntimeCore* resolve_owner(const void* handle, std::string_view function);

}  // namespace condis::services
