// DP-018 (vc-data-requests.md 4.B): with VerifierOptions::check_send_completion_time on, a send
// NBL the miniport holds longer than send_completion_limit (scheduler time) is reported; the
// option is off by default.
#include <chrono>

#include "data_path_support.hpp"

using namespace dptest;

namespace {

void check_sends(DpWorld& d, std::chrono::nanoseconds limit) {
  d.w.rt.verifier_options().check_send_completion_time = true;
  d.w.rt.verifier_options().send_completion_limit = limit;
}

TEST(DataPathSendTime, Dp018_SendHeldPastTheLimitIsReported) {
  DpWorld d;
  check_sends(d, std::chrono::seconds(30));
  PNET_BUFFER_LIST a = d.client_nbl();
  NdisCoSendNetBufferLists(d.vc, a, 0);
  ASSERT_EQ(dp.miniport_queue.size(), 1u);
  d.w.rt.scheduler().advance(29'000'000'000);
  EXPECT_EQ(d.w.count("DP-018"), 0u);
  d.w.rt.scheduler().advance(2'000'000'000);
  ASSERT_EQ(d.w.count("DP-018"), 1u) << d.w.findings_text();
  EXPECT_NE(d.w.findings_text().find("NetBufferList"), std::string::npos);
  d.complete_all();  // late, still handed back, reported once
  EXPECT_EQ(dp.completed.size(), 1u);
  d.w.rt.scheduler().advance(60'000'000'000);
  EXPECT_EQ(d.w.count("DP-018"), 1u);
}

TEST(DataPathSendTime, Dp018_NeverCompletedSendIsReportedWhenTheSchedulerRunsIdle) {
  DpWorld d;
  check_sends(d, std::chrono::milliseconds(10));
  NdisCoSendNetBufferLists(d.vc, d.client_nbl(), 0);
  d.w.rt.scheduler().run_until_idle();
  EXPECT_EQ(d.w.count("DP-018"), 1u);
  d.complete_all();
}

TEST(DataPathSendTime, Dp018_SendCompletedInTimeIsNotReported) {
  DpWorld d;
  check_sends(d, std::chrono::seconds(30));
  PNET_BUFFER_LIST a = d.client_nbl(), b = d.client_nbl();
  NET_BUFFER_LIST_NEXT_NBL(a) = b;
  NdisCoSendNetBufferLists(d.vc, a, 0);
  d.w.rt.scheduler().advance(1'000'000'000);
  d.complete_all();
  // The same NBL sent again and completed in time: the first send's clock does not count.
  NET_BUFFER_LIST_NEXT_NBL(a) = nullptr;
  NdisCoSendNetBufferLists(d.vc, a, 0);
  d.w.rt.scheduler().advance(20'000'000'000);
  d.complete_all();
  d.w.rt.scheduler().advance(60'000'000'000);
  EXPECT_EQ(dp.completed.size(), 3u);
  EXPECT_EQ(d.w.count("DP-018"), 0u) << d.w.findings_text();
  EXPECT_EQ(d.w.total(), 0u) << d.w.findings_text();
}

TEST(DataPathSendTime, Dp018_OffByDefault) {
  DpWorld d;
  EXPECT_FALSE(d.w.rt.config().verifier_options.check_send_completion_time);
  NdisCoSendNetBufferLists(d.vc, d.client_nbl(), 0);
  d.w.rt.scheduler().advance(120'000'000'000);
  EXPECT_EQ(d.w.count("DP-018"), 0u);
  d.complete_all();
}

}  // namespace
