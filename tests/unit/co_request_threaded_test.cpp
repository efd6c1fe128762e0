// RQ-015 with real overlap: the MCM's CmOidRequestHandler starts its completion on another
// processor and waits a little, as a handler spinning on hardware would, so
// NdisMCmOidRequestComplete runs while the handler still runs or after its PENDING return. Either
// way the client gets exactly one ProtocolCoOidRequestComplete and nothing is left pending.
// Deterministic seeds explore both orders; the threaded scheduler runs it under TSan.
#include <atomic>
#include <memory>

#include "co_request_support.hpp"

namespace {

using namespace rqtest;

struct Overlap {
  RqWorld* t = nullptr;
  std::atomic<int> completions{0};
  std::atomic<NDIS_STATUS> status{-1};
  std::atomic<NDIS_STATUS> returned{-1};
};
Overlap* ov = nullptr;
std::atomic<int> completed_inside_handler{0}, completed_after_return{0};

NDIS_STATUS SlowMcmRequest(NDIS_HANDLE, NDIS_HANDLE, NDIS_HANDLE, PNDIS_OID_REQUEST r) {
  auto& sched = ov->t->w.rt.scheduler();
  auto done = std::make_shared<std::atomic<bool>>(false);
  NDIS_HANDLE af = ov->t->w.af, vc = ov->t->vc;
  auto complete = [af, vc, r, done] {
    NdisMCmOidRequestComplete(af, vc, nullptr, r, NDIS_STATUS_SUCCESS);
    done->store(true);
  };
  if (sched.deterministic()) {
    sched.post_at(sched.now_ns() + sched.random() % 2000, complete);
    sched.wait_until([done] { return done->load(); }, 1000);
    ++(done->load() ? completed_inside_handler : completed_after_return);
  } else {
    sched.post(complete);
    sched.wait_until([done] { return done->load(); }, 20'000);
  }
  return NDIS_STATUS_PENDING;
}

VOID CountingDone(NDIS_HANDLE, NDIS_HANDLE, NDIS_HANDLE, PNDIS_OID_REQUEST, NDIS_STATUS s) {
  ov->status = s;
  ++ov->completions;
}

void completion_overlaps_handler() {
  RqWorld t(/*mcm=*/true);
  Overlap o;
  ov = &o;
  o.t = &t;
  t.w.rt.calls().find_driver(t.w.mcm_driver.handle)->cm.CmOidRequestHandler = SlowMcmRequest;
  t.w.rt.calls().find_driver(t.w.client.handle)->client.ClOidRequestCompleteHandler = CountingDone;
  t.w.rt.scheduler().post([&] { o.returned = NdisCoOidRequest(t.client_binding(), t.w.af, t.vc, nullptr, &t.req); });
  t.w.rt.scheduler().run_until_idle();
  EXPECT_EQ(o.returned.load(), NDIS_STATUS_PENDING);
  EXPECT_EQ(o.completions.load(), 1);
  EXPECT_EQ(o.status.load(), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(t.w.rt.calls().requests().pending_count(), 0u);
  EXPECT_EQ(t.w.total(), 0u) << t.w.findings_text();
  ov = nullptr;
}

TEST(CoRequestOverlap, RQ015_CompletionBeforeOrAfterThePendingReturnDeterministic) {
  completed_inside_handler = completed_after_return = 0;
  for (uint64_t seed = 1; seed <= 40 && !HasFailure(); ++seed) {
    world_scheduling = {condis::SchedulerKind::Deterministic, 2, seed};
    completion_overlaps_handler();
  }
  world_scheduling = {};
  EXPECT_GT(completed_inside_handler.load(), 0);  // both orders were explored
  EXPECT_GT(completed_after_return.load(), 0);
}

TEST(CoRequestOverlap, RQ015_CompletionBeforeOrAfterThePendingReturnThreaded) {
  world_scheduling = {condis::SchedulerKind::Threaded, 4, 1};
  for (int i = 0; i < 30 && !HasFailure(); ++i) completion_overlaps_handler();
  world_scheduling = {};
}

}  // namespace
