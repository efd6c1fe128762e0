// End-to-end support for the data path, requests and status under a stand-alone call manager
// (vc-data-requests.md section 3, CM form): dp_miniport (a plain CoNDIS miniport) with dp_cm (a
// stand-alone CM) and dp_client bound to it (tests/drivers/include/dp_cm_driver.h). Actions run
// on a simulated processor at PASSIVE_LEVEL; who called whom comes from the runtime's trace.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <climits>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "condis/host.hpp"
#include "condis/trace_sinks.hpp"
#include "drivers/include/dp_cm_driver.h"
#include "e2e/support/e2e_fixture.hpp"
#include "exec/scheduler.hpp"
#include "runtime/runtime_core.hpp"
#include "runtime/upcall.hpp"

namespace condis::e2e::cmdp {

// The calls and callbacks a sequence is about; everything else in the trace (services, the
// driver model) is left out of the comparisons.
inline const std::vector<std::string>& sequence_vocabulary() {
  static const std::vector<std::string> names = {
      "NdisCoSendNetBufferLists", "MiniportCoSendNetBufferLists", "NdisMCoSendNetBufferListsComplete",
      "ProtocolCoSendNetBufferListsComplete", "NdisMCoIndicateReceiveNetBufferLists",
      "ProtocolCoReceiveNetBufferLists", "NdisReturnNetBufferLists", "MiniportReturnNetBufferLists",
      "NdisCoOidRequest", "ProtocolCoOidRequest", "MiniportCoOidRequest", "NdisCoOidRequestComplete",
      "NdisMCoOidRequestComplete", "NdisMCmOidRequestComplete", "ProtocolCoOidRequestComplete",
      "NdisMCoIndicateStatusEx", "ProtocolCoStatusEx", "NdisCoCreateVc", "MiniportCoCreateVc", "ProtocolCoCreateVc",
      "NdisCoDeleteVc", "MiniportCoDeleteVc", "ProtocolCoDeleteVc", "NdisClMakeCall", "ProtocolCmMakeCall",
      "NdisCmActivateVc", "MiniportCoActivateVc", "NdisMCoActivateVcComplete", "ProtocolCmActivateVcComplete",
      "NdisClCloseCall", "ProtocolCmCloseCall", "NdisCmDeactivateVc", "MiniportCoDeactivateVc",
      "NdisMCoDeactivateVcComplete", "ProtocolCmDeactivateVcComplete", "NdisCmCloseCallComplete",
      "ProtocolClCloseCallComplete", "NdisCmDispatchIncomingCloseCall", "ProtocolClIncomingCloseCall"};
  return names;
}

// "driver:Function" for an Ndis* call a driver made or a callback it received; a callback has
// "=STATUS" when what it returned, or the Status argument of a completion handler, is not SUCCESS.
inline std::string ev(const std::string& driver, const std::string& fn, NDIS_STATUS status = NDIS_STATUS_SUCCESS) {
  return driver + ":" + fn + (status == NDIS_STATUS_SUCCESS ? "" : "=" + status_name(status));
}

class CmDpScenario {
 public:
  explicit CmDpScenario(Config config) : trace_(make_memory_sink()) {
    config.trace_sinks.push_back(trace_);
    auto created = Runtime::create(config);
    if (!created) {
      ADD_FAILURE() << "Runtime::create failed: " << created.error().message;
      return;
    }
    rt_ = std::move(created.value());
    miniport_ = load("dp_miniport");
    cm_ = load("dp_cm");
    client_ = load("dp_client");
  }

  bool ok() const { return rt_ != nullptr && ok_; }
  Runtime& rt() { return *rt_; }

  void configure_miniport(const DP_MP_CONFIG& c) { symbol<DP_MP_CONFIGURE>(miniport_, "DpMiniportConfigure")(&c); }
  void configure_client(const DP_CLIENT_CONFIG& c) { symbol<DP_CLIENT_CONFIGURE>(client_, "DpClientConfigure")(&c); }
  void configure_request(DP_RQ_HANDLER target, const DP_RQ_BEHAVIOR& b) {
    const char* fn = target == DpRqClient      ? "DpClientRqConfigure"
                     : target == DpRqMiniport ? "DpMiniportRqConfigure"
                                               : "DpCmRqConfigure";
    const DriverId id = target == DpRqClient ? client_ : target == DpRqMiniport ? miniport_ : cm_;
    symbol<DP_RQ_CONFIGURE>(id, fn)(target, &b);
  }

  // Adapter up, the CM bound (it registers the AF), the client bound (it opens the AF).
  void start() {
    auto adapter = rt_->create_adapter(miniport_);
    if (!adapter) {
      ADD_FAILURE() << "create_adapter failed: " << adapter.error().message;
      ok_ = false;
      return;
    }
    rt_->run_until_idle();
    for (DriverId protocol : {cm_, client_}) {
      auto b = rt_->bind(protocol, adapter.value());
      if (!b) {
        ADD_FAILURE() << "bind failed: " << b.error().message;
        ok_ = false;
        return;
      }
      rt_->run_until_idle();
    }
  }
  // start() and the client's call (created, made and active).
  bool start_with_call() {
    start();
    if (!ok()) return false;
    const NDIS_STATUS made = make_call();
    EXPECT_EQ(made, NDIS_STATUS_SUCCESS);
    return made == NDIS_STATUS_SUCCESS;
  }

  // Runs `action` of `driver` on a simulated processor at PASSIVE_LEVEL, then until idle. The
  // trace names the driver as the caller of what the action calls (as for a request from user
  // mode that reached the driver).
  NDIS_STATUS invoke(const char* driver, const std::function<NDIS_STATUS()>& action) {
    NDIS_STATUS status = INT_MIN;
    exec::TaskOptions options;
    options.irql = exec::kPassive;
    options.label = "cm dp action";
    rt_->core().scheduler().post(
        [&] {
          UpcallDriverScope scope(driver);
          status = action();
        },
        options);
    rt_->run_until_idle();
    return status;
  }

  // ---- dp_client ----
  NDIS_STATUS client(const char* action) {
    auto fn = symbol<DP_CLIENT_ACTION>(client_, action);
    return invoke("dp_client", [&] { return fn(); });
  }
  NDIS_STATUS make_call() { return client("DpClientMakeCall"); }
  NDIS_STATUS close_call() { return client("DpClientCloseCall"); }
  NDIS_STATUS delete_vc() { return client("DpClientDeleteVc"); }
  NDIS_STATUS close_af() { return client("DpClientCloseAf"); }
  NDIS_STATUS return_held() { return client("DpClientReturnHeld"); }
  NDIS_STATUS client_send(ULONG count) {
    auto fn = symbol<DP_CLIENT_SEND>(client_, "DpClientSend");
    return invoke("dp_client", [&] { return fn(count); });
  }
  NDIS_STATUS client_request(DP_RQ_ROUTE route, bool on_vc, NDIS_OID oid, ULONG length) {
    auto fn = symbol<DP_CLIENT_REQUEST>(client_, "DpClientRequest");
    return invoke("dp_client", [&] { return fn(route, on_vc, oid, length); });
  }
  DP_CONTEXTS client_contexts() { return contexts(client_, "DpClientContexts"); }
  DP_STATS client_stats() { return stats(client_, "DpClientStats"); }

  // ---- dp_cm ----
  NDIS_STATUS cm(const char* action) {
    auto fn = symbol<DP_CM_ACTION>(cm_, action);
    return invoke("dp_cm", [&] { return fn(); });
  }
  NDIS_STATUS open_signalling() { return cm("DpCmOpenSignalling"); }
  NDIS_STATUS close_signalling() { return cm("DpCmCloseSignalling"); }
  NDIS_STATUS release_call() { return cm("DpCmReleaseCall"); }
  NDIS_STATUS cm_send(ULONG count) {
    auto fn = symbol<DP_CM_SEND>(cm_, "DpCmSend");
    return invoke("dp_cm", [&] { return fn(count); });
  }
  NDIS_STATUS cm_request(bool on_vc, NDIS_OID oid, ULONG length) {
    auto fn = symbol<DP_CM_REQUEST>(cm_, "DpCmRequest");
    return invoke("dp_cm", [&] { return fn(on_vc, oid, length); });
  }
  DP_CONTEXTS cm_contexts() { return contexts(cm_, "DpCmContexts"); }
  DP_CONTEXTS signalling_contexts() { return contexts(cm_, "DpCmSignallingContexts"); }
  DP_STATS cm_stats() { return stats(cm_, "DpCmStats"); }

  // ---- dp_miniport ----
  NDIS_STATUS indicate(NDIS_HANDLE vc, ULONG count, ULONG delay_ms) {
    auto fn = symbol<DP_MP_INDICATE>(miniport_, "DpMiniportIndicate");
    return invoke("dp_miniport", [&] { return fn(vc, count, delay_ms); });
  }
  NDIS_STATUS complete_sends(NDIS_STATUS status, ULONG delay_ms) {
    auto fn = symbol<DP_MP_COMPLETE_SENDS>(miniport_, "DpMiniportCompleteSends");
    return invoke("dp_miniport", [&] { return fn(status, delay_ms); });
  }
  void indicate_status(NDIS_HANDLE vc, NDIS_STATUS code, ULONG value) {
    auto fn = symbol<DP_MP_INDICATE_STATUS>(miniport_, "DpMiniportIndicateStatus");
    invoke("dp_miniport", [&] {
      fn(vc, code, value);
      return NDIS_STATUS_SUCCESS;
    });
  }
  NDIS_HANDLE miniport_vc_context(NDIS_HANDLE vc) { return symbol<DP_MP_VC_CONTEXT>(miniport_, "DpMiniportVcContext")(vc); }
  DP_CONTEXTS miniport_contexts() { return contexts(miniport_, "DpMiniportContexts"); }
  DP_STATS miniport_stats() { return stats(miniport_, "DpMiniportStats"); }

  // ---- records ----
  template <class T, class Fn>
  std::vector<T> records(DP_RQ_HANDLER side, const char* what) {
    const std::string name = std::string(side == DpRqClient ? "DpClient" : side == DpRqMiniport ? "DpMiniport" : "DpCm") + what;
    const DriverId id = side == DpRqClient ? client_ : side == DpRqMiniport ? miniport_ : cm_;
    auto fn = symbol<Fn>(id, name.c_str());
    std::vector<T> out(DP_RQ_MAX);
    const ULONG n = fn(out.data(), DP_RQ_MAX);
    EXPECT_LE(n, DP_RQ_MAX) << name;
    out.resize(std::min<ULONG>(n, DP_RQ_MAX));
    return out;
  }
  std::vector<DP_RQ_RECORD> handled(DP_RQ_HANDLER side) { return records<DP_RQ_RECORD, DP_RQ_GET_RECORDS>(side, "RqRecords"); }
  std::vector<DP_RQ_RESULT> issued(DP_RQ_HANDLER side) { return records<DP_RQ_RESULT, DP_RQ_GET_RESULTS>(side, "RqResults"); }
  std::vector<DP_ST_RECORD> statuses(DP_RQ_HANDLER side) {
    return records<DP_ST_RECORD, DP_ST_GET_RECORDS>(side, "StatusRecords");
  }

  // ---- the trace ----
  // A mark to take the events of one step with events_since().
  size_t mark() const { return trace_->size(); }
  // The calls and callbacks of the vocabulary from trace event `from` on, in the order they began.
  Calls events_since(size_t from) const {
    const auto all = trace_->events();
    const auto& vocabulary = sequence_vocabulary();
    struct Open {
      size_t index;
      std::string name;
    };
    std::vector<std::string> out;
    std::vector<std::string> status;  // per entry of out
    std::map<int, std::vector<Open>> open;  // per processor
    for (size_t i = std::min(from, all.size()); i < all.size(); ++i) {
      const TraceEvent& e = all[i];
      const bool begins = e.kind == TraceKind::Call || e.kind == TraceKind::Callback;
      const bool ends = e.kind == TraceKind::Return || e.kind == TraceKind::CallbackReturn;
      if ((!begins && !ends) || std::find(vocabulary.begin(), vocabulary.end(), e.name) == vocabulary.end()) continue;
      // Statuses are kept for callbacks only (what a handler returned, or the Status argument of a
      // completion handler); what an Ndis* call returned the tests check from the action itself.
      const bool callback = e.kind == TraceKind::Callback || e.kind == TraceKind::CallbackReturn;
      if (begins) {
        const std::string& driver = callback ? e.to : e.from;
        open[e.processor].push_back({out.size(), e.name});
        out.push_back(driver + ":" + e.name);
        status.push_back(callback ? field(e, "Status") : std::string());
        continue;
      }
      auto& stack = open[e.processor];
      for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
        if (it->name != e.name) continue;
        const std::string s = field(e, "status");
        if (callback && !s.empty()) status[it->index] = s;
        stack.erase(std::next(it).base());
        break;
      }
    }
    for (size_t i = 0; i < out.size(); ++i)
      if (!status[i].empty() && status[i] != status_name(NDIS_STATUS_SUCCESS)) out[i] += "=" + status[i];
    return out;
  }

  std::vector<Finding> findings() const { return rt_->findings(); }
  LeakReport shutdown() { return rt_->shutdown(); }

  DriverId client_id() const { return client_; }
  DriverId cm_id() const { return cm_; }
  DriverId miniport_id() const { return miniport_; }

  template <class Fn>
  Fn* symbol(DriverId id, const char* name) const {
    return TestDriver(rt_.get(), id).symbol<Fn>(name);
  }

 private:
  static std::string field(const TraceEvent& e, const char* key) {
    for (const auto& [k, v] : e.fields)
      if (k == key) return v;
    return {};
  }
  DP_STATS stats(DriverId id, const char* name) {
    DP_STATS s{};
    symbol<DP_GET_STATS>(id, name)(&s);
    return s;
  }
  DP_CONTEXTS contexts(DriverId id, const char* name) {
    DP_CONTEXTS c{};
    symbol<DP_GET_CONTEXTS>(id, name)(&c);
    return c;
  }
  DriverId load(const char* name) {
    const auto id = load_test_driver(*rt_, name);
    if (!id) ok_ = false;
    return id.value_or(DriverId{});
  }

  std::shared_ptr<MemoryTraceSink> trace_;
  std::unique_ptr<Runtime> rt_;
  bool ok_ = true;
  DriverId miniport_{}, cm_{}, client_{};
};

// Compares a step's events: exactly, in order (`ordered`), or as a multiset (threaded runs,
// where work on other processors interleaves differently each time).
inline void expect_events(Calls actual, Calls expected, bool ordered) {
  if (!ordered) {
    std::sort(actual.begin(), actual.end());
    std::sort(expected.begin(), expected.end());
  }
  EXPECT_EQ(actual, expected);
}

inline Calls repeat(const Calls& block, size_t n) {
  Calls out;
  for (size_t i = 0; i < n; ++i) out.insert(out.end(), block.begin(), block.end());
  return out;
}

}  // namespace condis::e2e::cmdp
