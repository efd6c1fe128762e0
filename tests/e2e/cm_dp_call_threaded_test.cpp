// The stand-alone call manager sequences of cm_dp_call_test.cpp under the Threaded scheduler:
// real threads, so timers (send completions, receive indications, pended requests and the pended
// deactivation) run on other processors than the actions. Each step's events are compared as a
// multiset; the counters, records, findings and leak report exactly.
#include "e2e/support/cm_dp_sequences.hpp"

namespace condis::e2e::cmdp {
namespace {

constexpr int kRuns = 3;
constexpr ULONG kNbls = 16;

template <class Body>
void runs(Body body, int n = kRuns) {
  for (int i = 0; i < n && !::testing::Test::HasFailure(); ++i) {
    CmDpScenario s(Scenario::threaded());
    body(s);
  }
}

TEST(CmDpCallThreaded, SendsAndReceivesCompletedAtOnce) {
  runs([](CmDpScenario& s) { send_and_receive(s, false, kNbls, false); });
}

TEST(CmDpCallThreaded, SendsCompletedFromATimer) {
  runs([](CmDpScenario& s) { send_and_receive(s, false, kNbls, true); });
}

TEST(CmDpCallThreaded, ReceivesKeptAndReturnedLater) {
  runs([](CmDpScenario& s) { receives_returned_later(s, false, 8, 3); });
}

TEST(CmDpCallThreaded, ReceivesWithTheResourcesFlag) {
  runs([](CmDpScenario& s) { receives_with_resources(s, false, 4, false); });
}

TEST(CmDpCallThreaded, SignallingVcAlongsideTheClientsCall) {
  runs([](CmDpScenario& s) { signalling_vc(s, false, 8); });
}

TEST(CmDpRequestThreaded, ClientToCallManagerPended) {
  runs([](CmDpScenario& s) { request_sequence(s, false, {DpRqCallManager, true}); });
}

TEST(CmDpRequestThreaded, ClientToMiniportPended) {
  runs([](CmDpScenario& s) { request_sequence(s, false, {DpRqMiniport, true}); });
}

TEST(CmDpRequestThreaded, CallManagerToClientPended) {
  runs([](CmDpScenario& s) { request_sequence(s, false, {DpRqClient, true}); });
}

TEST(CmDpStatusThreaded, OnTheVcAndAdapterWide) {
  runs([](CmDpScenario& s) { status_sequence(s, false); });
}

TEST(CmDpDeactivationThreaded, PendsUntilSendsCompleteAndReceivesReturn) {
  runs([](CmDpScenario& s) { deactivation_with_data_outstanding(s, false, false); });
}

TEST(CmDpDeactivationThreaded, CompletingWithDataOutstandingIsVc011) {
  runs([](CmDpScenario& s) { deactivation_with_data_outstanding(s, false, true); }, 1);
}

}  // namespace
}  // namespace condis::e2e::cmdp
