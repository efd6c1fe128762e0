// The stand-alone CM sequences under the Threaded scheduler (real threads as processors; run
// under TSan by `make test-tsan`). A driver's log is compared as a multiset: a request may
// return after its completion callback ran on another processor, which NDIS allows.
#include "e2e/support/cm_sequences.hpp"

namespace condis::e2e {
namespace {

using cm::kStandAlone;

TEST(CmSequenceThreaded, AfRegisterOpenClosePended) {
  for_threaded_runs(kStandAlone, [](Scenario& s, bool ordered) { cm::af_open_close(s, ordered, true); });
}

TEST(CmSequenceThreaded, SapRegisterDeregisterPended) {
  for_threaded_runs(kStandAlone, [](Scenario& s, bool ordered) { cm::sap_register_deregister(s, ordered, true); });
}

TEST(CmSequenceThreaded, OutgoingCallSynchronous) {
  for_threaded_runs(kStandAlone, [](Scenario& s, bool ordered) { cm::outgoing_call(s, ordered, {}); });
}

TEST(CmSequenceThreaded, OutgoingCallActivationPendedInMiniport) {
  cm::CallOptions o;
  o.activate = pend_work_item();
  o.deactivate = pend_work_item();
  for_threaded_runs(kStandAlone, [&](Scenario& s, bool ordered) { cm::outgoing_call(s, ordered, o); });
}

TEST(CmSequenceThreaded, OutgoingMultipointCallPendedInCmAndMiniport) {
  cm::CallOptions o;
  o.make = pend_timer(1);
  o.close = pend_timer(1);
  o.activate = pend_work_item();
  o.deactivate = pend_timer(1);
  o.flags = TD_CALL_MULTIPOINT;
  for_threaded_runs(kStandAlone, [&](Scenario& s, bool ordered) { cm::outgoing_call(s, ordered, o); });
}

TEST(CmSequenceThreaded, PvcCallPended) {
  cm::CallOptions o;
  o.make = pend_timer(1);
  o.activate = pend_work_item();
  o.flags = TD_CALL_PVC;
  for_threaded_runs(kStandAlone, [&](Scenario& s, bool ordered) { cm::outgoing_call(s, ordered, o); });
}

TEST(CmSequenceThreaded, ActivationFailedInCompletionFailsTheCall) {
  for_threaded_runs(kStandAlone, [](Scenario& s, bool ordered) {
    cm::failed_call(s, ordered, sync(), pend_work_item(NDIS_STATUS_RESOURCES), TD_CALL_MULTIPOINT);
  });
}

}  // namespace
}  // namespace condis::e2e
