// Trace of a driver's call into an Ndis* entry point: a Call event (driver -> ndis, with the
// handles and input statuses it passed) when the entry point is entered, a Return event
// (ndis -> driver) when it leaves. With no trace sink attached it costs one enabled() check.
//
//   RuntimeCore& rt = *rtp;
//   ApiTrace trace(rt, fn, {{"NdisVcHandle", NdisVcHandle}});   // one line, after the runtime is found
//   ...
//   return trace.returns(status);                               // every return of an NDIS_STATUS function
//
// An entry point that returns an NDIS_STATUS returns through trace.returns(...) on every path
// after the trace is built, so its Return event always carries "status"
// (tests/unit/api_trace_returns_test.cpp checks the sources for a plain `return X;`).
//
// The caller is the driver whose handler the thread is running (current_upcall_driver()), or
// "host" outside driver code. Handles print with format_handle ("Vc#3"), stable across runs.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <utility>

#include <ndis.h>

#include "runtime/runtime_core.hpp"
#include "runtime/upcall.hpp"
#include "trace/tracer.hpp"
#include "verify/verifier.hpp"

namespace condis::api {

class ApiTrace {
 public:
  // A named handle argument ("NdisVcHandle", NdisVcHandle).
  using Handle = std::pair<const char*, const void*>;
  // An NDIS_STATUS argument ("Status", Status) of a completion function.
  struct StatusArg {
    const char* name;
    int status;
  };

  // Every Ndis* call builds one of these: without a sink it is one null pointer and one
  // enabled() check; the tracing work lives in cold, out-of-line functions.
  ApiTrace(RuntimeCore& rt, const char* function, std::initializer_list<Handle> handles = {}) {
    if (rt.tracer().enabled()) [[unlikely]]
      begin(rt, function, nullptr, handles);
  }
  ApiTrace(RuntimeCore& rt, const char* function, StatusArg status, std::initializer_list<Handle> handles = {}) {
    if (rt.tracer().enabled()) [[unlikely]]
      begin(rt, function, &status, handles);
  }
  ~ApiTrace() {
    if (state_) [[unlikely]]
      end();
  }
  ApiTrace(const ApiTrace&) = delete;
  ApiTrace& operator=(const ApiTrace&) = delete;

  // An out-parameter handle (the VC NdisCoCreateVc creates): the Return event shows its value.
  void out(const char* name, const NDIS_HANDLE* handle) {
    if (state_) state_->out = {name, handle};
  }

  // Records the status the entry point returns (the Return event shows it); returns it. Without
  // a sink: a test of the pointer the destructor tests right after, which the compiler merges.
  NDIS_STATUS returns(NDIS_STATUS status) {
    if (state_) [[unlikely]]
      state_->returned = status;
    return status;
  }

 private:
  static constexpr int64_t kNoStatus = INT64_MIN;  // outside NDIS_STATUS: returns() never ran

  struct State {
    RuntimeCore* rt;
    const char* function;
    std::string caller;
    int64_t returned = kNoStatus;  // the status returns() was given
    std::pair<const char*, const NDIS_HANDLE*> out{nullptr, nullptr};
  };

  [[gnu::cold, gnu::noinline]] void begin(RuntimeCore& rt, const char* function, const StatusArg* status,
                                          std::initializer_list<Handle> handles) {
    state_ = std::make_unique<State>();
    state_->rt = &rt;
    state_->function = function;
    const std::string_view driver = current_upcall_driver();
    state_->caller = driver.empty() ? "host" : std::string(driver);
    TraceEvent e;
    e.kind = TraceKind::Call;
    e.name = function;
    e.from = state_->caller;
    e.to = "ndis";
    for (const Handle& h : handles) e.fields.emplace_back(h.first, format_handle(h.second));
    if (status) e.fields.emplace_back(status->name, status_name(status->status));
    rt.tracer().emit(std::move(e));
  }

  [[gnu::cold, gnu::noinline]] void end() {
    TraceEvent e;
    e.kind = TraceKind::Return;
    e.name = state_->function;
    e.from = "ndis";
    e.to = state_->caller;
    if (state_->out.second) e.fields.emplace_back(state_->out.first, format_handle(*state_->out.second));
    if (state_->returned != kNoStatus) e.fields.emplace_back("status", status_name(NDIS_STATUS(state_->returned)));
    state_->rt->tracer().emit(std::move(e));
  }

  std::unique_ptr<State> state_;  // null when not tracing
};

}  // namespace condis::api
