// TEMPORARY home of the handler-IRQL check; the services layer owns IRQL rules.
#include "runtime/upcall.hpp"

namespace condis {

void report_irql_changed_by_handler(RuntimeCore& rt, std::string_view handler, exec::Irql before, exec::Irql after) {
  rt.verifier()
      .finding("SVC-012", handler)
      .message("the handler returned at IRQL " + std::to_string(after) + ", called at " + std::to_string(before))
      .expected("a handler returns at the IRQL it was called at")
      .remedy("release every spin lock the handler acquired before returning");
}

}  // namespace condis
