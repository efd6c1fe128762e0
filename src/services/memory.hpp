// Memory from NdisAllocateMemoryWithTagPriority. Blocks are recorded in a process-wide table
// (NdisFreeMemory carries no handle, so the block must name its runtime), each with the owner
// handle it is charged to and its tag; per-tag totals give the "memory by tag" report.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <vector>

#include "condis/ndis/services.h"

namespace condis {
class RuntimeCore;
}

namespace condis::services {

class ServicesState;

struct MemoryBlock {
  ServicesState* state = nullptr;
  const void* owner = nullptr;
  ULONG tag = 0;
  UINT size = 0;
};

struct TagUsage {
  ULONG tag = 0;
  uint64_t live_blocks = 0;
  uint64_t live_bytes = 0;
  uint64_t allocations = 0;  // ever
  uint64_t peak_bytes = 0;
};

// Pool tags print as the four characters a debugger shows ('maDN' -> "NDam").
std::string tag_name(ULONG tag);

class MemoryAccounting {
 public:
  explicit MemoryAccounting(ServicesState& state) : state_(state) {}
  ~MemoryAccounting();

  void* allocate(RuntimeCore& rt, const void* owner, UINT length, ULONG tag);
  // handle / tag are checked only when given (NdisFreeMemoryWithTagPriority).
  void free(RuntimeCore* rt, void* address, const char* function, bool check_owner, const void* owner,
            ULONG tag);

  // The runtime state that owns a live block, or null (NdisFreeMemory carries no handle).
  static ServicesState* state_of(const void* address);

  std::vector<TagUsage> by_tag() const;
  // Live blocks of this runtime (for an owner, or all when owner is null).
  std::vector<std::pair<void*, MemoryBlock>> blocks(const void* owner) const;
  // Fault injection (SVC-031): the next n allocations fail.
  void fail_next(unsigned n);
  void release_all();

 private:
  ServicesState& state_;
  mutable std::mutex mutex_;  // tag totals and the fault counter
  std::map<ULONG, TagUsage> tags_;
  unsigned fail_next_ = 0;
};

}  // namespace condis::services
