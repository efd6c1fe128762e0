// The MCM sequences under the Threaded scheduler (real threads as processors; run under TSan by
// `make test-tsan`). A driver's log is compared as a multiset: a request may return after its
// completion callback ran on another processor, which NDIS allows.
#include "e2e/support/mcm_sequences.hpp"

namespace condis::e2e {
namespace {

constexpr auto kMcm = Scenario::Kind::Mcm;

TEST(McmSequenceThreaded, AfRegisterOpenClosePended) {
  for_threaded_runs(kMcm, [](Scenario& s, bool ordered) { mcm::af_open_close(s, ordered, true); });
}

TEST(McmSequenceThreaded, SapRegisterDeregisterPended) {
  for_threaded_runs(kMcm, [](Scenario& s, bool ordered) { mcm::sap_register_deregister(s, ordered, true); });
}

TEST(McmSequenceThreaded, OutgoingCallSynchronous) {
  for_threaded_runs(kMcm, [](Scenario& s, bool ordered) { mcm::outgoing_call(s, ordered, {}); });
}

TEST(McmSequenceThreaded, OutgoingCallPendedFromTimer) {
  mcm::CallOptions o;
  o.make = pend_timer(1);
  o.close = pend_timer(1);
  for_threaded_runs(kMcm, [&](Scenario& s, bool ordered) { mcm::outgoing_call(s, ordered, o); });
}

TEST(McmSequenceThreaded, OutgoingMultipointCallPendedFromWorkItem) {
  mcm::CallOptions o;
  o.make = pend_work_item();
  o.close = pend_work_item();
  o.flags = TD_CALL_MULTIPOINT;
  for_threaded_runs(kMcm, [&](Scenario& s, bool ordered) { mcm::outgoing_call(s, ordered, o); });
}

TEST(McmSequenceThreaded, PvcCallPended) {
  mcm::CallOptions o;
  o.make = pend_work_item();
  o.flags = TD_CALL_PVC;
  for_threaded_runs(kMcm, [&](Scenario& s, bool ordered) { mcm::outgoing_call(s, ordered, o); });
}

TEST(McmSequenceThreaded, OutgoingCallFailsFromTimer) {
  for_threaded_runs(kMcm, [](Scenario& s, bool ordered) {
    mcm::failed_call(s, ordered, pend_timer(1, NDIS_STATUS_DEST_OUT_OF_ORDER), TD_CALL_MULTIPOINT);
  });
}

}  // namespace
}  // namespace condis::e2e
