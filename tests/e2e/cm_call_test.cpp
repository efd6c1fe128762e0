// End-to-end sequences through a stand-alone call manager (t_cm bound to the plain CoNDIS
// miniport t_miniport; call-management.md 3.1, 3.3, 3.4, 3.7, 3.11, 3.12), each run under the
// Deterministic scheduler for kSeeds seeds, asserting the exact callback sequence each of the
// three drivers saw, no finding, and an empty leak report.
#include "e2e/support/cm_sequences.hpp"

namespace condis::e2e {
namespace {

using cm::kStandAlone;

TEST(CmSequence, AfRegisterOpenCloseSynchronous) {
  for_each_seed(kStandAlone, [](Scenario& s, bool ordered) { cm::af_open_close(s, ordered, false); });
}

TEST(CmSequence, AfRegisterOpenClosePended) {
  for_each_seed(kStandAlone, [](Scenario& s, bool ordered) { cm::af_open_close(s, ordered, true); });
}

TEST(CmSequence, SapRegisterDeregisterSynchronous) {
  for_each_seed(kStandAlone, [](Scenario& s, bool ordered) { cm::sap_register_deregister(s, ordered, false); });
}

TEST(CmSequence, SapRegisterDeregisterPended) {
  for_each_seed(kStandAlone, [](Scenario& s, bool ordered) { cm::sap_register_deregister(s, ordered, true); });
}

// [CM 3.4] step 9 and [CM 3.7] 4[a]: everything answers at once.
TEST(CmSequence, OutgoingCallSynchronous) {
  for_each_seed(kStandAlone, [](Scenario& s, bool ordered) { cm::outgoing_call(s, ordered, {}); });
}

// The CM answers at once but the miniport pends the activation and the deactivation: the
// make-call and the close pend, finished from ProtocolCmActivateVcComplete /
// ProtocolCmDeactivateVcComplete.
TEST(CmSequence, OutgoingCallActivationPendedInMiniportFromWorkItem) {
  cm::CallOptions o;
  o.activate = pend_work_item();
  o.deactivate = pend_work_item();
  for_each_seed(kStandAlone, [&](Scenario& s, bool ordered) { cm::outgoing_call(s, ordered, o); });
}

TEST(CmSequence, OutgoingCallActivationPendedInMiniportFromTimer) {
  cm::CallOptions o;
  o.activate = pend_timer(4);
  o.deactivate = pend_timer(2);
  for_each_seed(kStandAlone, [&](Scenario& s, bool ordered) { cm::outgoing_call(s, ordered, o); });
}

// The CM pends (completes from a timer); the miniport activates at once.
TEST(CmSequence, OutgoingCallPendedInCmActivatedSynchronously) {
  cm::CallOptions o;
  o.make = pend_timer(10);
  o.close = pend_timer(3);
  for_each_seed(kStandAlone, [&](Scenario& s, bool ordered) { cm::outgoing_call(s, ordered, o); });
}

// Both pend: [CM 3.4] step 6[b] inside a pended make-call.
TEST(CmSequence, OutgoingCallPendedInCmAndInMiniport) {
  cm::CallOptions o;
  o.make = pend_timer(1);
  o.close = pend_work_item();
  o.activate = pend_work_item();
  o.deactivate = pend_timer(5);
  for_each_seed(kStandAlone, [&](Scenario& s, bool ordered) { cm::outgoing_call(s, ordered, o); });
}

TEST(CmSequence, OutgoingCallWithChangedParameters) {
  cm::CallOptions o;
  o.make = pend_timer(1);
  o.make.ChangeParameters = TRUE;
  for_each_seed(kStandAlone, [&](Scenario& s, bool ordered) { cm::outgoing_call(s, ordered, o); });
}

TEST(CmSequence, OutgoingMultipointCallWithFirstParty) {
  cm::CallOptions o;
  o.make = pend_timer(2);
  o.activate = pend_timer(1);
  o.close = pend_work_item();
  o.flags = TD_CALL_MULTIPOINT;
  for_each_seed(kStandAlone, [&](Scenario& s, bool ordered) { cm::outgoing_call(s, ordered, o); });
}

TEST(CmSequence, OutgoingCallRefusedByCmSynchronously) {
  for_each_seed(kStandAlone, [](Scenario& s, bool ordered) {
    cm::failed_call(s, ordered, sync(NDIS_STATUS_RESOURCES), sync(), 0);
  });
}

TEST(CmSequence, OutgoingCallRefusedByCmFromTimer) {
  for_each_seed(kStandAlone, [](Scenario& s, bool ordered) {
    cm::failed_call(s, ordered, pend_timer(4, NDIS_STATUS_DEST_OUT_OF_ORDER), sync(), TD_CALL_MULTIPOINT);
  });
}

// [CM 1.6.2]: the miniport fails the activation; the CM fails the make-call with its status.
TEST(CmSequence, ActivationFailedSynchronouslyFailsTheCall) {
  for_each_seed(kStandAlone, [](Scenario& s, bool ordered) {
    cm::failed_call(s, ordered, sync(), sync(NDIS_STATUS_INVALID_DATA), 0);
  });
}

TEST(CmSequence, ActivationFailedInCompletionFailsThePendedCall) {
  for_each_seed(kStandAlone, [](Scenario& s, bool ordered) {
    cm::failed_call(s, ordered, pend_timer(2), pend_work_item(NDIS_STATUS_RESOURCES), TD_CALL_MULTIPOINT);
  });
}

TEST(CmSequence, ActivationFailedInCompletionFailsTheSynchronousCall) {
  for_each_seed(kStandAlone, [](Scenario& s, bool ordered) {
    cm::failed_call(s, ordered, sync(), pend_timer(3, NDIS_STATUS_INVALID_DATA), 0);
  });
}

TEST(CmSequence, PvcCallSynchronous) {
  cm::CallOptions o;
  o.flags = TD_CALL_PVC;
  for_each_seed(kStandAlone, [&](Scenario& s, bool ordered) { cm::outgoing_call(s, ordered, o); });
}

TEST(CmSequence, PvcCallPended) {
  cm::CallOptions o;
  o.make = pend_timer(5);
  o.close = pend_timer(5);
  o.activate = pend_work_item();
  o.flags = TD_CALL_PVC;
  for_each_seed(kStandAlone, [&](Scenario& s, bool ordered) { cm::outgoing_call(s, ordered, o); });
}

// 3.12 step 2: no PVC with that identifier: the CM fails with NDIS_STATUS_FAILURE and never
// activates the VC.
TEST(CmSequence, PvcCallToUnknownPvcFails) {
  for_each_seed(kStandAlone, [](Scenario& s, bool) {
    s.start();
    ASSERT_TRUE(s.ok());
    const ULONG unknown_pvc_slot = TD_PVC_COUNT + 1;
    EXPECT_EQ(s.create_vc(unknown_pvc_slot), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(s.make_call(unknown_pvc_slot, TD_CALL_PVC), NDIS_STATUS_FAILURE);
    EXPECT_EQ(s.delete_vc(unknown_pvc_slot), NDIS_STATUS_SUCCESS);
    expect_calls(s.cm().calls_from("ProtocolCoCreateVc"),
                 {"ProtocolCoCreateVc", failed("ProtocolCmMakeCall", NDIS_STATUS_FAILURE), "ProtocolCoDeleteVc"},
                 true);
    expect_calls(s.miniport().calls_from("MiniportCoCreateVc"), {"MiniportCoCreateVc", "MiniportCoDeleteVc"}, true);
    EXPECT_EQ(s.close_af(), NDIS_STATUS_SUCCESS);
    cm::expect_clean_teardown(s);
  });
}

// The miniport refuses the VC: NDIS undoes the CM's creation and the client's NdisCoCreateVc
// fails with the miniport's status.
TEST(CmSequence, VcRefusedByMiniportIsUndoneInTheCm) {
  for_each_seed(kStandAlone, [](Scenario& s, bool) {
    s.miniport().set(TdOpCreateVc, sync(NDIS_STATUS_RESOURCES));
    s.start();
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s.create_vc(), NDIS_STATUS_RESOURCES);
    expect_calls(s.cm().calls_from("ProtocolCoCreateVc"), {"ProtocolCoCreateVc", "ProtocolCoDeleteVc"}, true);
    EXPECT_EQ(s.close_af(), NDIS_STATUS_SUCCESS);
    cm::expect_clean_teardown(s);
  }, 20);
}

// 3.11 with a refusal: the AF cannot close while a VC exists (CM-035); after deleting the VC it
// closes.
TEST(CmSequence, AfCloseRefusedWhileVcExists) {
  for_each_seed(kStandAlone, [](Scenario& s, bool) {
    s.start();
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s.create_vc(), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(s.close_af(), NDIS_STATUS_FAILURE);
    EXPECT_FALSE(s.cm().saw("ProtocolCmCloseAf"));
    EXPECT_EQ(count_rule(s.findings(), "CM-035"), s.findings().size());
    EXPECT_EQ(s.delete_vc(), NDIS_STATUS_SUCCESS);
    s.rt().clear_findings();  // the refused close is reported as CM-035
    EXPECT_EQ(s.close_af(), NDIS_STATUS_SUCCESS);
    cm::expect_clean_teardown(s);
  }, 20);
}

// 3.11, CM-initiated: t_cm unbinds while the client still has its AF open and a SAP registered.
// t_cm notifies the AF instance from ProtocolUnbindAdapterEx; inside ProtocolClNotifyCloseAf the
// client deregisters its SAP and closes the AF, which reach the CM before the notify returns;
// then the CM closes its binding.
TEST(CmSequence, CmUnbindNotifiesTheClientToCloseItsAf) {
  for_each_seed(kStandAlone, [](Scenario& s, bool) {
    s.start();
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s.register_sap(), NDIS_STATUS_SUCCESS);
    const size_t client_before = s.client().calls().size();
    ASSERT_TRUE(s.rt().uninstall_protocol(s.cm().id()).has_value());
    s.rt().run_until_idle();
    expect_calls(s.cm().calls_from("ProtocolUnbindAdapterEx"),
                 {"ProtocolUnbindAdapterEx", "ProtocolCmDeregisterSap", "ProtocolCmCloseAf",
                  "NdisCmNotifyCloseAddressFamily", "NdisCloseAdapterEx"},
                 true);
    expect_calls(cm::calls_since(s.client(), client_before),
                 {"ProtocolClNotifyCloseAf", "NdisClDeregisterSap", "NdisClCloseAddressFamily"}, true);
    cm::expect_clean_teardown(s);
  }, 50);
}

}  // namespace
}  // namespace condis::e2e
