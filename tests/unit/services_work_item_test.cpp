// NDIS I/O work items (driver-model.md 2.8.5, 4.H SVC-050/051) on the deterministic scheduler.
#include "unit/services_support.hpp"

#include "condis/trace_sinks.hpp"

namespace condis::test {
namespace {

class WorkItemTest : public ServicesTest {};

struct Record {
  int runs = 0;
  NDIS_HANDLE seen_handle = nullptr;
  PVOID seen_context = nullptr;
  bool free_in_routine = false;
};

void RecordingRoutine(PVOID context, NDIS_HANDLE handle) {
  auto* r = static_cast<Record*>(context);
  ++r->runs;
  r->seen_handle = handle;
  r->seen_context = context;
  if (r->free_in_routine) NdisFreeIoWorkItem(handle);
}

TEST_F(WorkItemTest, RoutineRunsLaterWithItsContextAndHandle) {
  Record r;
  NDIS_HANDLE item = NdisAllocateIoWorkItem(adapter);
  ASSERT_NE(item, nullptr);
  NdisQueueIoWorkItem(item, &RecordingRoutine, &r);
  EXPECT_EQ(r.runs, 0);  // not on the caller's thread
  core().scheduler().run_until_idle();
  EXPECT_EQ(r.runs, 1);
  EXPECT_EQ(r.seen_handle, item);
  EXPECT_EQ(r.seen_context, &r);
  NdisQueueIoWorkItem(item, &RecordingRoutine, &r);  // idle again: may be requeued
  core().scheduler().run_until_idle();
  EXPECT_EQ(r.runs, 2);
  NdisFreeIoWorkItem(item);
  EXPECT_NO_FINDINGS();
}

TEST_F(WorkItemTest, Svc051FreeFromItsOwnRoutineIsAllowed) {
  Record r;
  r.free_in_routine = true;
  NDIS_HANDLE item = NdisAllocateIoWorkItem(driver);
  NdisQueueIoWorkItem(item, &RecordingRoutine, &r);
  core().scheduler().run_until_idle();
  EXPECT_EQ(r.runs, 1);
  EXPECT_NO_FINDINGS();
  EXPECT_TRUE(core().leak_report().empty());
}

TEST_F(WorkItemTest, Svc051QueueWhileQueuedIsReportedAndIgnored) {
  Record r;
  NDIS_HANDLE item = NdisAllocateIoWorkItem(adapter);
  NdisQueueIoWorkItem(item, &RecordingRoutine, &r);
  NdisQueueIoWorkItem(item, &RecordingRoutine, &r);
  EXPECT_ONLY_FINDINGS("SVC-051", 1);
  core().scheduler().run_until_idle();
  EXPECT_EQ(r.runs, 1);
  NdisFreeIoWorkItem(item);
}

TEST_F(WorkItemTest, Svc051FreeWhileQueuedIsReportedAndTheRoutineNeverRuns) {
  Record r;
  NDIS_HANDLE item = NdisAllocateIoWorkItem(adapter);
  NdisQueueIoWorkItem(item, &RecordingRoutine, &r);
  NdisFreeIoWorkItem(item);
  EXPECT_ONLY_FINDINGS("SVC-051", 1);
  core().scheduler().run_until_idle();
  EXPECT_EQ(r.runs, 0);
}

TEST_F(WorkItemTest, Svc051StaleHandleIsReported) {
  NDIS_HANDLE item = NdisAllocateIoWorkItem(adapter);
  NdisFreeIoWorkItem(item);
  Record r;
  NdisQueueIoWorkItem(item, &RecordingRoutine, &r);
  NdisFreeIoWorkItem(item);
  EXPECT_ONLY_FINDINGS("SVC-051", 2);
  core().scheduler().run_until_idle();
  EXPECT_EQ(r.runs, 0);
}

TEST_F(WorkItemTest, ProtocolHandlesGetAPortabilityWarningOncePerOwner) {  // OQ-D22
  NDIS_HANDLE a = NdisAllocateIoWorkItem(protocol);
  NDIS_HANDLE b = NdisAllocateIoWorkItem(protocol);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_ONLY_FINDINGS("SVC-033", 1);
  EXPECT_EQ(core().verifier().findings()[0].severity, Severity::Warning);
  NdisFreeIoWorkItem(a);
  NdisFreeIoWorkItem(b);
}

TEST_F(WorkItemTest, Svc050WorkItemNotFreedAtHaltIsReportedAndDequeued) {
  Record r;
  NDIS_HANDLE item = NdisAllocateIoWorkItem(adapter);
  NdisQueueIoWorkItem(item, &RecordingRoutine, &r);
  services().on_owner_gone(adapter);
  EXPECT_ONLY_FINDINGS("SVC-050", 1);
  core().scheduler().run_until_idle();
  EXPECT_EQ(r.runs, 0);  // no routine runs into a halted adapter
  LeakReport report = core().leak_report();
  ASSERT_EQ(report.leaks.size(), 1u);
  EXPECT_EQ(report.leaks[0].kind, "work item");
  NdisFreeIoWorkItem(item);
  EXPECT_TRUE(core().leak_report().empty());
}

TEST_F(WorkItemTest, Svc050WorkItemFreedBeforeHaltIsClean) {
  NDIS_HANDLE item = NdisAllocateIoWorkItem(adapter);
  NdisFreeIoWorkItem(item);
  services().on_owner_gone(adapter);
  EXPECT_NO_FINDINGS();
}

TEST_F(WorkItemTest, QueueAndRoutineAreTraced) {
  auto sink = make_memory_sink();
  core().tracer().add_sink(sink);
  Record r;
  NDIS_HANDLE item = NdisAllocateIoWorkItem(adapter);
  NdisQueueIoWorkItem(item, &RecordingRoutine, &r);
  core().scheduler().run_until_idle();
  NdisFreeIoWorkItem(item);
  EXPECT_EQ(sink->count(TraceKind::Event, "NdisQueueIoWorkItem"), 1u);
  EXPECT_EQ(sink->count(TraceKind::Callback, "NDIS_IO_WORKITEM_FUNCTION"), 1u);
  EXPECT_EQ(sink->count(TraceKind::CallbackReturn, "NDIS_IO_WORKITEM_FUNCTION"), 1u);
  EXPECT_NO_FINDINGS();
}

}  // namespace
}  // namespace condis::test
