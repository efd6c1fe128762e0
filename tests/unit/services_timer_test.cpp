// NDIS timer objects on the deterministic scheduler (driver-model.md 2.8.6, 4.H SVC-052..056).
#include "unit/services_support.hpp"

#include <vector>

namespace condis::test {
namespace {

struct Fired {
  std::vector<uint64_t> at_ns;
  std::vector<PVOID> contexts;
  RuntimeCore* rt = nullptr;
};
Fired* g_fired = nullptr;

void RecordingTimer(PVOID s1, PVOID context, PVOID s2, PVOID s3) {
  EXPECT_EQ(s1, nullptr);
  EXPECT_EQ(s2, nullptr);
  EXPECT_EQ(s3, nullptr);
  EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);
  g_fired->at_ns.push_back(g_fired->rt->scheduler().now_ns());
  g_fired->contexts.push_back(context);
}

class TimerTest : public ServicesTest {
 protected:
  Fired fired;
  int default_context = 0;
  void SetUp() override {
    ServicesTest::SetUp();
    fired.rt = rt_.get();
    g_fired = &fired;
  }
  NDIS_TIMER_CHARACTERISTICS characteristics() {
    NDIS_TIMER_CHARACTERISTICS tc{};
    tc.Header.Type = NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS;
    tc.Header.Revision = NDIS_TIMER_CHARACTERISTICS_REVISION_1;
    tc.Header.Size = NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1;
    tc.AllocationTag = 'rmiT';
    tc.TimerFunction = &RecordingTimer;
    tc.FunctionContext = &default_context;
    return tc;
  }
  NDIS_HANDLE make_timer(NDIS_HANDLE owner = nullptr) {
    NDIS_TIMER_CHARACTERISTICS tc = characteristics();
    NDIS_HANDLE timer = nullptr;
    EXPECT_EQ(NdisAllocateTimerObject(owner ? owner : adapter, &tc, &timer), NDIS_STATUS_SUCCESS);
    return timer;
  }
  static LARGE_INTEGER relative_ms(int64_t ms) {
    LARGE_INTEGER t;
    t.QuadPart = -ms * 10'000;
    return t;
  }
};

// SVC-056: the tests named Svc056... below check this rule.
TEST_F(TimerTest, Svc056OneShotFiresOnceAtItsDueTimeWithTheDefaultContext) {
  NDIS_HANDLE timer = make_timer();
  EXPECT_FALSE(NdisSetTimerObject(timer, relative_ms(10), 0, nullptr));
  core().scheduler().run_until_idle();
  ASSERT_EQ(fired.at_ns.size(), 1u);
  EXPECT_EQ(fired.at_ns[0], 10'000'000u);
  EXPECT_EQ(fired.contexts[0], &default_context);
  EXPECT_FALSE(NdisCancelTimerObject(timer));  // already fired
  NdisFreeTimerObject(timer);
  EXPECT_NO_FINDINGS();
}

TEST_F(TimerTest, Svc056AbsoluteDueTimeUsesTheSystemClock) {
  NDIS_HANDLE timer = make_timer();
  LARGE_INTEGER now;
  NdisGetCurrentSystemTime(&now);
  LARGE_INTEGER due;
  due.QuadPart = now.QuadPart + 5 * 10'000;  // 5 ms from now, absolute
  NdisSetTimerObject(timer, due, 0, nullptr);
  core().scheduler().run_until_idle();
  ASSERT_EQ(fired.at_ns.size(), 1u);
  EXPECT_EQ(fired.at_ns[0], 5'000'000u);
  NdisFreeTimerObject(timer);
  EXPECT_NO_FINDINGS();
}

TEST_F(TimerTest, Svc056ResetReturnsTrueAndReplacesTheDueTimeAndContext) {
  NDIS_HANDLE timer = make_timer();
  int other = 0;
  NdisSetTimerObject(timer, relative_ms(10), 0, nullptr);
  EXPECT_TRUE(NdisSetTimerObject(timer, relative_ms(30), 0, &other));
  core().scheduler().run_until_idle();
  ASSERT_EQ(fired.at_ns.size(), 1u);  // only one instance is queued at a time
  EXPECT_EQ(fired.at_ns[0], 30'000'000u);
  EXPECT_EQ(fired.contexts[0], &other);
  NdisFreeTimerObject(timer);
  EXPECT_NO_FINDINGS();
}

TEST_F(TimerTest, Svc056PeriodicRefiresEveryPeriodUntilCancelled) {
  NDIS_HANDLE timer = make_timer();
  NdisSetTimerObject(timer, relative_ms(5), 10, nullptr);
  core().scheduler().advance(36'000'000);
  EXPECT_EQ(fired.at_ns, (std::vector<uint64_t>{5'000'000, 15'000'000, 25'000'000, 35'000'000}));
  EXPECT_TRUE(NdisCancelTimerObject(timer));  // the next expiry was queued
  core().scheduler().advance(100'000'000);
  EXPECT_EQ(fired.at_ns.size(), 4u);
  NdisFreeTimerObject(timer);
  EXPECT_NO_FINDINGS();
}

TEST_F(TimerTest, Svc056CancelBeforeExpiryReturnsTrueAndNothingRuns) {
  NDIS_HANDLE timer = make_timer();
  NdisSetTimerObject(timer, relative_ms(10), 0, nullptr);
  EXPECT_TRUE(NdisCancelTimerObject(timer));
  EXPECT_FALSE(NdisCancelTimerObject(timer));
  core().scheduler().run_until_idle();
  EXPECT_TRUE(fired.at_ns.empty());
  NdisFreeTimerObject(timer);
  EXPECT_NO_FINDINGS();
}

TEST_F(TimerTest, Svc052BadCharacteristicsFailWithBadCharacteristics) {
  NDIS_HANDLE timer = reinterpret_cast<NDIS_HANDLE>(1);
  NDIS_TIMER_CHARACTERISTICS tc = characteristics();
  tc.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
  EXPECT_EQ(NdisAllocateTimerObject(adapter, &tc, &timer), NDIS_STATUS_BAD_CHARACTERISTICS);
  EXPECT_EQ(timer, nullptr);
  tc = characteristics();
  tc.Header.Revision = 2;
  EXPECT_EQ(NdisAllocateTimerObject(adapter, &tc, &timer), NDIS_STATUS_BAD_CHARACTERISTICS);
  tc = characteristics();
  tc.Header.Size = 16;
  EXPECT_EQ(NdisAllocateTimerObject(adapter, &tc, &timer), NDIS_STATUS_BAD_CHARACTERISTICS);
  tc = characteristics();
  tc.AllocationTag = 0;
  EXPECT_EQ(NdisAllocateTimerObject(adapter, &tc, &timer), NDIS_STATUS_BAD_CHARACTERISTICS);
  tc = characteristics();
  tc.TimerFunction = nullptr;
  EXPECT_EQ(NdisAllocateTimerObject(adapter, &tc, &timer), NDIS_STATUS_BAD_CHARACTERISTICS);
  EXPECT_EQ(NdisAllocateTimerObject(adapter, nullptr, &timer), NDIS_STATUS_BAD_CHARACTERISTICS);
  EXPECT_ONLY_FINDINGS("SVC-052", 6);
}

TEST_F(TimerTest, Svc052GoodCharacteristicsAllocate) {
  NDIS_HANDLE timer = make_timer();
  EXPECT_NE(timer, nullptr);
  NdisFreeTimerObject(timer);
  EXPECT_NO_FINDINGS();
}

TEST_F(TimerTest, Svc053FreeingASetTimerIsReportedAndItNeverFires) {
  NDIS_HANDLE timer = make_timer();
  NdisSetTimerObject(timer, relative_ms(10), 0, nullptr);
  NdisFreeTimerObject(timer);
  EXPECT_ONLY_FINDINGS("SVC-053", 1);
  core().scheduler().run_until_idle();
  EXPECT_TRUE(fired.at_ns.empty());
}

TEST_F(TimerTest, Svc053TimerStillSetAtHaltIsReported) {
  NDIS_HANDLE timer = make_timer();
  NdisSetTimerObject(timer, relative_ms(10), 0, nullptr);
  services().on_owner_gone(adapter);
  EXPECT_EQ(count("SVC-053"), 1u) << findings();  // still set
  EXPECT_EQ(count("SVC-062"), 1u) << findings();  // and not freed
  EXPECT_EQ(total(), 2u) << findings();
  core().scheduler().run_until_idle();
  EXPECT_TRUE(fired.at_ns.empty());  // condis dequeued it
  NdisFreeTimerObject(timer);
}

TEST_F(TimerTest, Svc053CancelledAndFreedBeforeHaltIsClean) {
  NDIS_HANDLE timer = make_timer();
  NdisSetTimerObject(timer, relative_ms(10), 0, nullptr);
  NdisCancelTimerObject(timer);
  NdisFreeTimerObject(timer);
  services().on_owner_gone(adapter);
  EXPECT_NO_FINDINGS();
  EXPECT_TRUE(core().leak_report().empty());
}

TEST_F(TimerTest, Svc054NegativePeriodIsReportedAndTheTimerIsNotSet) {
  NDIS_HANDLE timer = make_timer();
  EXPECT_FALSE(NdisSetTimerObject(timer, relative_ms(1), -5, nullptr));
  EXPECT_ONLY_FINDINGS("SVC-054", 1);
  core().scheduler().run_until_idle();
  EXPECT_TRUE(fired.at_ns.empty());
  NdisFreeTimerObject(timer);
}

TEST_F(TimerTest, Svc054PeriodicCancelAtDispatchIsReported) {
  NDIS_HANDLE timer = make_timer();
  NdisSetTimerObject(timer, relative_ms(1), 1, nullptr);
  {
    AtIrql dispatch(DISPATCH_LEVEL);
    EXPECT_TRUE(NdisCancelTimerObject(timer));  // still cancelled
  }
  EXPECT_ONLY_FINDINGS("SVC-054", 1);
  NdisFreeTimerObject(timer);
}

TEST_F(TimerTest, Svc054OneShotCancelAtDispatchIsClean) {
  NDIS_HANDLE timer = make_timer();
  NdisSetTimerObject(timer, relative_ms(1), 0, nullptr);
  {
    AtIrql dispatch(DISPATCH_LEVEL);
    EXPECT_TRUE(NdisCancelTimerObject(timer));
  }
  NdisFreeTimerObject(timer);
  EXPECT_NO_FINDINGS();
}

// SVC-055 needs a callback running while the owner goes away: on the deterministic scheduler that
// is the callback itself reaching the teardown (the threaded tests cover another processor).
NDIS_HANDLE g_owner_to_drop = nullptr;
services::ServicesState* g_state = nullptr;
void TimerThatHaltsItsAdapter(PVOID, PVOID, PVOID, PVOID) { g_state->on_owner_gone(g_owner_to_drop); }

TEST_F(TimerTest, Svc055OwnerGoneWhileTheCallbackRunsIsReported) {
  NDIS_TIMER_CHARACTERISTICS tc = characteristics();
  tc.TimerFunction = &TimerThatHaltsItsAdapter;
  NDIS_HANDLE timer = nullptr;
  ASSERT_EQ(NdisAllocateTimerObject(adapter, &tc, &timer), NDIS_STATUS_SUCCESS);
  g_owner_to_drop = adapter;
  g_state = &services();
  NdisSetTimerObject(timer, relative_ms(1), 0, nullptr);
  core().scheduler().run_until_idle();
  EXPECT_EQ(count("SVC-055"), 1u) << findings();
  EXPECT_EQ(count("SVC-062"), 1u) << findings();
  NdisFreeTimerObject(timer);
}

TEST_F(TimerTest, Svc055OwnerGoneAfterTheCallbackFinishedIsClean) {
  NDIS_HANDLE timer = make_timer();
  NdisSetTimerObject(timer, relative_ms(1), 0, nullptr);
  core().scheduler().run_until_idle();
  EXPECT_FALSE(NdisCancelTimerObject(timer));
  NdisFreeTimerObject(timer);
  services().on_owner_gone(adapter);
  EXPECT_NO_FINDINGS();
}

}  // namespace
}  // namespace condis::test
