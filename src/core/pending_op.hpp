// The completion convention (call-management.md 0.3) for one kind of operation on one object.
//
// A request sets InHandler before calling the peer's handler. A completion is accepted while the
// handler runs (another processor may complete before the PENDING return is seen) or after it
// returned PENDING; anything else completes an operation that did not pend (CM-002).
#pragma once

#include <cstdint>

namespace condis::core {

enum class PendingOp : uint8_t {
  Idle,            // nothing outstanding
  InHandler,       // the handler is running
  Pended,          // the handler returned NDIS_STATUS_PENDING; exactly one completion is owed
  CompletedEarly,  // completed while the handler still ran
};

// After the handler returned `pending` (true for NDIS_STATUS_PENDING). Returns true when the
// caller applies the synchronous result itself; *early_without_pend is set when a completion
// arrived for a handler that then did not return PENDING (a CM-002 violation).
inline bool finish_handler(PendingOp& op, bool pending, bool* early_without_pend) {
  *early_without_pend = false;
  if (op == PendingOp::CompletedEarly) {
    op = PendingOp::Idle;
    *early_without_pend = !pending;
    return false;
  }
  if (pending) {
    op = PendingOp::Pended;
    return false;
  }
  op = PendingOp::Idle;
  return true;
}

// A completion arrived. Returns false when nothing was outstanding (CM-002).
inline bool accept_completion(PendingOp& op) {
  if (op == PendingOp::Pended) {
    op = PendingOp::Idle;
    return true;
  }
  if (op == PendingOp::InHandler) {
    op = PendingOp::CompletedEarly;
    return true;
  }
  return false;
}

// How a completion was taken: after the PENDING return (the completion side finishes the
// operation, freeing what it ends), or while the handler still ran (the request side finishes it
// once the handler returns: it still holds the object, so nothing may be freed under it).
enum class Acceptance : uint8_t { Rejected, AfterPend, Early };

inline Acceptance accept_completion_ex(PendingOp& op) {
  if (op == PendingOp::Pended) {
    op = PendingOp::Idle;
    return Acceptance::AfterPend;
  }
  if (op == PendingOp::InHandler) {
    op = PendingOp::CompletedEarly;
    return Acceptance::Early;
  }
  return Acceptance::Rejected;
}

inline bool outstanding(PendingOp op) { return op == PendingOp::InHandler || op == PendingOp::Pended; }

}  // namespace condis::core
