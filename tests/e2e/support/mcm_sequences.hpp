// The sequences of call-management.md section 3 through a miniport call manager (t_mcm) with
// t_client. Each takes `ordered`: true compares a driver's log exactly (deterministic runs);
// false compares it as a multiset (threaded runs, where a request may return after its
// completion callback has already run on another processor).
#pragma once

#include "e2e/support/sequences.hpp"

namespace condis::e2e::mcm {

// 3.2: the MCM registers its AF in MiniportInitializeEx; the client opens it from
// ProtocolCoAfRegisterNotify; ProtocolCmOpenAf answers at once or pends. Then 3.11: the client
// closes the AF (ProtocolCmCloseAf answers at once or pends).
inline void af_open_close(Scenario& s, bool ordered, bool pended) {
  s.cm().set(TdOpOpenAf, pended ? pend_timer(2) : sync());
  s.cm().set(TdOpCloseAf, pended ? pend_work_item() : sync());
  s.start();
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s.cm().calls().front(), "NdisMCmRegisterAddressFamilyEx");
  if (pended) {
    expect_calls(s.cm().calls_from("ProtocolCmOpenAf"),
                 {pending("ProtocolCmOpenAf"), "NdisMCmOpenAddressFamilyComplete"}, true);
    expect_calls(s.client().calls_from("ProtocolCoAfRegisterNotify"),
                 {"ProtocolCoAfRegisterNotify", pending("NdisClOpenAddressFamilyEx"), "ProtocolClOpenAfCompleteEx"},
                 ordered);
  } else {
    expect_calls(s.cm().calls_from("ProtocolCmOpenAf"), {"ProtocolCmOpenAf"}, true);
    expect_calls(s.client().calls_from("ProtocolCoAfRegisterNotify"),
                 {"ProtocolCoAfRegisterNotify", "NdisClOpenAddressFamilyEx"}, true);
  }

  const size_t client_before_close = s.client().calls().size();
  const NDIS_STATUS closed = s.close_af();
  if (pended) {
    EXPECT_EQ(closed, NDIS_STATUS_PENDING);
    expect_calls(s.cm().calls_from("ProtocolCmCloseAf"),
                 {pending("ProtocolCmCloseAf"), "NdisMCmCloseAddressFamilyComplete"}, true);
    expect_calls(s.client().calls_since(client_before_close),
                 {pending("NdisClCloseAddressFamily"), "ProtocolClCloseAfComplete"}, ordered);
  } else {
    EXPECT_EQ(closed, NDIS_STATUS_SUCCESS);
    expect_calls(s.cm().calls_from("ProtocolCmCloseAf"), {"ProtocolCmCloseAf"}, true);
    expect_calls(s.client().calls_since(client_before_close), {"NdisClCloseAddressFamily"}, true);
  }
  expect_clean_shutdown(s);
}

// 3.3: register a SAP, then deregister it.
inline void sap_register_deregister(Scenario& s, bool ordered, bool pended) {
  s.cm().set(TdOpRegisterSap, pended ? pend_timer(1) : sync());
  s.cm().set(TdOpDeregisterSap, pended ? pend_work_item() : sync());
  s.start();
  ASSERT_TRUE(s.ok());
  const size_t client_before_sap = s.client().calls().size();
  EXPECT_EQ(s.register_sap(), pended ? NDIS_STATUS_PENDING : NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.deregister_sap(), pended ? NDIS_STATUS_PENDING : NDIS_STATUS_SUCCESS);
  if (pended) {
    expect_calls(s.cm().calls_from("ProtocolCmRegisterSap"),
                 {pending("ProtocolCmRegisterSap"), "NdisMCmRegisterSapComplete", pending("ProtocolCmDeregisterSap"),
                  "NdisMCmDeregisterSapComplete"},
                 true);
    expect_calls(s.client().calls_since(client_before_sap),
                 {pending("NdisClRegisterSap"), "ProtocolClRegisterSapComplete", pending("NdisClDeregisterSap"),
                  "ProtocolClDeregisterSapComplete"},
                 ordered);
  } else {
    expect_calls(s.cm().calls_from("ProtocolCmRegisterSap"), {"ProtocolCmRegisterSap", "ProtocolCmDeregisterSap"},
                 true);
    expect_calls(s.client().calls_since(client_before_sap), {"NdisClRegisterSap", "NdisClDeregisterSap"}, true);
  }
  EXPECT_EQ(s.close_af(), NDIS_STATUS_SUCCESS);
  expect_clean_shutdown(s);
}

struct CallOptions {
  TD_BEHAVIOR make = sync();
  TD_BEHAVIOR close = sync();
  ULONG flags = 0;  // TD_CALL_MULTIPOINT, TD_CALL_PVC
};

// 3.5 then 3.7: create a VC, make a call (the MCM answers at once, or pends and completes from a
// work item or a timer after activating the VC), close it, delete the VC, close the AF.
inline void outgoing_call(Scenario& s, bool ordered, const CallOptions& o) {
  s.cm().set(TdOpMakeCall, o.make);
  s.cm().set(TdOpCloseCall, o.close);
  s.start();
  ASSERT_TRUE(s.ok());
  const bool make_pends = o.make.Completion != TdCompleteSync;
  const bool close_pends = o.close.Completion != TdCompleteSync;

  EXPECT_EQ(s.create_vc(), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.make_call(0, o.flags), make_pends ? NDIS_STATUS_PENDING : NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.close_call(), close_pends ? NDIS_STATUS_PENDING : NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.delete_vc(), NDIS_STATUS_SUCCESS);

  Calls cm = {"ProtocolCoCreateVc"};
  Calls client = {"NdisCoCreateVc"};
  if (make_pends) {
    cm.insert(cm.end(), {pending("ProtocolCmMakeCall"), "NdisMCmActivateVc", "NdisMCmMakeCallComplete"});
    client.insert(client.end(), {pending("NdisClMakeCall"), "ProtocolClMakeCallComplete"});
  } else {
    cm.insert(cm.end(), {"NdisMCmActivateVc", "ProtocolCmMakeCall"});
    client.insert(client.end(), {"NdisClMakeCall"});
  }
  if (close_pends) {
    cm.insert(cm.end(), {pending("ProtocolCmCloseCall"), "NdisMCmDeactivateVc", "NdisMCmCloseCallComplete"});
    client.insert(client.end(), {pending("NdisClCloseCall"), "ProtocolClCloseCallComplete"});
  } else {
    cm.insert(cm.end(), {"NdisMCmDeactivateVc", "ProtocolCmCloseCall"});
    client.insert(client.end(), {"NdisClCloseCall"});
  }
  cm.push_back("ProtocolCoDeleteVc");
  client.push_back("NdisCoDeleteVc");
  expect_calls(s.cm().calls_from("ProtocolCoCreateVc"), cm, true);
  expect_calls(s.client().calls_from("NdisCoCreateVc"), client, ordered);

  const ULONG completed_flags =
      s.client().flags_of(make_pends ? "ProtocolClMakeCallComplete" : "NdisClMakeCall");
  if (o.make.ChangeParameters || (o.flags & TD_CALL_PVC) != 0) {
    EXPECT_NE(completed_flags & CALL_PARAMETERS_CHANGED, 0u) << "the MCM changed the parameters";
  } else {
    EXPECT_EQ(completed_flags & CALL_PARAMETERS_CHANGED, 0u);
  }
  if ((o.flags & TD_CALL_PVC) != 0) {
    EXPECT_NE(completed_flags & PERMANENT_VC, 0u);
  }

  EXPECT_EQ(s.close_af(), NDIS_STATUS_SUCCESS);
  expect_clean_shutdown(s);
}

// 3.5 step 5: the MCM fails the make-call (at once or from a timer); the client deletes the VC,
// which reaches the MCM's ProtocolCoDeleteVc.
inline void failed_call(Scenario& s, bool ordered, TD_BEHAVIOR make, ULONG flags) {
  s.cm().set(TdOpMakeCall, make);
  s.start();
  ASSERT_TRUE(s.ok());
  const bool pends = make.Completion != TdCompleteSync;
  EXPECT_EQ(s.create_vc(), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.make_call(0, flags), pends ? NDIS_STATUS_PENDING : make.Status);
  EXPECT_EQ(s.delete_vc(), NDIS_STATUS_SUCCESS);
  if (pends) {
    expect_calls(s.cm().calls_from("ProtocolCoCreateVc"),
                 {"ProtocolCoCreateVc", pending("ProtocolCmMakeCall"), failed("NdisMCmMakeCallComplete", make.Status),
                  "ProtocolCoDeleteVc"},
                 true);
    expect_calls(s.client().calls_from("NdisCoCreateVc"),
                 {"NdisCoCreateVc", pending("NdisClMakeCall"), failed("ProtocolClMakeCallComplete", make.Status),
                  "NdisCoDeleteVc"},
                 ordered);
  } else {
    expect_calls(s.cm().calls_from("ProtocolCoCreateVc"),
                 {"ProtocolCoCreateVc", failed("ProtocolCmMakeCall", make.Status), "ProtocolCoDeleteVc"}, true);
    expect_calls(s.client().calls_from("NdisCoCreateVc"),
                 {"NdisCoCreateVc", failed("NdisClMakeCall", make.Status), "NdisCoDeleteVc"}, true);
  }
  EXPECT_EQ(s.close_af(), NDIS_STATUS_SUCCESS);
  expect_clean_shutdown(s);
}

}  // namespace condis::e2e::mcm
