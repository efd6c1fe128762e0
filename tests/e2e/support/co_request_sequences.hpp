// End-to-end sequences 3.4 (a CoNDIS request on a VC, in each direction) and 3.5 (a status
// indication on a VC and adapter-wide) of vc-data-requests.md, through dp_client and dp_mcm
// (tests/drivers/include/dp_request_driver.h). Each sequence brings the stack up, makes a call,
// runs the exchange, checks every callback's contexts, statuses and buffers against the contexts
// the drivers report, and tears everything down; the clean ones end with no finding and an empty
// leak report, the faulty ones with the finding of the rule the driver broke.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "drivers/include/dp_request_driver.h"
#include "e2e/support/dp_scenario.hpp"

namespace condis::e2e::rq {

using dp::DpScenario;

constexpr NDIS_OID kVcOid = OID_CO_GET_CALL_INFORMATION;  // a VC query a call manager answers
constexpr NDIS_OID kGlobalOid = OID_GEN_CO_LINK_SPEED;

inline const char* handler_name(DP_RQ_HANDLER h) {
  switch (h) {
    case DpRqClient: return "client";
    case DpRqCallManager: return "call manager";
    case DpRqMiniport: return "miniport";
    default: return "?";
  }
}

// One request: who answers, how, with what; from whom follows from the target (the client asks
// the call manager and the miniport; the MCM asks the client).
struct RqCase {
  DP_RQ_HANDLER target = DpRqCallManager;
  DP_RQ_ANSWER answer = DpRqSync;
  NDIS_STATUS status = NDIS_STATUS_SUCCESS;  // the handler's answer: SUCCESS or a failure
  ULONG length = DP_RQ_ANSWER_LENGTH;        // the requester's buffer
  bool on_vc = true;
  DP_RQ_FAULT fault = DpRqFaultNone;
  ULONG delay_ms = 3;

  std::string describe() const {
    return std::string("to the ") + handler_name(target) + (on_vc ? " on the VC" : " globally") +
           ", answer " + std::to_string(answer) + ", status " + status_name(status) + ", length " +
           std::to_string(length) + ", fault " + std::to_string(fault);
  }
};

// DpScenario plus the request and status interface of both drivers.
class RqScenario : public DpScenario {
 public:
  using DpScenario::DpScenario;

  // Adapter up, client bound, the call made.
  bool start_with_call() {
    start();
    if (!ok()) return false;
    const NDIS_STATUS made = make_call();
    EXPECT_EQ(made, NDIS_STATUS_SUCCESS);
    return made == NDIS_STATUS_SUCCESS;
  }

  void configure(DP_RQ_HANDLER target, const DP_RQ_BEHAVIOR& b) {
    if (target == DpRqClient) symbol<DP_RQ_CONFIGURE>(client_id(), "DpClientRqConfigure")(target, &b);
    else symbol<DP_RQ_CONFIGURE>(mcm_id(), "DpMcmRqConfigure")(target, &b);
  }
  void configure(const RqCase& c) {
    DP_RQ_BEHAVIOR b{};
    b.Answer = c.answer;
    b.DelayMs = c.delay_ms;
    b.Status = c.status;
    b.Fault = c.fault;
    configure(c.target, b);
  }

  // Issues the request of `c` from its requester; returns what NDIS returned to the requester.
  NDIS_STATUS request(const RqCase& c, NDIS_OID oid) {
    if (c.target == DpRqClient) {
      auto fn = symbol<DP_MCM_REQUEST>(mcm_id(), "DpMcmRequest");
      return invoke([&] { return fn(c.on_vc, oid, c.length); });
    }
    auto fn = symbol<DP_CLIENT_REQUEST>(client_id(), "DpClientRequest");
    const ULONG route = c.target == DpRqCallManager ? DpRqToCallManager : DpRqToMiniport;
    return invoke([&] { return fn(route, c.on_vc, oid, c.length); });
  }

  void indicate_status(bool on_vc, NDIS_STATUS code, ULONG value, DP_ST_FAULT fault = DpStFaultNone) {
    auto fn = symbol<DP_MCM_INDICATE_STATUS>(mcm_id(), "DpMcmIndicateStatus");
    invoke([&] {
      fn(on_vc, code, value, fault);
      return NDIS_STATUS_SUCCESS;
    });
  }

  // What the handlers of the target's driver received, and what the requests of the
  // requester's driver came to.
  std::vector<DP_RQ_RECORD> handled(DP_RQ_HANDLER target) {
    return target == DpRqClient ? read<DP_RQ_RECORD, DP_RQ_GET_RECORDS>(client_id(), "DpClientRqRecords")
                                : read<DP_RQ_RECORD, DP_RQ_GET_RECORDS>(mcm_id(), "DpMcmRqRecords");
  }
  std::vector<DP_RQ_RESULT> issued_for(DP_RQ_HANDLER target) {
    return target == DpRqClient ? read<DP_RQ_RESULT, DP_RQ_GET_RESULTS>(mcm_id(), "DpMcmRqResults")
                                : read<DP_RQ_RESULT, DP_RQ_GET_RESULTS>(client_id(), "DpClientRqResults");
  }
  std::vector<DP_ST_RECORD> client_statuses() {
    return read<DP_ST_RECORD, DP_ST_GET_RECORDS>(client_id(), "DpClientStatusRecords");
  }
  // Loads t_client and binds it to the MCM's adapter too, without opening the AF: a second
  // CoNDIS protocol on the adapter that shares no VC.
  TestDriver bind_second_protocol() {
    const auto id = load_test_driver(rt(), "t_client");
    if (!id) return {};
    TestDriver t(&rt(), *id);
    auto auto_open = t.symbol<TD_CLIENT_SET_AUTO_OPEN>("TdClientSetAutoOpen");
    auto_open(FALSE);
    auto b = rt().bind(*id, adapter_id());
    EXPECT_TRUE(b) << (b ? "" : b.error().message);
    rt().run_until_idle();
    auto_open(TRUE);
    return t;
  }

  DP_CONTEXTS client_contexts() { return contexts(client_id(), "DpClientContexts"); }
  DP_CONTEXTS mcm_contexts() { return contexts(mcm_id(), "DpMcmContexts"); }

  // Closes the call, deletes the VC, closes the AF; then every finding and the leak report.
  void teardown(std::vector<Finding>* findings, LeakReport* leaks) {
    EXPECT_EQ(close_call(), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(delete_vc(), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(close_af(), NDIS_STATUS_SUCCESS);
    *leaks = shutdown();
    *findings = this->findings();
  }

 private:
  template <class T, class Fn>
  std::vector<T> read(DriverId id, const char* name) {
    auto fn = symbol<Fn>(id, name);
    std::vector<T> out(DP_RQ_MAX);
    const ULONG n = fn(out.data(), DP_RQ_MAX);
    out.resize(std::min<ULONG>(n, DP_RQ_MAX));
    EXPECT_LE(n, DP_RQ_MAX) << name << ": more records than the driver keeps";
    return out;
  }
  DP_CONTEXTS contexts(DriverId id, const char* name) {
    DP_CONTEXTS c{};
    symbol<DP_GET_CONTEXTS>(id, name)(&c);
    return c;
  }
};

// The contexts the target's handler must receive and those the requester's
// ProtocolCoOidRequestComplete must receive (vc-data-requests.md 1.8, RQ-004, OQ-V23).
struct ExpectedContexts {
  NDIS_HANDLE handler_af, handler_vc, completion_af, completion_vc;
};

inline ExpectedContexts expected_contexts(const RqCase& c, const DP_CONTEXTS& client, const DP_CONTEXTS& mcm) {
  auto vc = [&](const DP_CONTEXTS& side) { return c.on_vc ? side.VcContext : nullptr; };
  switch (c.target) {
    case DpRqClient: return {client.AfContext, vc(client), mcm.AfContext, vc(mcm)};
    case DpRqMiniport: return {mcm.AdapterContext, vc(mcm), nullptr, vc(client)};
    default: return {mcm.AfContext, vc(mcm), client.AfContext, vc(client)};
  }
}

// 3.4 with one request, answered as `c` says: the handler gets the target's contexts, the
// requester gets the target's status (at once, or through exactly one completion with its own
// contexts), the answer or BytesNeeded arrives in its buffer; no finding, no leak.
inline void request_sequence(RqScenario& s, const RqCase& c) {
  SCOPED_TRACE(c.describe());
  ASSERT_TRUE(s.start_with_call());
  s.configure(c);
  const NDIS_OID oid = c.on_vc ? kVcOid : kGlobalOid;
  const NDIS_STATUS returned = s.request(c, oid);

  const bool pends = c.answer != DpRqSync;
  const bool short_buffer = c.status == NDIS_STATUS_SUCCESS && c.length < DP_RQ_ANSWER_LENGTH;
  const NDIS_STATUS final_status = short_buffer ? NDIS_STATUS_BUFFER_TOO_SHORT : c.status;
  EXPECT_EQ(returned, pends ? NDIS_STATUS_PENDING : final_status);

  const ExpectedContexts want = expected_contexts(c, s.client_contexts(), s.mcm_contexts());
  const auto handled = s.handled(c.target);
  const auto issued = s.issued_for(c.target);
  ASSERT_EQ(handled.size(), 1u);
  ASSERT_EQ(issued.size(), 1u);
  const DP_RQ_RECORD& h = handled[0];
  const DP_RQ_RESULT& r = issued[0];
  EXPECT_EQ(h.Handler, ULONG(c.target));
  EXPECT_EQ(h.AfContext, want.handler_af);
  EXPECT_EQ(h.VcContext, want.handler_vc);
  EXPECT_EQ(h.PartyContext, nullptr);
  EXPECT_EQ(h.Request, r.Request);  // the requester's own structure, not a copy
  EXPECT_EQ(h.Oid, oid);
  EXPECT_EQ(h.Status, pends ? NDIS_STATUS_PENDING : final_status);

  EXPECT_EQ(r.Returned, returned);
  EXPECT_EQ(r.Completions, pends ? 1 : 0);
  if (pends) {
    EXPECT_EQ(r.Completion.AfContext, want.completion_af);
    EXPECT_EQ(r.Completion.VcContext, want.completion_vc);
    EXPECT_EQ(r.Completion.PartyContext, nullptr);
    EXPECT_EQ(r.Completion.Request, r.Request);
    EXPECT_EQ(r.Completion.Status, final_status);
  }
  EXPECT_EQ(r.Final, final_status);
  if (final_status == NDIS_STATUS_SUCCESS) {
    EXPECT_EQ(r.BytesWritten, DP_RQ_ANSWER_LENGTH);
    EXPECT_EQ(r.AnsweredBy, DP_RQ_WHO(c.target));
    EXPECT_EQ(r.AnsweredOid, oid);
  } else {
    EXPECT_EQ(r.BytesWritten, 0u);
    EXPECT_EQ(r.AnsweredBy, 0u);
    EXPECT_EQ(r.BytesNeeded, short_buffer ? DP_RQ_ANSWER_LENGTH : 0u);
  }

  std::vector<Finding> findings;
  LeakReport leaks;
  s.teardown(&findings, &leaks);
  EXPECT_TRUE(findings.empty()) << Scenario::describe(findings);
  EXPECT_TRUE(leaks.empty()) << leaks.to_string();
}

// RQ-015: two requests pend in MiniportCoOidRequest at once (one on the VC, one global); each
// completes once, to its own requester contexts.
inline void two_requests_pending_in_the_miniport(RqScenario& s, DP_RQ_ANSWER answer) {
  ASSERT_TRUE(s.start_with_call());
  RqCase c{DpRqMiniport, answer};
  s.configure(c);
  auto fn = s.symbol<DP_CLIENT_REQUEST>(s.client_id(), "DpClientRequest");
  NDIS_STATUS first = INT_MIN, second = INT_MIN;
  s.invoke([&] {
    first = fn(DpRqToMiniport, TRUE, kVcOid, DP_RQ_ANSWER_LENGTH);
    second = fn(DpRqToMiniport, FALSE, kGlobalOid, DP_RQ_ANSWER_LENGTH);
    return NDIS_STATUS_SUCCESS;
  });
  EXPECT_EQ(first, NDIS_STATUS_PENDING);
  EXPECT_EQ(second, NDIS_STATUS_PENDING);
  const DP_CONTEXTS client = s.client_contexts(), mcm = s.mcm_contexts();
  const auto handled = s.handled(DpRqMiniport);
  const auto issued = s.issued_for(DpRqMiniport);
  ASSERT_EQ(handled.size(), 2u);
  ASSERT_EQ(issued.size(), 2u);
  EXPECT_EQ(handled[0].VcContext, mcm.VcContext);
  EXPECT_EQ(handled[1].VcContext, nullptr);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(handled[i].AfContext, mcm.AdapterContext);
    EXPECT_EQ(handled[i].Request, issued[i].Request);
    EXPECT_EQ(issued[i].Completions, 1);
    EXPECT_EQ(issued[i].Completion.AfContext, nullptr);
    EXPECT_EQ(issued[i].Completion.Request, issued[i].Request);
    EXPECT_EQ(issued[i].Final, NDIS_STATUS_SUCCESS);
    EXPECT_EQ(issued[i].AnsweredBy, DP_RQ_WHO(DpRqMiniport));
  }
  EXPECT_EQ(issued[0].Completion.VcContext, client.VcContext);
  EXPECT_EQ(issued[1].Completion.VcContext, nullptr);
  EXPECT_EQ(issued[0].AnsweredOid, kVcOid);
  EXPECT_EQ(issued[1].AnsweredOid, kGlobalOid);
  std::vector<Finding> findings;
  LeakReport leaks;
  s.teardown(&findings, &leaks);
  EXPECT_TRUE(findings.empty()) << Scenario::describe(findings);
  EXPECT_TRUE(leaks.empty()) << leaks.to_string();
}

// A faulty target: the request of `c` breaks `rule` exactly once. `completions` is how many
// ProtocolCoOidRequestComplete calls the requester must still get; a request never completed
// is in the leak report under RQ-003, everything else leaves no leak.
inline void faulty_request_sequence(RqScenario& s, const RqCase& c, const std::string& rule, int completions) {
  SCOPED_TRACE(c.describe() + ", expecting " + rule);
  ASSERT_TRUE(s.start_with_call());
  s.configure(c);
  const NDIS_STATUS returned = s.request(c, c.on_vc ? kVcOid : kGlobalOid);
  const auto issued = s.issued_for(c.target);
  ASSERT_EQ(issued.size(), 1u);
  EXPECT_EQ(issued[0].Returned, returned);
  EXPECT_EQ(issued[0].Completions, completions);
  std::vector<Finding> findings;
  LeakReport leaks;
  s.teardown(&findings, &leaks);
  EXPECT_EQ(count_rule(findings, rule), 1u) << Scenario::describe(findings);
  const bool never = c.answer == DpRqNever;
  if (never) {
    // The requester cannot free a request that never completes: its block is still charged to
    // it when it goes away (the client at deregistration, the MCM when MiniportHaltEx returns).
    const bool mcm_asked = c.target == DpRqClient;
    EXPECT_EQ(count_rule(findings, mcm_asked ? "SVC-060" : "SVC-064"), 1u) << Scenario::describe(findings);
    EXPECT_EQ(count_rule(findings, mcm_asked ? "DRV-070" : "DRV-073"), 1u) << Scenario::describe(findings);
  }
  EXPECT_EQ(findings.size(), never ? 3u : 1u) << Scenario::describe(findings);
  const bool leaked = std::any_of(leaks.leaks.begin(), leaks.leaks.end(), [](const Leak& l) { return l.rule == "RQ-003"; });
  EXPECT_EQ(leaked, never) << leaks.to_string();
  if (!never) {
    EXPECT_TRUE(leaks.empty()) << leaks.to_string();
  }
}

// 3.5: a status indication on the call's VC reaches the client (the one protocol that shares an
// MCM's VC) with its own binding and VC contexts; an adapter-wide one reaches it with a NULL VC
// context. Each carries the MCM's code and buffer; no finding, no leak.
// With `second_protocol`, t_client is bound to the adapter as well: it gets the adapter-wide
// indications only (ST-009).
inline void status_sequence(RqScenario& s, bool second_protocol = false) {
  ASSERT_TRUE(s.start_with_call());
  TestDriver other;
  if (second_protocol) other = s.bind_second_protocol();
  s.indicate_status(true, NDIS_STATUS_MEDIA_SPECIFIC_INDICATION, 0x5eed0001u);
  s.indicate_status(false, NDIS_STATUS_MEDIA_SPECIFIC_INDICATION, 0x5eed0002u);
  s.indicate_status(false, NDIS_STATUS_MEDIA_CONNECT, 0);
  const DP_CONTEXTS client = s.client_contexts(), mcm = s.mcm_contexts();
  const auto seen = s.client_statuses();
  ASSERT_EQ(seen.size(), 3u);
  for (const DP_ST_RECORD& r : seen) {
    EXPECT_EQ(r.BindingContext, client.BindingContext);
    EXPECT_EQ(r.SourceHandle, mcm.AdapterHandle);
  }
  EXPECT_EQ(seen[0].VcContext, client.VcContext);
  EXPECT_EQ(seen[0].StatusCode, NDIS_STATUS_MEDIA_SPECIFIC_INDICATION);
  EXPECT_EQ(seen[0].StatusBufferSize, sizeof(ULONG));
  EXPECT_EQ(seen[0].Value, 0x5eed0001u);
  EXPECT_EQ(seen[1].VcContext, nullptr);
  EXPECT_EQ(seen[1].Value, 0x5eed0002u);
  EXPECT_EQ(seen[2].VcContext, nullptr);
  EXPECT_EQ(seen[2].StatusCode, NDIS_STATUS_MEDIA_CONNECT);
  EXPECT_EQ(seen[2].StatusBufferSize, 0u);
  if (second_protocol) {
    const auto calls = other.calls();
    EXPECT_EQ(std::count(calls.begin(), calls.end(), "ProtocolCoStatusEx"), 2) << ::testing::PrintToString(calls);
  }
  std::vector<Finding> findings;
  LeakReport leaks;
  s.teardown(&findings, &leaks);
  if (second_protocol)  // t_client has no unload routine that deregisters it (as in cm_sequences.hpp)
    std::erase_if(findings, [](const Finding& f) { return f.rule == "DRV-009"; });
  EXPECT_TRUE(findings.empty()) << Scenario::describe(findings);
  EXPECT_TRUE(leaks.empty()) << leaks.to_string();
}

// 3.5 broken by the MCM: `rule` is reported once; `delivered` says whether the client still
// got the indication. DpStFaultStaleVc indicates on the VC after the call is gone.
inline void faulty_status_sequence(RqScenario& s, DP_ST_FAULT fault, const std::string& rule, bool delivered) {
  SCOPED_TRACE("expecting " + rule);
  ASSERT_TRUE(s.start_with_call());
  if (fault == DpStFaultStaleVc) {
    EXPECT_EQ(s.close_call(), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(s.delete_vc(), NDIS_STATUS_SUCCESS);
  }
  s.indicate_status(true, NDIS_STATUS_MEDIA_SPECIFIC_INDICATION, 0x5eed0003u, fault);
  EXPECT_EQ(s.client_statuses().size(), delivered ? 1u : 0u);
  if (fault != DpStFaultStaleVc) {
    EXPECT_EQ(s.close_call(), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(s.delete_vc(), NDIS_STATUS_SUCCESS);
  }
  EXPECT_EQ(s.close_af(), NDIS_STATUS_SUCCESS);
  const LeakReport leaks = s.shutdown();
  const auto findings = s.findings();
  EXPECT_EQ(count_rule(findings, rule), 1u) << Scenario::describe(findings);
  EXPECT_EQ(findings.size(), 1u) << Scenario::describe(findings);
  EXPECT_TRUE(leaks.empty()) << leaks.to_string();
}

}  // namespace condis::e2e::rq
