// The sequences of call-management.md section 3 through a stand-alone call manager (t_cm bound
// to t_miniport) with t_client. Each takes `ordered`: true compares a driver's log exactly
// (deterministic runs); false compares it as a multiset (threaded runs, where a request may
// return after its completion callback has already run on another processor).
#pragma once

#include "e2e/support/sequences.hpp"

namespace condis::e2e::cm {

constexpr auto kStandAlone = Scenario::Kind::StandAloneCm;

inline bool pends(const TD_BEHAVIOR& b) { return b.Completion != TdCompleteSync; }

// A driver's log from record `from` on. Used where a completion may be logged before the
// request that it completes (threaded runs: the request logs after it returned).
inline Calls calls_since(const TestDriver& d, size_t from) {
  Calls all = d.calls();
  return Calls(all.begin() + static_cast<std::ptrdiff_t>(std::min(from, all.size())), all.end());
}

// expect_clean_shutdown, and the teardown itself (unbinds, halt, unloads) reports nothing either.
// DRV-009 is left out: t_client has no unload routine that deregisters it (t_cm and t_miniport
// deregister in theirs).
inline void expect_clean_teardown(Scenario& s) {
  expect_clean_shutdown(s);
  for (const auto& f : s.findings())
    if (f.rule != "DRV-009") ADD_FAILURE() << "during shutdown: " << f.to_string();
}

// 3.1: t_cm opens the adapter and registers its AF from ProtocolBindAdapterEx; the client opens
// it from ProtocolCoAfRegisterNotify; ProtocolCmOpenAf answers at once or pends. Then 3.11: the
// client closes the AF (ProtocolCmCloseAf answers at once or pends).
inline void af_open_close(Scenario& s, bool ordered, bool pended) {
  s.cm().set(TdOpOpenAf, pended ? pend_timer(2) : sync());
  s.cm().set(TdOpCloseAf, pended ? pend_work_item() : sync());
  s.start();
  ASSERT_TRUE(s.ok());
  if (pended) {
    expect_calls(s.cm().calls_from("NdisOpenAdapterEx"),
                 {"NdisOpenAdapterEx", "NdisCmRegisterAddressFamilyEx", pending("ProtocolCmOpenAf"),
                  "NdisCmOpenAddressFamilyComplete"},
                 true);
    expect_calls(s.client().calls_from("ProtocolCoAfRegisterNotify"),
                 {"ProtocolCoAfRegisterNotify", pending("NdisClOpenAddressFamilyEx"), "ProtocolClOpenAfCompleteEx"},
                 ordered);
  } else {
    expect_calls(s.cm().calls_from("NdisOpenAdapterEx"),
                 {"NdisOpenAdapterEx", "NdisCmRegisterAddressFamilyEx", "ProtocolCmOpenAf"}, true);
    expect_calls(s.client().calls_from("ProtocolCoAfRegisterNotify"),
                 {"ProtocolCoAfRegisterNotify", "NdisClOpenAddressFamilyEx"}, true);
  }

  const size_t client_before_close = s.client().calls().size();
  const NDIS_STATUS closed = s.close_af();
  if (pended) {
    EXPECT_EQ(closed, NDIS_STATUS_PENDING);
    expect_calls(s.cm().calls_from("ProtocolCmCloseAf"),
                 {pending("ProtocolCmCloseAf"), "NdisCmCloseAddressFamilyComplete"}, true);
    expect_calls(calls_since(s.client(), client_before_close),
                 {pending("NdisClCloseAddressFamily"), "ProtocolClCloseAfComplete"}, ordered);
  } else {
    EXPECT_EQ(closed, NDIS_STATUS_SUCCESS);
    expect_calls(s.cm().calls_from("ProtocolCmCloseAf"), {"ProtocolCmCloseAf"}, true);
    expect_calls(s.client().calls_from("NdisClCloseAddressFamily"), {"NdisClCloseAddressFamily"}, true);
  }
  // The AF traffic never reaches the miniport.
  EXPECT_EQ(s.miniport().calls_from("MiniportInitializeEx"), Calls{"MiniportInitializeEx"});
  expect_clean_teardown(s);
}

// 3.3: register a SAP, then deregister it.
inline void sap_register_deregister(Scenario& s, bool ordered, bool pended) {
  s.cm().set(TdOpRegisterSap, pended ? pend_timer(1) : sync());
  s.cm().set(TdOpDeregisterSap, pended ? pend_timer(3) : sync());
  s.start();
  ASSERT_TRUE(s.ok());
  const size_t client_before_sap = s.client().calls().size();
  EXPECT_EQ(s.register_sap(), pended ? NDIS_STATUS_PENDING : NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.deregister_sap(), pended ? NDIS_STATUS_PENDING : NDIS_STATUS_SUCCESS);
  if (pended) {
    expect_calls(s.cm().calls_from("ProtocolCmRegisterSap"),
                 {pending("ProtocolCmRegisterSap"), "NdisCmRegisterSapComplete", pending("ProtocolCmDeregisterSap"),
                  "NdisCmDeregisterSapComplete"},
                 true);
    expect_calls(calls_since(s.client(), client_before_sap),
                 {pending("NdisClRegisterSap"), "ProtocolClRegisterSapComplete", pending("NdisClDeregisterSap"),
                  "ProtocolClDeregisterSapComplete"},
                 ordered);
  } else {
    expect_calls(s.cm().calls_from("ProtocolCmRegisterSap"), {"ProtocolCmRegisterSap", "ProtocolCmDeregisterSap"},
                 true);
    expect_calls(s.client().calls_from("NdisClRegisterSap"), {"NdisClRegisterSap", "NdisClDeregisterSap"}, true);
  }
  EXPECT_EQ(s.close_af(), NDIS_STATUS_SUCCESS);
  expect_clean_teardown(s);
}

struct CallOptions {
  TD_BEHAVIOR make = sync();        // t_cm: ProtocolCmMakeCall
  TD_BEHAVIOR close = sync();       // t_cm: ProtocolCmCloseCall
  TD_BEHAVIOR activate = sync();    // t_miniport: MiniportCoActivateVc
  TD_BEHAVIOR deactivate = sync();  // t_miniport: MiniportCoDeactivateVc
  ULONG flags = 0;                  // TD_CALL_MULTIPOINT, TD_CALL_PVC
};

// The CM's log of a successful make-call: [CM 3.4] steps 4-7 or 9.
inline Calls cm_make_calls(const CallOptions& o) {
  const bool act = pends(o.activate);
  if (pends(o.make))
    return {pending("ProtocolCmMakeCall"), act ? pending("NdisCmActivateVc") : "NdisCmActivateVc",
            act ? "ProtocolCmActivateVcComplete" : "", "NdisCmMakeCallComplete"};
  if (act)
    return {pending("NdisCmActivateVc"), pending("ProtocolCmMakeCall"), "ProtocolCmActivateVcComplete",
            "NdisCmMakeCallComplete"};
  return {"NdisCmActivateVc", "ProtocolCmMakeCall"};
}

// The CM's log of a successful close-call: [CM 3.7] steps 2-4.
inline Calls cm_close_calls(const CallOptions& o) {
  const bool deact = pends(o.deactivate);
  if (pends(o.close))
    return {pending("ProtocolCmCloseCall"), deact ? pending("NdisCmDeactivateVc") : "NdisCmDeactivateVc",
            deact ? "ProtocolCmDeactivateVcComplete" : "", "NdisCmCloseCallComplete"};
  if (deact)
    return {pending("NdisCmDeactivateVc"), pending("ProtocolCmCloseCall"), "ProtocolCmDeactivateVcComplete",
            "NdisCmCloseCallComplete"};
  return {"NdisCmDeactivateVc", "ProtocolCmCloseCall"};
}

inline void append(Calls& to, const Calls& from) {
  for (const auto& c : from)
    if (!c.empty()) to.push_back(c);
}

// 3.4 then 3.7: create a VC (CM and miniport), make a call (the CM activates the VC in the
// miniport, which answers at once or pends), close it (the CM deactivates the VC), delete the
// VC, close the AF.
inline void outgoing_call(Scenario& s, bool ordered, const CallOptions& o) {
  s.cm().set(TdOpMakeCall, o.make);
  s.cm().set(TdOpCloseCall, o.close);
  s.miniport().set(TdOpActivateVc, o.activate);
  s.miniport().set(TdOpDeactivateVc, o.deactivate);
  s.start();
  ASSERT_TRUE(s.ok());
  // The client sees PENDING whenever the CM cannot finish inside its handler.
  const bool make_pends = pends(o.make) || pends(o.activate);
  const bool close_pends = pends(o.close) || pends(o.deactivate);

  EXPECT_EQ(s.create_vc(), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.make_call(0, o.flags), make_pends ? NDIS_STATUS_PENDING : NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.close_call(), close_pends ? NDIS_STATUS_PENDING : NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.delete_vc(), NDIS_STATUS_SUCCESS);

  Calls cm = {"ProtocolCoCreateVc"};
  append(cm, cm_make_calls(o));
  append(cm, cm_close_calls(o));
  cm.push_back("ProtocolCoDeleteVc");
  expect_calls(s.cm().calls_from("ProtocolCoCreateVc"), cm, ordered);

  Calls client = {"NdisCoCreateVc"};
  if (make_pends) {
    append(client, {pending("NdisClMakeCall"), "ProtocolClMakeCallComplete"});
  } else {
    client.push_back("NdisClMakeCall");
  }
  if (close_pends) {
    append(client, {pending("NdisClCloseCall"), "ProtocolClCloseCallComplete"});
  } else {
    client.push_back("NdisClCloseCall");
  }
  client.push_back("NdisCoDeleteVc");
  expect_calls(s.client().calls_from("NdisCoCreateVc"), client, ordered);

  Calls miniport = {"MiniportCoCreateVc"};
  if (pends(o.activate)) {
    append(miniport, {pending("MiniportCoActivateVc"), "NdisMCoActivateVcComplete"});
  } else {
    miniport.push_back("MiniportCoActivateVc");
  }
  if (pends(o.deactivate)) {
    append(miniport, {pending("MiniportCoDeactivateVc"), "NdisMCoDeactivateVcComplete"});
  } else {
    miniport.push_back("MiniportCoDeactivateVc");
  }
  miniport.push_back("MiniportCoDeleteVc");
  expect_calls(s.miniport().calls_from("MiniportCoCreateVc"), miniport, ordered);

  const ULONG completed_flags = s.client().flags_of(make_pends ? "ProtocolClMakeCallComplete" : "NdisClMakeCall");
  if (o.make.ChangeParameters || (o.flags & TD_CALL_PVC) != 0) {
    EXPECT_NE(completed_flags & CALL_PARAMETERS_CHANGED, 0u) << "the CM changed the parameters";
  } else {
    EXPECT_EQ(completed_flags & CALL_PARAMETERS_CHANGED, 0u);
  }
  if ((o.flags & TD_CALL_PVC) != 0) {
    EXPECT_NE(completed_flags & PERMANENT_VC, 0u);
  }

  EXPECT_EQ(s.close_af(), NDIS_STATUS_SUCCESS);
  expect_clean_teardown(s);
}

// 3.4 step 8: the make-call fails, because the CM refuses it (at once or from a timer) or
// because the miniport fails the activation (at once or in NdisMCoActivateVcComplete); the
// client deletes the VC, which reaches the CM's ProtocolCoDeleteVc and MiniportCoDeleteVc.
inline void failed_call(Scenario& s, bool ordered, TD_BEHAVIOR make, TD_BEHAVIOR activate, ULONG flags) {
  s.cm().set(TdOpMakeCall, make);
  s.miniport().set(TdOpActivateVc, activate);
  s.start();
  ASSERT_TRUE(s.ok());
  const bool refused = make.Status != NDIS_STATUS_SUCCESS;
  const NDIS_STATUS status = refused ? make.Status : activate.Status;
  const bool activates = !refused;
  const bool call_pends = pends(make) || (activates && pends(activate));

  EXPECT_EQ(s.create_vc(), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.make_call(0, flags), call_pends ? NDIS_STATUS_PENDING : status);
  EXPECT_EQ(s.delete_vc(), NDIS_STATUS_SUCCESS);

  Calls cm = {"ProtocolCoCreateVc"};
  if (pends(make)) cm.push_back(pending("ProtocolCmMakeCall"));
  if (activates) {
    if (pends(activate)) {
      cm.push_back(pending("NdisCmActivateVc"));
      if (!pends(make)) cm.push_back(pending("ProtocolCmMakeCall"));
      cm.push_back(failed("ProtocolCmActivateVcComplete", status));
    } else {
      cm.push_back(failed("NdisCmActivateVc", status));
    }
  }
  cm.push_back(call_pends ? failed("NdisCmMakeCallComplete", status) : failed("ProtocolCmMakeCall", status));
  cm.push_back("ProtocolCoDeleteVc");
  expect_calls(s.cm().calls_from("ProtocolCoCreateVc"), cm, ordered);

  if (call_pends) {
    expect_calls(s.client().calls_from("NdisCoCreateVc"),
                 {"NdisCoCreateVc", pending("NdisClMakeCall"), failed("ProtocolClMakeCallComplete", status),
                  "NdisCoDeleteVc"},
                 ordered);
  } else {
    expect_calls(s.client().calls_from("NdisCoCreateVc"),
                 {"NdisCoCreateVc", failed("NdisClMakeCall", status), "NdisCoDeleteVc"}, true);
  }
  Calls miniport = {"MiniportCoCreateVc"};
  if (activates) {
    if (pends(activate)) {
      append(miniport, {pending("MiniportCoActivateVc"), failed("NdisMCoActivateVcComplete", status)});
    } else {
      miniport.push_back(failed("MiniportCoActivateVc", status));
    }
  }
  miniport.push_back("MiniportCoDeleteVc");
  expect_calls(s.miniport().calls_from("MiniportCoCreateVc"), miniport, ordered);

  EXPECT_EQ(s.close_af(), NDIS_STATUS_SUCCESS);
  expect_clean_teardown(s);
}

}  // namespace condis::e2e::cm
