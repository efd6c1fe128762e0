// What upcall() reports when a driver handler returns: SVC-018 (a spin or RW lock acquired in the
// handler is still held) and SVC-012 (the IRQL differs from the one it was called at). After the
// finding condis puts the thread back as it was at the call - it releases the locks the handler
// left held and restores the IRQL - so one driver bug does not deadlock the next task or leave a
// scheduler thread at DISPATCH_LEVEL.
#include "runtime/upcall.hpp"
#include "services/checks.hpp"
#include "services/held_locks.hpp"

namespace condis {

void report_irql_changed_by_handler(RuntimeCore& rt, std::string_view handler, exec::Irql before, exec::Irql after) {
  if (Verifier* v = services::checking(&rt))
    v->finding("SVC-012", handler)
        .value("IRQL at call", services::irql_name(before))
        .value("IRQL at return", services::irql_name(after))
        .message("the handler returned at " + services::irql_name(after) + ", called at " +
                 services::irql_name(before))
        .expected("a handler returns at the IRQL it was called at")
        .remedy(after > before ? "undo every KeRaiseIrql / NDIS_RAISE_IRQL_TO_DISPATCH before returning"
                               : "do not lower the IRQL below the level the handler was called at");
  exec::set_current_irql(before);
}

void report_locks_held_by_handler(RuntimeCore& rt, std::string_view handler, size_t held_before, exec::Irql before) {
  auto& stack = services::held_locks();
  if (stack.size() < held_before) {
    // The handler released locks its caller holds: a release-not-held in the caller's eyes.
    if (Verifier* v = services::checking(&rt))
      v->finding("SVC-017", handler)
          .message("the handler released " + std::to_string(held_before - stack.size()) +
                   " lock(s) that were acquired before it was called")
          .expected("a handler releases only the locks it acquired")
          .remedy("leave the caller's locks to the caller");
    exec::set_current_irql(before);
    return;
  }
  if (Verifier* v = services::checking(&rt)) {
    auto finding = v->finding("SVC-018", handler);
    for (size_t i = held_before; i < stack.size(); ++i) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%p", stack[i].lock);
      const services::LockKind kind = stack[i].kind;
      finding.value(kind == services::LockKind::Spin      ? "spin lock (NdisAcquireSpinLock)"
                    : kind == services::LockKind::SpinDpr ? "spin lock (NdisDprAcquireSpinLock)"
                    : kind == services::LockKind::RwRead  ? "RW lock (read)"
                                                          : "RW lock (write)",
                    buf);
    }
    finding.message(std::to_string(stack.size() - held_before) +
                    " lock(s) acquired in the handler were still held when it returned; condis released them")
        .expected("no spin lock or RW lock is held when a driver callback returns")
        .remedy("release every lock on every return path of the handler");
  }
  services::release_held_since(held_before);
  exec::set_current_irql(before);
}

}  // namespace condis
