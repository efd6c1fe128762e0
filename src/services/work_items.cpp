#include "services/work_items.hpp"

#include "runtime/runtime_core.hpp"
#include "runtime/upcall.hpp"
#include "services/checks.hpp"

namespace condis::services {

NDIS_HANDLE WorkItemTable::allocate(const void* owner) {
  auto item = std::make_shared<WorkItem>();
  item->owner = owner;
  void* handle = rt_.handles().insert(ObjectType::IoWorkItem, item.get());
  if (!handle) return nullptr;
  item->handle = handle;
  std::lock_guard guard(mutex_);
  items_[handle] = std::move(item);
  return handle;
}

std::shared_ptr<WorkItem> WorkItemTable::find(NDIS_HANDLE handle, const char* function) {
  HandleError error = HandleError::Ok;
  if (rt_.handles().resolve(handle, ObjectType::IoWorkItem, &error)) {
    std::lock_guard guard(mutex_);
    if (auto it = items_.find(handle); it != items_.end()) return it->second;
    error = HandleError::Stale;
  }
  if (Verifier* v = checking(&rt_))
    v->finding("SVC-051", function)
        .handle("NdisIoWorkItemHandle", handle)
        .message(std::string("the work item handle is ") + std::string(handle_error_name(error)))
        .expected("a handle returned by NdisAllocateIoWorkItem and not yet freed")
        .remedy("use the work item only between NdisAllocateIoWorkItem and NdisFreeIoWorkItem");
  return nullptr;
}

void WorkItemTable::queue(NDIS_HANDLE handle, NDIS_IO_WORKITEM_ROUTINE routine, PVOID context) {
  static constexpr const char* kFn = "NdisQueueIoWorkItem";
  require_at_most_dispatch(&rt_, kFn);
  auto item = find(handle, kFn);
  if (!item) return;
  if (routine == nullptr) {
    if (Verifier* v = checking(&rt_))
      v->finding("SVC-051", kFn)
          .handle("NdisIoWorkItemHandle", handle)
          .message("the routine is NULL; the work item was not queued")
          .expected("a work item routine")
          .remedy("pass the NDIS_IO_WORKITEM_ROUTINE to run");
    return;
  }
  std::lock_guard guard(item->mutex);
  if (item->queued) {
    if (Verifier* v = checking(&rt_))
      v->finding("SVC-051", kFn)
          .handle("NdisIoWorkItemHandle", handle)
          .state("work item", "queued")
          .message("the work item was queued again before its routine started; the second queue was ignored")
          .expected("a work item is queued again only once its routine has started")
          .remedy("allocate one work item per outstanding piece of work, or requeue from the routine");
    return;
  }
  item->queued = true;
  item->routine = routine;
  item->context = context;
  exec::TaskOptions options;
  options.irql = exec::kPassive;
  options.label = "NdisIoWorkItem";
  item->task = rt_.scheduler().post([this, item] { run(item); }, options);
  if (rt_.tracer().enabled()) trace_service(rt_, kFn, {{"NdisIoWorkItemHandle", format_handle(handle)}});
}

void WorkItemTable::run(const std::shared_ptr<WorkItem>& item) {
  NDIS_IO_WORKITEM_ROUTINE routine;
  PVOID context;
  void* handle;
  {
    std::lock_guard guard(item->mutex);
    if (!item->queued) return;  // cancelled (freed, or its owner went away)
    item->queued = false;
    ++item->running;
    routine = item->routine;
    context = item->context;
    handle = item->handle;
  }
  {
    // The routine runs at PASSIVE_LEVEL whatever the task was posted from.
    exec::ExecutionScope scope(exec::kPassive);
    upcall(rt_, {"NDIS_IO_WORKITEM_FUNCTION", rt_.tracer().enabled() ? owner_driver_name(rt_, item->owner) : std::string()}, routine, context, handle);
  }
  std::lock_guard guard(item->mutex);
  --item->running;
}

void WorkItemTable::free(NDIS_HANDLE handle) {
  static constexpr const char* kFn = "NdisFreeIoWorkItem";
  require_at_most_dispatch(&rt_, kFn);
  auto item = find(handle, kFn);
  if (!item) return;
  {
    std::lock_guard guard(item->mutex);
    if (item->queued) {
      if (Verifier* v = checking(&rt_))
        v->finding("SVC-051", kFn)
            .handle("NdisIoWorkItemHandle", handle)
            .state("work item", "queued, routine not started")
            .message("a queued work item was freed before its routine ran; condis dequeued it")
            .expected("a work item is freed only when it is not queued (its own routine may free it)")
            .remedy("free the work item from its routine, or after the routine has run");
      item->queued = false;
      rt_.scheduler().cancel(item->task);
    }
    item->freed = true;
  }
  rt_.handles().remove(handle);
  std::lock_guard guard(mutex_);
  items_.erase(handle);
}

std::vector<std::shared_ptr<WorkItem>> WorkItemTable::items(const void* owner) const {
  std::lock_guard guard(mutex_);
  std::vector<std::shared_ptr<WorkItem>> out;
  for (auto& [handle, item] : items_)
    if (owner == nullptr || item->owner == owner) out.push_back(item);
  return out;
}

void WorkItemTable::cancel(WorkItem& item) {
  std::lock_guard guard(item.mutex);
  if (!item.queued) return;
  item.queued = false;
  rt_.scheduler().cancel(item.task);
}

void WorkItemTable::release_all() {
  std::unordered_map<void*, std::shared_ptr<WorkItem>> items;
  {
    std::lock_guard guard(mutex_);
    items.swap(items_);
  }
  for (auto& [handle, item] : items) {
    cancel(*item);
    rt_.handles().remove(handle);
  }
}

}  // namespace condis::services
