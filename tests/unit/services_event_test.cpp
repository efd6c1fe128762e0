// NDIS_EVENT (driver-model.md 2.8.7, 4.H SVC-057/058) on the deterministic scheduler.
#include "unit/services_support.hpp"

namespace condis::test {
namespace {

class EventTest : public ServicesTest {};

NDIS_EVENT g_event;
void SetFromWorkItem(PVOID, NDIS_HANDLE) { NdisSetEvent(&g_event); }
void SetFromTimer(PVOID, PVOID, PVOID, PVOID) { NdisSetEvent(&g_event); }

TEST_F(EventTest, NotificationEventStaysSignalledUntilReset) {
  NdisInitializeEvent(&g_event);
  EXPECT_FALSE(NdisWaitEvent(&g_event, 1));
  NdisSetEvent(&g_event);
  NdisSetEvent(&g_event);  // no effect when already signalled
  EXPECT_TRUE(NdisWaitEvent(&g_event, 1));
  EXPECT_TRUE(NdisWaitEvent(&g_event, 0));  // releases every waiter, stays signalled
  NdisResetEvent(&g_event);
  EXPECT_FALSE(NdisWaitEvent(&g_event, 1));
  EXPECT_NO_FINDINGS();
}

TEST_F(EventTest, WaitRunsOtherWorkUntilAWorkItemSetsTheEvent) {
  NdisInitializeEvent(&g_event);
  NDIS_HANDLE item = NdisAllocateIoWorkItem(adapter);
  NdisQueueIoWorkItem(item, &SetFromWorkItem, nullptr);
  EXPECT_TRUE(NdisWaitEvent(&g_event, 0));  // wait forever: the deterministic scheduler runs the item
  NdisFreeIoWorkItem(item);
  EXPECT_NO_FINDINGS();
}

TEST_F(EventTest, WaitTimesOutInVirtualTimeBeforeALateTimerSetsIt) {
  NdisInitializeEvent(&g_event);
  NDIS_TIMER_CHARACTERISTICS tc{};
  tc.Header = {NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS, NDIS_TIMER_CHARACTERISTICS_REVISION_1,
               NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1};
  tc.AllocationTag = 'rmiT';
  tc.TimerFunction = &SetFromTimer;
  NDIS_HANDLE timer = nullptr;
  ASSERT_EQ(NdisAllocateTimerObject(adapter, &tc, &timer), NDIS_STATUS_SUCCESS);
  LARGE_INTEGER due;
  due.QuadPart = -50 * 10'000;  // 50 ms
  NdisSetTimerObject(timer, due, 0, nullptr);
  EXPECT_FALSE(NdisWaitEvent(&g_event, 20));
  EXPECT_EQ(core().scheduler().now_ns(), 20'000'000u);
  EXPECT_TRUE(NdisWaitEvent(&g_event, 100));
  EXPECT_EQ(core().scheduler().now_ns(), 50'000'000u);
  NdisFreeTimerObject(timer);
  EXPECT_NO_FINDINGS();
}

TEST_F(EventTest, Svc057UninitialisedEventIsReported) {
  NDIS_EVENT event{};
  NdisSetEvent(&event);
  NdisResetEvent(&event);
  EXPECT_FALSE(NdisWaitEvent(&event, 1));
  EXPECT_ONLY_FINDINGS("SVC-057", 3);
}

TEST_F(EventTest, Svc057CopiedEventIsNotInitialised) {
  NDIS_EVENT original;
  NdisInitializeEvent(&original);
  NDIS_EVENT copy = original;
  NdisSetEvent(&copy);
  EXPECT_ONLY_FINDINGS("SVC-057", 1);
}

// SVC-058 is a static rule: the header keeps the check-return annotation on NdisWaitEvent
// (_Must_inspect_result_), which analysers flag; there is no run-time check to break or keep.
TEST_F(EventTest, Svc058IsStaticOnlyAndTheResultIsAlwaysMeaningful) {
  NdisInitializeEvent(&g_event);
  const BOOLEAN timed_out = NdisWaitEvent(&g_event, 5);
  EXPECT_EQ(timed_out, FALSE);
  NdisSetEvent(&g_event);
  EXPECT_EQ(NdisWaitEvent(&g_event, 5), TRUE);
  EXPECT_NO_FINDINGS();
}

}  // namespace
}  // namespace condis::test
