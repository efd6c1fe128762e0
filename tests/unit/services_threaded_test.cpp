// Library services under the threaded scheduler: real worker threads stand for the processors.
// Spin locks and RW locks under contention, lookaside lists used from several processors, work
// items, events and timers in real time. No sleeps: threads meet through events and atomics.
#include "unit/services_support.hpp"

#include <atomic>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>

namespace condis::test {
namespace {

constexpr unsigned kProcessors = 4;

class ThreadedServicesTest : public ServicesTest {
 protected:
  ThreadedServicesTest() : ServicesTest(SchedulerKind::Threaded, kProcessors) {}

  // Runs body(i) as a PASSIVE task on each simulated processor i and waits for all of them.
  template <class Body>
  void on_every_processor(Body body) {
    for (unsigned i = 0; i < kProcessors; ++i) {
      exec::TaskOptions options;
      options.processor = int(i);
      core().scheduler().post([body, i] { body(i); }, options);
    }
    core().scheduler().run_until_idle();
  }
};

TEST_F(ThreadedServicesTest, SpinLockSerialisesEveryProcessor) {
  NDIS_SPIN_LOCK lock;
  NdisAllocateSpinLock(&lock);
  constexpr int kRounds = 20000;
  int64_t counter = 0;  // plain: the spin lock is the only thing protecting it
  on_every_processor([&](unsigned) {
    for (int i = 0; i < kRounds; ++i) {
      NdisAcquireSpinLock(&lock);
      EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);
      ++counter;
      NdisReleaseSpinLock(&lock);
    }
    EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
  });
  EXPECT_EQ(counter, int64_t(kProcessors) * kRounds);
  NdisFreeSpinLock(&lock);
  EXPECT_NO_FINDINGS();
}

TEST_F(ThreadedServicesTest, InterlockedListIsConsistentUnderContention) {
  NDIS_SPIN_LOCK lock;
  LIST_ENTRY head;
  NdisAllocateSpinLock(&lock);
  InitializeListHead(&head);
  constexpr int kPerProcessor = 5000;
  std::vector<LIST_ENTRY> entries(kProcessors * kPerProcessor);
  std::atomic<int> removed{0};
  on_every_processor([&](unsigned p) {
    for (int i = 0; i < kPerProcessor; ++i) {
      NdisInterlockedInsertTailList(&head, &entries[p * kPerProcessor + i], &lock);
      if (i % 2 && NdisInterlockedRemoveHeadList(&head, &lock)) removed.fetch_add(1);
    }
  });
  int left = 0;
  while (NdisInterlockedRemoveHeadList(&head, &lock)) ++left;
  EXPECT_EQ(left + removed.load(), int(entries.size()));
  EXPECT_NO_FINDINGS();
}

TEST_F(ThreadedServicesTest, RwLockExcludesWritersFromReaders) {
  PNDIS_RW_LOCK_EX lock = NdisAllocateRWLock(adapter);
  std::atomic<int> readers{0};
  std::atomic<bool> violation{false};
  int64_t value = 0;
  on_every_processor([&](unsigned p) {
    for (int i = 0; i < 5000; ++i) {
      LOCK_STATE_EX state;
      if (p == 0 || i % 8 == 0) {
        NdisAcquireRWLockWrite(lock, &state, 0);
        if (readers.load() != 0) violation = true;
        ++value;
        NdisReleaseRWLock(lock, &state);
      } else {
        NdisAcquireRWLockRead(lock, &state, 0);
        readers.fetch_add(1);
        (void)value;
        readers.fetch_sub(1);
        NdisReleaseRWLock(lock, &state);
      }
    }
  });
  EXPECT_FALSE(violation.load());
  EXPECT_EQ(value, 5000 + 3 * (5000 / 8));
  NdisFreeRWLock(lock);
  EXPECT_NO_FINDINGS();
}

TEST_F(ThreadedServicesTest, LookasideEntriesAllocatedOnOneProcessorAreFreedOnAnother) {
  NPAGED_LOOKASIDE_LIST list;
  NdisInitializeNPagedLookasideList(&list, nullptr, nullptr, 0, 64, 'kooL', 0);
  std::mutex exchange_mutex;
  std::vector<void*> exchange;  // entries handed from one processor to the next
  on_every_processor([&](unsigned p) {
    exec::ExecutionScope at_dispatch(DISPATCH_LEVEL, p);
    for (int round = 0; round < 200; ++round) {
      void* mine[32];
      for (auto& e : mine) {
        e = NdisAllocateFromNPagedLookasideList(&list);
        ASSERT_NE(e, nullptr);
        std::memset(e, int(p), 64);
      }
      std::vector<void*> theirs;
      {
        std::lock_guard guard(exchange_mutex);
        theirs.swap(exchange);
        exchange.assign(mine, mine + 32);
      }
      for (void* e : theirs) NdisFreeToNPagedLookasideList(&list, e);
    }
  });
  for (void* e : exchange) NdisFreeToNPagedLookasideList(&list, e);
  NdisDeleteNPagedLookasideList(&list);
  EXPECT_NO_FINDINGS();
}

NDIS_EVENT g_done;
std::atomic<int> g_runs{0};
constexpr int kItems = 64;
void CountingWorkItem(PVOID, NDIS_HANDLE handle) {
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
  NdisFreeIoWorkItem(handle);
  if (g_runs.fetch_add(1) + 1 == kItems) NdisSetEvent(&g_done);
}

TEST_F(ThreadedServicesTest, WorkItemsRunOnWorkersAndAnEventWakesTheWaiter) {
  NdisInitializeEvent(&g_done);
  g_runs = 0;
  for (int i = 0; i < kItems; ++i) NdisQueueIoWorkItem(NdisAllocateIoWorkItem(adapter), &CountingWorkItem, nullptr);
  EXPECT_TRUE(NdisWaitEvent(&g_done, 0));
  EXPECT_EQ(g_runs.load(), kItems);
  core().scheduler().run_until_idle();
  EXPECT_NO_FINDINGS();
  EXPECT_TRUE(core().leak_report().empty());
}

struct PeriodicState {
  std::atomic<int> fired{0};
  std::atomic<bool> callback_done{false};
};
void PeriodicCallback(PVOID, PVOID context, PVOID, PVOID) {
  auto* s = static_cast<PeriodicState*>(context);
  EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);
  s->callback_done = false;
  if (s->fired.fetch_add(1) + 1 == 3) NdisSetEvent(&g_done);
  s->callback_done = true;
}

TEST_F(ThreadedServicesTest, PeriodicTimerFiresInRealTimeAndCancelWaitsForTheCallback) {
  NdisInitializeEvent(&g_done);
  PeriodicState state;
  NDIS_TIMER_CHARACTERISTICS tc{};
  tc.Header = {NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS, NDIS_TIMER_CHARACTERISTICS_REVISION_1,
               NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1};
  tc.AllocationTag = 'rmiT';
  tc.TimerFunction = &PeriodicCallback;
  tc.FunctionContext = &state;
  NDIS_HANDLE timer = nullptr;
  ASSERT_EQ(NdisAllocateTimerObject(adapter, &tc, &timer), NDIS_STATUS_SUCCESS);
  LARGE_INTEGER due;
  due.QuadPart = -10'000;  // 1 ms
  NdisSetTimerObject(timer, due, 1, nullptr);
  EXPECT_TRUE(NdisWaitEvent(&g_done, 0));
  NdisCancelTimerObject(timer);  // periodic, at PASSIVE: returns with no callback running
  EXPECT_TRUE(state.callback_done.load());
  const int fired = state.fired.load();
  EXPECT_GE(fired, 3);
  NdisFreeTimerObject(timer);
  core().scheduler().run_until_idle();
  EXPECT_EQ(state.fired.load(), fired);  // nothing after the cancel
  EXPECT_NO_FINDINGS();
}

struct BlockingState {
  std::atomic<bool> started{false};
  std::atomic<bool> release{false};
};
void BlockingCallback(PVOID, PVOID context, PVOID, PVOID) {
  auto* s = static_cast<BlockingState*>(context);
  s->started = true;
  while (!s->release.load()) std::this_thread::yield();
}

TEST_F(ThreadedServicesTest, Svc055FreeWhileTheCallbackRunsOnAnotherProcessorIsReported) {
  BlockingState state;
  NDIS_TIMER_CHARACTERISTICS tc{};
  tc.Header = {NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS, NDIS_TIMER_CHARACTERISTICS_REVISION_1,
               NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1};
  tc.AllocationTag = 'rmiT';
  tc.TimerFunction = &BlockingCallback;
  tc.FunctionContext = &state;
  NDIS_HANDLE timer = nullptr;
  ASSERT_EQ(NdisAllocateTimerObject(adapter, &tc, &timer), NDIS_STATUS_SUCCESS);
  LARGE_INTEGER due;
  due.QuadPart = -1;
  NdisSetTimerObject(timer, due, 0, nullptr);
  while (!state.started.load()) std::this_thread::yield();
  EXPECT_FALSE(NdisCancelTimerObject(timer));  // one-shot: it is running, not queued
  NdisFreeTimerObject(timer);
  state.release = true;
  core().scheduler().run_until_idle();
  EXPECT_ONLY_FINDINGS("SVC-055", 1);
}

TEST_F(ThreadedServicesTest, Svc055WaitingForTheCallbackBeforeFreeIsClean) {
  BlockingState state;
  NDIS_TIMER_CHARACTERISTICS tc{};
  tc.Header = {NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS, NDIS_TIMER_CHARACTERISTICS_REVISION_1,
               NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1};
  tc.AllocationTag = 'rmiT';
  tc.TimerFunction = &BlockingCallback;
  tc.FunctionContext = &state;
  NDIS_HANDLE timer = nullptr;
  ASSERT_EQ(NdisAllocateTimerObject(adapter, &tc, &timer), NDIS_STATUS_SUCCESS);
  LARGE_INTEGER due;
  due.QuadPart = -1;
  NdisSetTimerObject(timer, due, 0, nullptr);
  while (!state.started.load()) std::this_thread::yield();
  state.release = true;
  core().scheduler().run_until_idle();  // the driver's "wait for the callback"
  NdisFreeTimerObject(timer);
  EXPECT_NO_FINDINGS();
}

}  // namespace
}  // namespace condis::test
