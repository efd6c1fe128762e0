// Trace of a driver's call into an Ndis* entry point: a Call event (driver -> ndis, with the
// handles and input statuses it passed) when the entry point is entered, a Return event
// (ndis -> driver) when it leaves. With no trace sink attached it costs one enabled() check.
//
//   RuntimeCore& rt = *rtp;
//   ApiTrace trace(rt, fn, {{"NdisVcHandle", NdisVcHandle}});   // one line, after the runtime is found
//   ...
//   return trace.returns(status);                               // optional: the Return carries it
//
// The caller is the driver whose handler the thread is running (current_upcall_driver()), or
// "host" outside driver code. Handles print with format_handle ("Vc#3"), stable across runs.
#pragma once

#include <initializer_list>
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

  ApiTrace(RuntimeCore& rt, const char* function, std::initializer_list<Handle> handles = {})
      : ApiTrace(rt, function, nullptr, handles) {}
  ApiTrace(RuntimeCore& rt, const char* function, StatusArg status, std::initializer_list<Handle> handles = {})
      : ApiTrace(rt, function, &status, handles) {}

  ~ApiTrace() {
    if (!rt_) return;
    TraceEvent e;
    e.kind = TraceKind::Return;
    e.name = function_;
    e.from = "ndis";
    e.to = caller_;
    if (out_.second) e.fields.emplace_back(out_.first, format_handle(*out_.second));
    if (!status_.empty()) e.fields.emplace_back("status", std::move(status_));
    rt_->tracer().emit(std::move(e));
  }
  ApiTrace(const ApiTrace&) = delete;
  ApiTrace& operator=(const ApiTrace&) = delete;

  // An out-parameter handle (the VC NdisCoCreateVc creates): the Return event shows its value.
  void out(const char* name, const NDIS_HANDLE* handle) {
    if (rt_) out_ = {name, handle};
  }

  // Records the status the entry point returns (the Return event shows it); returns it.
  int returns(int status) {
    if (rt_) status_ = status_name(status);
    return status;
  }

 private:
  ApiTrace(RuntimeCore& rt, const char* function, const StatusArg* status, std::initializer_list<Handle> handles)
      : rt_(rt.tracer().enabled() ? &rt : nullptr), function_(function) {
    if (!rt_) return;
    const std::string_view driver = current_upcall_driver();
    caller_ = driver.empty() ? "host" : std::string(driver);
    TraceEvent e;
    e.kind = TraceKind::Call;
    e.name = function;
    e.from = caller_;
    e.to = "ndis";
    for (const Handle& h : handles) e.fields.emplace_back(h.first, format_handle(h.second));
    if (status) e.fields.emplace_back(status->name, status_name(status->status));
    rt_->tracer().emit(std::move(e));
  }

  RuntimeCore* rt_;  // null when not tracing
  const char* function_;
  std::string caller_;
  std::string status_;
  std::pair<const char*, const NDIS_HANDLE*> out_{nullptr, nullptr};
};

}  // namespace condis::api
