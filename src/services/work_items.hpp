// NDIS I/O work items: NdisQueueIoWorkItem posts the routine to the Scheduler at PASSIVE_LEVEL.
// The queued task holds a reference to the item, so freeing it (even from its own routine, which
// is allowed) never leaves the task pointing at freed memory.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "condis/ndis/services.h"
#include "exec/scheduler.hpp"

namespace condis {
class RuntimeCore;
}

namespace condis::services {

struct WorkItem {
  std::mutex mutex;
  void* handle = nullptr;
  const void* owner = nullptr;
  bool queued = false;   // posted and not started
  int running = 0;       // routines executing now
  bool freed = false;
  exec::TaskId task = 0;
  NDIS_IO_WORKITEM_ROUTINE routine = nullptr;
  PVOID context = nullptr;
};

class WorkItemTable {
 public:
  explicit WorkItemTable(RuntimeCore& rt) : rt_(rt) {}

  NDIS_HANDLE allocate(const void* owner);
  void queue(NDIS_HANDLE handle, NDIS_IO_WORKITEM_ROUTINE routine, PVOID context);
  void free(NDIS_HANDLE handle);

  std::vector<std::shared_ptr<WorkItem>> items(const void* owner) const;
  // Dequeues an item whose owner went away (its routine must not run into unloaded code).
  void cancel(WorkItem& item);
  void release_all();

 private:
  std::shared_ptr<WorkItem> find(NDIS_HANDLE handle, const char* function);
  void run(const std::shared_ptr<WorkItem>& item);

  RuntimeCore& rt_;
  mutable std::mutex mutex_;
  std::unordered_map<void*, std::shared_ptr<WorkItem>> items_;
};

}  // namespace condis::services
