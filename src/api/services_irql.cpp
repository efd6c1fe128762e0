// KeGetCurrentIrql, KfRaiseIrql, KeLowerIrql (driver-model.md 2.7): the simulated per-thread IRQL.
// Callable from driver code at any IRQL.
#include "condis/ndis/services.h"
#include "runtime/runtime_core.hpp"
#include "services/checks.hpp"

using namespace condis;

namespace {
// A raise below, or a lower above, the current level (a bug check on Windows).
void report_bad_change(const char* function, KIRQL current, KIRQL requested) {
  if (Verifier* v = services::checking(RuntimeCore::current()))
    v->finding("SVC-012", function)
        .value("IRQL", services::irql_name(current))
        .value("requested", services::irql_name(requested))
        .message(std::string(function) + " would move the IRQL the wrong way; the call was ignored")
        .expected("KeRaiseIrql raises to a level >= the current one; KeLowerIrql lowers to a level <= it")
        .remedy("pair each raise with a lower to the level the raise returned");
}
}  // namespace

extern "C" {

KIRQL KeGetCurrentIrql(VOID) { return exec::current_irql(); }

KIRQL KfRaiseIrql(KIRQL NewIrql) {
  const KIRQL old = exec::current_irql();
  if (NewIrql < old) {
    report_bad_change("KeRaiseIrql", old, NewIrql);
    return old;
  }
  exec::set_current_irql(NewIrql);
  return old;
}

KIRQL KeRaiseIrqlToDpcLevel(VOID) { return KfRaiseIrql(DISPATCH_LEVEL); }

VOID KeLowerIrql(KIRQL NewIrql) {
  const KIRQL current = exec::current_irql();
  if (NewIrql > current) {
    report_bad_change("KeLowerIrql", current, NewIrql);
    return;
  }
  exec::set_current_irql(NewIrql);
}

}  // extern "C"
