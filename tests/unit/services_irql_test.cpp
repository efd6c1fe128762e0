// The IRQL model and the IRQL rules of the library services (driver-model.md 2.7, 4.E), the delay
// functions, and the time and processor queries.
#include "unit/services_support.hpp"

#include "runtime/upcall.hpp"

namespace condis::test {
namespace {

class IrqlTest : public ServicesTest {};

TEST_F(IrqlTest, RaiseAndLowerFollowTheWdkMacros) {
  KIRQL old = 0xff;
  NDIS_RAISE_IRQL_TO_DISPATCH(&old);
  EXPECT_EQ(old, PASSIVE_LEVEL);
  EXPECT_EQ(NDIS_CURRENT_IRQL(), DISPATCH_LEVEL);
  NDIS_LOWER_IRQL(old, DISPATCH_LEVEL);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
  EXPECT_EQ(KeRaiseIrqlToDpcLevel(), PASSIVE_LEVEL);
  KeLowerIrql(PASSIVE_LEVEL);
  EXPECT_NO_FINDINGS();
}

TEST_F(IrqlTest, Svc012RaiseToALowerLevelIsReportedAndIgnored) {
  AtIrql dispatch(DISPATCH_LEVEL);
  KIRQL old;
  KeRaiseIrql(PASSIVE_LEVEL, &old);
  EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);
  EXPECT_ONLY_FINDINGS("SVC-012", 1);
}

TEST_F(IrqlTest, Svc012HandlerReturningAtAnotherIrqlIsReportedAndRestored) {
  upcall(core(), {"ProtocolCmMakeCall", "test"}, [] {
    KIRQL old;
    KeRaiseIrql(DISPATCH_LEVEL, &old);  // never lowered
  });
  EXPECT_ONLY_FINDINGS("SVC-012", 1);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

TEST_F(IrqlTest, Svc012HandlerReturningAtItsIrqlIsClean) {
  upcall(core(), {"ProtocolCmMakeCall", "test"}, [] {
    KIRQL old;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    KeLowerIrql(old);
  });
  EXPECT_NO_FINDINGS();
}

TEST_F(IrqlTest, Svc001WaitAtDispatchIsReportedAndDoesNotBlock) {
  NDIS_EVENT event;
  NdisInitializeEvent(&event);
  AtIrql dispatch(DISPATCH_LEVEL);
  EXPECT_FALSE(NdisWaitEvent(&event, 10));
  EXPECT_ONLY_FINDINGS("SVC-001", 1);
  EXPECT_EQ(core().scheduler().now_ns(), 0u);  // no time passed: it did not wait
}

TEST_F(IrqlTest, Svc001SystemProcessorCountAtPassiveIsCleanAboveIsReported) {
  EXPECT_EQ(NdisSystemProcessorCount(), 2);
  EXPECT_NO_FINDINGS();
  AtIrql dispatch(DISPATCH_LEVEL);
  EXPECT_EQ(NdisSystemProcessorCount(), 2);
  EXPECT_ONLY_FINDINGS("SVC-001", 1);
}

TEST_F(IrqlTest, Svc002SleepAtPassiveAdvancesVirtualTime) {
  NdisMSleep(1500);
  EXPECT_EQ(core().scheduler().now_ns(), 1'500'000u);
  {
    AtIrql apc(APC_LEVEL);
    NdisMSleep(10);
  }
  EXPECT_NO_FINDINGS();
}

TEST_F(IrqlTest, Svc002SleepAtDispatchIsReportedAndSkipped) {
  AtIrql dispatch(DISPATCH_LEVEL);
  NdisMSleep(1000);
  EXPECT_ONLY_FINDINGS("SVC-002", 1);
  EXPECT_EQ(core().scheduler().now_ns(), 0u);
}

TEST_F(IrqlTest, Svc003AboveDispatchIsReported) {
  AtIrql elevated(5);
  void* p = NdisAllocateMemoryWithTagPriority(adapter, 16, 'tseT', NormalPoolPriority);
  EXPECT_EQ(p, nullptr);
  EXPECT_ONLY_FINDINGS("SVC-003", 1);
}

TEST_F(IrqlTest, Svc003AtOrBelowDispatchIsClean) {
  AtIrql dispatch(DISPATCH_LEVEL);
  void* p = NdisAllocateMemoryWithTagPriority(adapter, 16, 'tseT', NormalPoolPriority);
  ASSERT_NE(p, nullptr);
  NdisFreeMemory(p, 16, 0);
  EXPECT_NO_FINDINGS();
}

TEST_F(IrqlTest, Svc004ProcessorIndexBelowDispatchIsAWarning) {
  EXPECT_EQ(NdisCurrentProcessorIndex(), 0u);
  ASSERT_EQ(count("SVC-004"), 1u);
  EXPECT_EQ(core().verifier().findings()[0].severity, Severity::Warning);
  EXPECT_EQ(NdisGetCurrentProcessorNumber(), 0u);  // the OQ-D23 alias checks nothing
  EXPECT_EQ(total(), 1u);
}

TEST_F(IrqlTest, Svc004ProcessorQueriesAtDispatchAreClean) {
  exec::ExecutionScope on_cpu1(DISPATCH_LEVEL, 1);
  EXPECT_EQ(NDIS_CURRENT_PROCESSOR_NUMBER, 1u);
  EXPECT_EQ(NdisCurrentProcessorIndex(), 1u);
  EXPECT_NO_FINDINGS();
}

TEST_F(IrqlTest, Svc005LongStallIsAWarning) {
  NdisStallExecution(50);
  EXPECT_NO_FINDINGS();
  NdisStallExecution(51);
  EXPECT_ONLY_FINDINGS("SVC-005", 1);
  EXPECT_EQ(core().verifier().findings()[0].severity, Severity::Warning);
}

TEST_F(IrqlTest, Svc005SleepOverThirtySecondsIsAWarning) {
  NdisMSleep(30'000'000);
  EXPECT_NO_FINDINGS();
  NdisMSleep(30'000'001);
  EXPECT_ONLY_FINDINGS("SVC-005", 1);
}

// SVC-010: a callback NDIS runs at DISPATCH_LEVEL must not block; the PASSIVE-only entry checks
// catch it when the blocking call is made from the timer callback.
NDIS_EVENT g_never_set;
void BlockingTimerCallback(PVOID, PVOID, PVOID, PVOID) { (void)NdisWaitEvent(&g_never_set, 5); }
void SleepingTimerCallback(PVOID, PVOID, PVOID, PVOID) { NdisMSleep(10); }
void QuietTimerCallback(PVOID, PVOID context, PVOID, PVOID) { ++*static_cast<int*>(context); }

TEST_F(IrqlTest, Svc010TimerCallbackThatBlocksIsReported) {
  NdisInitializeEvent(&g_never_set);
  for (PNDIS_TIMER_FUNCTION fn : {&BlockingTimerCallback, &SleepingTimerCallback}) {
    NDIS_TIMER_CHARACTERISTICS tc{};
    tc.Header = {NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS, NDIS_TIMER_CHARACTERISTICS_REVISION_1,
                 NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1};
    tc.AllocationTag = 'rmiT';
    tc.TimerFunction = fn;
    NDIS_HANDLE timer = nullptr;
    ASSERT_EQ(NdisAllocateTimerObject(adapter, &tc, &timer), NDIS_STATUS_SUCCESS);
    LARGE_INTEGER due;
    due.QuadPart = -10'000;
    NdisSetTimerObject(timer, due, 0, nullptr);
    core().scheduler().run_until_idle();
    NdisFreeTimerObject(timer);
  }
  EXPECT_EQ(count("SVC-001"), 1u) << findings();
  EXPECT_EQ(count("SVC-002"), 1u) << findings();
  EXPECT_EQ(total(), 2u) << findings();
}

TEST_F(IrqlTest, Svc010TimerCallbackThatDoesNotBlockIsClean) {
  int fired = 0;
  NDIS_TIMER_CHARACTERISTICS tc{};
  tc.Header = {NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS, NDIS_TIMER_CHARACTERISTICS_REVISION_1,
               NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1};
  tc.AllocationTag = 'rmiT';
  tc.TimerFunction = &QuietTimerCallback;
  tc.FunctionContext = &fired;
  NDIS_HANDLE timer = nullptr;
  ASSERT_EQ(NdisAllocateTimerObject(adapter, &tc, &timer), NDIS_STATUS_SUCCESS);
  LARGE_INTEGER due;
  due.QuadPart = -10'000;
  NdisSetTimerObject(timer, due, 0, nullptr);
  core().scheduler().run_until_idle();
  NdisFreeTimerObject(timer);
  EXPECT_EQ(fired, 1);
  EXPECT_NO_FINDINGS();
}

// SVC-011 (condis's own obligation): callbacks run at the IRQL of 2.6.
KIRQL g_seen_irql = 0xff;
void RecordIrqlWorkItem(PVOID, NDIS_HANDLE) { g_seen_irql = KeGetCurrentIrql(); }
void RecordIrqlTimer(PVOID, PVOID, PVOID, PVOID) { g_seen_irql = KeGetCurrentIrql(); }

TEST_F(IrqlTest, Svc011WorkItemsRunAtPassiveEvenWhenQueuedAtDispatch) {
  NDIS_HANDLE item = NdisAllocateIoWorkItem(adapter);
  {
    AtIrql dispatch(DISPATCH_LEVEL);
    NdisQueueIoWorkItem(item, &RecordIrqlWorkItem, nullptr);
  }
  core().scheduler().run_until_idle();
  EXPECT_EQ(g_seen_irql, PASSIVE_LEVEL);
  NdisFreeIoWorkItem(item);
  EXPECT_NO_FINDINGS();
}

TEST_F(IrqlTest, Svc011TimerCallbacksRunAtDispatch) {
  NDIS_TIMER_CHARACTERISTICS tc{};
  tc.Header = {NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS, NDIS_TIMER_CHARACTERISTICS_REVISION_1,
               NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1};
  tc.AllocationTag = 'rmiT';
  tc.TimerFunction = &RecordIrqlTimer;
  NDIS_HANDLE timer = nullptr;
  ASSERT_EQ(NdisAllocateTimerObject(adapter, &tc, &timer), NDIS_STATUS_SUCCESS);
  LARGE_INTEGER due;
  due.QuadPart = -1;
  g_seen_irql = 0xff;
  NdisSetTimerObject(timer, due, 0, nullptr);
  core().scheduler().run_until_idle();
  EXPECT_EQ(g_seen_irql, DISPATCH_LEVEL);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
  NdisFreeTimerObject(timer);
  EXPECT_NO_FINDINGS();
}

TEST_F(IrqlTest, TimeQueriesFollowTheSchedulerClock) {
  LARGE_INTEGER t0, t1, up;
  NdisGetCurrentSystemTime(&t0);
  EXPECT_EQ(t0.QuadPart, 133485408000000000);  // the deterministic epoch, 2024-01-01 UTC
  core().scheduler().advance(2'000'000'000);    // two seconds
  NdisGetCurrentSystemTime(&t1);
  EXPECT_EQ(t1.QuadPart - t0.QuadPart, 20'000'000);
  ULONG up_ms = 0;
  NdisGetSystemUpTime(&up_ms);
  NdisGetSystemUpTimeEx(&up);
  EXPECT_EQ(up_ms, 2000u);
  EXPECT_EQ(up.QuadPart, 2000);
  EXPECT_EQ(NdisGroupMaxProcessorCount(ALL_PROCESSOR_GROUPS), 2u);
  EXPECT_EQ(NdisGroupMaxProcessorCount(0), 2u);
  EXPECT_EQ(NdisGroupActiveProcessorCount(1), 0u);
  EXPECT_NO_FINDINGS();
}

TEST_F(IrqlTest, ErrorLogKeepsTheCodeAndUpToSixteenValues) {
  NdisWriteErrorLogEntry(adapter, NDIS_ERROR_CODE_HARDWARE_FAILURE, 2, 0xAAu, 0xBBu);
  NdisWriteErrorLogEntry(adapter, NDIS_ERROR_CODE_TIMEOUT, 20, 1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u, 9u, 10u, 11u, 12u, 13u,
                         14u, 15u, 16u, 17u, 18u, 19u, 20u);
  auto log = services().error_log();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].code, NDIS_ERROR_CODE_HARDWARE_FAILURE);
  EXPECT_EQ(log[0].values, (std::vector<ULONG>{0xAA, 0xBB}));
  EXPECT_EQ(log[1].values.size(), 16u);
  EXPECT_NO_FINDINGS();
}

TEST_F(IrqlTest, Svc033ErrorLogWithANonAdapterHandleIsReported) {
  NdisWriteErrorLogEntry(binding, NDIS_ERROR_CODE_DRIVER_FAILURE, 0);
  EXPECT_ONLY_FINDINGS("SVC-033", 1);
  EXPECT_TRUE(services().error_log().empty());
}

}  // namespace
}  // namespace condis::test
