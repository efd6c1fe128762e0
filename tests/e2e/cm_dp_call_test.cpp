// The data path, requests and status of vc-data-requests.md section 3 end to end in their
// stand-alone call manager form: dp_client makes a call through dp_cm (a stand-alone CM), which
// activates the VC in dp_miniport (a plain CoNDIS miniport). Each sequence runs under the
// Deterministic scheduler for many seeds and asserts the exact order of calls and callbacks,
// what each driver saw, the findings (none, or the rule broken on purpose) and an empty leak
// report.
#include "e2e/support/cm_dp_sequences.hpp"

namespace condis::e2e::cmdp {
namespace {

constexpr uint64_t kSeeds = 40;
constexpr uint64_t kFaultSeeds = 20;
constexpr ULONG kNbls = 8;

template <class Body>
void for_each_seed(Body body, uint64_t seeds = kSeeds) {
  for (uint64_t seed = 1; seed <= seeds; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    CmDpScenario s(Scenario::deterministic(seed));
    body(s);
    if (::testing::Test::HasFailure()) return;
  }
}

// ---- 3.1, 3.2, 3.3 -------------------------------------------------------------------------

TEST(CmDpCall, SendsCompletedInsideTheSendHandlerAndReceivesReturnedAtOnce) {
  for_each_seed([](CmDpScenario& s) { send_and_receive(s, true, kNbls, false); });
}

TEST(CmDpCall, SendsCompletedFromATimer) {
  for_each_seed([](CmDpScenario& s) { send_and_receive(s, true, kNbls, true); });
}

TEST(CmDpCall, ReceivesKeptAndReturnedLaterTogether) {
  for_each_seed([](CmDpScenario& s) { receives_returned_later(s, true, kNbls, 3); });
}

TEST(CmDpCall, ReceivesWithTheResourcesFlagAreReclaimedByTheMiniport) {
  for_each_seed([](CmDpScenario& s) { receives_with_resources(s, true, 4, false); });
}

TEST(CmDpCall, ReturningReceivesIndicatedWithResourcesIsDp026) {
  for_each_seed([](CmDpScenario& s) { receives_with_resources(s, true, 2, true); }, kFaultSeeds);
}

// 3.1 variant 6, and 3.2 with the CM as the receiver.
TEST(CmDpCall, SignallingVcWithANullAfHandleCarriesTheCmsOwnTraffic) {
  for_each_seed([](CmDpScenario& s) { signalling_vc(s, true, 4); });
}

// ---- 3.4 -------------------------------------------------------------------------------------

TEST(CmDpRequest, ClientToCallManagerOnTheVcSynchronous) {
  for_each_seed([](CmDpScenario& s) { request_sequence(s, true, {DpRqCallManager, false}); });
}

TEST(CmDpRequest, ClientToCallManagerOnTheVcPendedAndCompleted) {
  for_each_seed([](CmDpScenario& s) { request_sequence(s, true, {DpRqCallManager, true}); });
}

TEST(CmDpRequest, ClientToCallManagerFailsPended) {
  for_each_seed([](CmDpScenario& s) {
    request_sequence(s, true, {DpRqCallManager, true, true, NDIS_STATUS_NOT_SUPPORTED});
  }, kFaultSeeds);
}

TEST(CmDpRequest, ClientToCallManagerWithoutVc) {
  for_each_seed([](CmDpScenario& s) { request_sequence(s, true, {DpRqCallManager, true, false}); }, kFaultSeeds);
}

// Variant 5: NULL AF handle, to the plain miniport; completed with NdisMCoOidRequestComplete.
TEST(CmDpRequest, ClientToMiniportOnTheVcSynchronous) {
  for_each_seed([](CmDpScenario& s) { request_sequence(s, true, {DpRqMiniport, false}); });
}

TEST(CmDpRequest, ClientToMiniportOnTheVcPendedAndCompleted) {
  for_each_seed([](CmDpScenario& s) { request_sequence(s, true, {DpRqMiniport, true}); });
}

TEST(CmDpRequest, ClientToMiniportWithoutVcPended) {
  for_each_seed([](CmDpScenario& s) { request_sequence(s, true, {DpRqMiniport, true, false}); }, kFaultSeeds);
}

// Variant 6: the stand-alone CM asks the client with NdisCoOidRequest.
TEST(CmDpRequest, CallManagerToClientOnTheVcSynchronous) {
  for_each_seed([](CmDpScenario& s) { request_sequence(s, true, {DpRqClient, false}); });
}

TEST(CmDpRequest, CallManagerToClientOnTheVcPendedAndCompleted) {
  for_each_seed([](CmDpScenario& s) { request_sequence(s, true, {DpRqClient, true}); });
}

// ---- 3.5 -------------------------------------------------------------------------------------

TEST(CmDpStatus, OnTheCallVcBothProtocolsOnTheSignallingVcTheCmAdapterWideEveryone) {
  for_each_seed([](CmDpScenario& s) { status_sequence(s, true); });
}

// ---- 3.6 -------------------------------------------------------------------------------------

TEST(CmDpDeactivation, PendsUntilSendsCompleteAndReceivesReturn) {
  for_each_seed([](CmDpScenario& s) { deactivation_with_data_outstanding(s, true, false); });
}

TEST(CmDpDeactivation, CompletingWithDataOutstandingIsVc011) {
  for_each_seed([](CmDpScenario& s) { deactivation_with_data_outstanding(s, true, true); }, kFaultSeeds);
}

}  // namespace
}  // namespace condis::e2e::cmdp
