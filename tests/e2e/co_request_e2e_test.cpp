// CoNDIS requests and status indications end to end through C drivers (vc-data-requests.md 3.4,
// 3.5): dp_client asks dp_mcm's call manager and its miniport, dp_mcm asks dp_client through
// NdisMCmOidRequest, and dp_mcm indicates status on the call's VC and adapter-wide; each answered
// at once, pended and completed from a timer or a work item, failed, or with a short buffer.
// Every sequence runs under the Deterministic scheduler for many seeds; the faulty drivers'
// sequences assert the finding by rule id.
#include "e2e/support/co_request_sequences.hpp"

namespace condis::e2e::rq {
namespace {

constexpr uint64_t kSeeds = 200;
constexpr uint64_t kFaultSeeds = 50;

template <class Body>
void for_each_seed(Body body, uint64_t seeds = kSeeds) {
  for (uint64_t seed = 1; seed <= seeds; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    RqScenario s(Scenario::deterministic(seed));
    body(s);
    if (::testing::Test::HasFailure()) return;
  }
}

RqCase make(DP_RQ_HANDLER target, DP_RQ_ANSWER answer, bool on_vc = true) {
  RqCase c;
  c.target = target;
  c.answer = answer;
  c.on_vc = on_vc;
  return c;
}

// ---- 3.4: client -> call manager (an MCM: completed with NdisMCmOidRequestComplete) -------------

TEST(CoRequestE2e, ClientToCallManagerSynchronous) {
  for_each_seed([](RqScenario& s) { request_sequence(s, make(DpRqCallManager, DpRqSync)); });
}

TEST(CoRequestE2e, ClientToCallManagerPendedCompletedFromTimer) {
  for_each_seed([](RqScenario& s) { request_sequence(s, make(DpRqCallManager, DpRqTimer)); });
}

TEST(CoRequestE2e, ClientToCallManagerPendedCompletedFromWorkItem) {
  for_each_seed([](RqScenario& s) { request_sequence(s, make(DpRqCallManager, DpRqWorkItem)); });
}

TEST(CoRequestE2e, ClientToCallManagerWithoutVc) {
  for_each_seed([](RqScenario& s) { request_sequence(s, make(DpRqCallManager, DpRqTimer, false)); });
}

TEST(CoRequestE2e, ClientToCallManagerFailsSynchronouslyAndPended) {
  for_each_seed([](RqScenario& s) {
    RqCase c = make(DpRqCallManager, DpRqSync);
    c.status = NDIS_STATUS_NOT_SUPPORTED;
    request_sequence(s, c);
  }, kSeeds / 2);
  for_each_seed([](RqScenario& s) {
    RqCase c = make(DpRqCallManager, DpRqTimer);
    c.status = NDIS_STATUS_INVALID_DATA;
    request_sequence(s, c);
  }, kSeeds / 2);
}

TEST(CoRequestE2e, ClientToCallManagerShortBufferGetsBytesNeeded) {
  for_each_seed([](RqScenario& s) {
    RqCase c = make(DpRqCallManager, DpRqSync);
    c.length = 4;
    request_sequence(s, c);
  }, kSeeds / 2);
  for_each_seed([](RqScenario& s) {
    RqCase c = make(DpRqCallManager, DpRqTimer);
    c.length = 4;
    request_sequence(s, c);
  }, kSeeds / 2);
}

// ---- 3.4 step 5: client -> miniport (NULL AF handle; NdisMCoOidRequestComplete) --------------

TEST(CoRequestE2e, ClientToMiniportOnVcSynchronous) {
  for_each_seed([](RqScenario& s) { request_sequence(s, make(DpRqMiniport, DpRqSync)); });
}

TEST(CoRequestE2e, ClientToMiniportOnVcPendedCompletedFromTimer) {
  for_each_seed([](RqScenario& s) { request_sequence(s, make(DpRqMiniport, DpRqTimer)); });
}

TEST(CoRequestE2e, ClientToMiniportGlobalPendedCompletedFromWorkItem) {
  for_each_seed([](RqScenario& s) { request_sequence(s, make(DpRqMiniport, DpRqWorkItem, false)); });
}

TEST(CoRequestE2e, ClientToMiniportShortBufferPended) {
  for_each_seed([](RqScenario& s) {
    RqCase c = make(DpRqMiniport, DpRqTimer);
    c.length = 2;
    request_sequence(s, c);
  });
}

TEST(CoRequestE2e, MiniportTakesASecondRequestWhileOneIsPending) {
  for_each_seed([](RqScenario& s) { two_requests_pending_in_the_miniport(s, DpRqTimer); });
}

// ---- 3.4 step 6: MCM -> client (NdisMCmOidRequest; NdisCoOidRequestComplete) -----------------

TEST(CoRequestE2e, McmToClientSynchronous) {
  for_each_seed([](RqScenario& s) { request_sequence(s, make(DpRqClient, DpRqSync)); });
}

TEST(CoRequestE2e, McmToClientPendedCompletedFromTimer) {
  for_each_seed([](RqScenario& s) { request_sequence(s, make(DpRqClient, DpRqTimer)); });
}

TEST(CoRequestE2e, McmToClientWithoutVcFailed) {
  for_each_seed([](RqScenario& s) {
    RqCase c = make(DpRqClient, DpRqWorkItem, false);
    c.status = NDIS_STATUS_NOT_SUPPORTED;
    request_sequence(s, c);
  });
}

// ---- 3.4, faulty targets ---------------------------------------------------------------------

TEST(CoRequestE2eFaults, CallManagerCompletesTwiceIsRq002) {
  for_each_seed([](RqScenario& s) {
    RqCase c = make(DpRqCallManager, DpRqTimer);
    c.fault = DpRqFaultCompleteTwice;
    faulty_request_sequence(s, c, "RQ-002", 1);
  }, kFaultSeeds);
}

TEST(CoRequestE2eFaults, MiniportCompletesTwiceIsRq002) {
  for_each_seed([](RqScenario& s) {
    RqCase c = make(DpRqMiniport, DpRqWorkItem);
    c.fault = DpRqFaultCompleteTwice;
    faulty_request_sequence(s, c, "RQ-002", 1);
  }, kFaultSeeds);
}

TEST(CoRequestE2eFaults, ClientCompletesAfterASynchronousReturnIsRq002) {
  for_each_seed([](RqScenario& s) {
    RqCase c = make(DpRqClient, DpRqSync);
    c.fault = DpRqFaultCompleteAfterSync;
    faulty_request_sequence(s, c, "RQ-002", 1);
  }, kFaultSeeds);
}

TEST(CoRequestE2eFaults, CallManagerNeverCompletesIsRq003AndALeak) {
  for_each_seed([](RqScenario& s) { faulty_request_sequence(s, make(DpRqCallManager, DpRqNever), "RQ-003", 0); },
                kFaultSeeds);
}

TEST(CoRequestE2eFaults, MiniportNeverCompletesIsRq003AndALeak) {
  for_each_seed([](RqScenario& s) { faulty_request_sequence(s, make(DpRqMiniport, DpRqNever), "RQ-003", 0); },
                kFaultSeeds);
}

TEST(CoRequestE2eFaults, ClientNeverCompletesIsRq003AndALeak) {
  for_each_seed([](RqScenario& s) { faulty_request_sequence(s, make(DpRqClient, DpRqNever), "RQ-003", 0); },
                kFaultSeeds);
}

TEST(CoRequestE2eFaults, McmCompletingItsCallManagerRequestWithNdisCoOidRequestCompleteIsRq007) {
  for_each_seed([](RqScenario& s) {
    RqCase c = make(DpRqCallManager, DpRqTimer);
    c.fault = DpRqFaultWrongCompletion;
    faulty_request_sequence(s, c, "RQ-007", 1);
  }, kFaultSeeds);
}

TEST(CoRequestE2eFaults, MiniportCompletingWithACallManagerFunctionIsRq005) {
  for_each_seed([](RqScenario& s) {
    RqCase c = make(DpRqMiniport, DpRqTimer);
    c.fault = DpRqFaultWrongCompletion;
    faulty_request_sequence(s, c, "RQ-005", 1);
  }, kFaultSeeds);
}

TEST(CoRequestE2eFaults, ShortBufferWithoutBytesNeededIsRq011) {
  for_each_seed([](RqScenario& s) {
    RqCase c = make(DpRqCallManager, DpRqSync);
    c.length = 4;
    c.fault = DpRqFaultNoBytesNeeded;
    faulty_request_sequence(s, c, "RQ-011", 0);
  }, kFaultSeeds);
}

// ---- 3.5: status indications -------------------------------------------------------------------

TEST(CoStatusE2e, OnTheVcAndAdapterWide) {
  for_each_seed([](RqScenario& s) { status_sequence(s); });
}

TEST(CoStatusE2e, AdapterWideReachesEveryBoundProtocolAndVcStatusOnlyTheSharers) {
  for_each_seed([](RqScenario& s) { status_sequence(s, /*second_protocol=*/true); });
}

TEST(CoStatusE2eFaults, WrongSourceHandleIsSt003AndStillDelivered) {
  for_each_seed([](RqScenario& s) { faulty_status_sequence(s, DpStFaultWrongSource, "ST-003", true); }, kFaultSeeds);
}

TEST(CoStatusE2eFaults, BadHeaderIsSt002AndDropped) {
  for_each_seed([](RqScenario& s) { faulty_status_sequence(s, DpStFaultBadHeader, "ST-002", false); }, kFaultSeeds);
}

TEST(CoStatusE2eFaults, DeletedVcIsSt004AndDropped) {
  for_each_seed([](RqScenario& s) { faulty_status_sequence(s, DpStFaultStaleVc, "ST-004", false); }, kFaultSeeds);
}

}  // namespace
}  // namespace condis::e2e::rq
