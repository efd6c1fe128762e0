#include "services/memory.hpp"

#include <cstdlib>
#include <cstring>
#include <unordered_map>

#include "runtime/runtime_core.hpp"
#include "services/checks.hpp"
#include "services/services_state.hpp"

namespace condis::services {
namespace {

constexpr unsigned char kPoisonNew = 0xCD;   // OQ-D21
constexpr unsigned char kPoisonFreed = 0xDD;

// The process-wide table of live blocks, sharded by address.
class BlockTable {
 public:
  static BlockTable& instance() {
    static BlockTable table;
    return table;
  }
  struct Shard {
    std::mutex mutex;
    std::unordered_map<void*, MemoryBlock> blocks;
  };
  static constexpr size_t kShards = 64;
  Shard& shard(const void* p) { return shards_[(reinterpret_cast<uintptr_t>(p) >> 4) % kShards]; }
  Shard* begin() { return shards_; }
  Shard* end() { return shards_ + kShards; }

 private:
  Shard shards_[kShards];
};

}  // namespace

std::string tag_name(ULONG tag) {
  std::string s;
  for (int i = 0; i < 4; ++i) {
    const char c = char((tag >> (8 * i)) & 0xff);
    s += (c >= 0x20 && c < 0x7f) ? c : '.';
  }
  return s;
}

MemoryAccounting::~MemoryAccounting() { release_all(); }

void* MemoryAccounting::allocate(RuntimeCore& rt, const void* owner, UINT length, ULONG tag) {
  {
    std::lock_guard guard(mutex_);
    if (fail_next_ > 0) {
      --fail_next_;
      return nullptr;
    }
  }
  void* p = std::malloc(length == 0 ? 1 : length);
  if (!p) return nullptr;
  std::memset(p, kPoisonNew, length);
  auto& shard = BlockTable::instance().shard(p);
  {
    std::lock_guard guard(shard.mutex);
    shard.blocks[p] = MemoryBlock{&state_, owner, tag, length};
  }
  std::lock_guard guard(mutex_);
  TagUsage& usage = tags_[tag];
  usage.tag = tag;
  ++usage.live_blocks;
  ++usage.allocations;
  usage.live_bytes += length;
  if (usage.live_bytes > usage.peak_bytes) usage.peak_bytes = usage.live_bytes;
  (void)rt;
  return p;
}

void MemoryAccounting::free(RuntimeCore* rt, void* address, const char* function, bool check_owner,
                            const void* owner, ULONG tag) {
  auto& shard = BlockTable::instance().shard(address);
  MemoryBlock block;
  {
    std::lock_guard guard(shard.mutex);
    auto it = shard.blocks.find(address);
    if (it == shard.blocks.end() || it->second.state != &state_) {
      if (Verifier* v = checking(rt)) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%p", address);
        v->finding("SVC-030", function)
            .value("VirtualAddress", buf)
            .message(address == nullptr ? "NULL was freed"
                                        : "the address is not the start of a live block of this runtime (freed "
                                          "already, or never returned by NdisAllocateMemoryWithTagPriority)")
            .expected("each block is freed exactly once, through the pointer the allocation returned")
            .remedy("free each block once, and clear the driver's pointer after freeing it");
      }
      return;
    }
    block = it->second;
    if (check_owner && (block.owner != owner || block.tag != tag)) {
      if (Verifier* v = checking(rt))
        v->finding("SVC-030", function)
            .handle("NdisHandle", owner)
            .value("Tag", tag_name(tag))
            .value("allocated with", format_handle(block.owner) + " tag " + tag_name(block.tag))
            .message("the block is freed with another handle or tag than it was allocated with")
            .expected("NdisFreeMemoryWithTagPriority passes the handle and tag of the allocation")
            .remedy("pass the same NdisHandle and Tag as to NdisAllocateMemoryWithTagPriority");
      return;
    }
    if (LookasideList* list = state_.lookaside().list_within(address, block.size)) {
      if (Verifier* v = checking(rt))
        v->finding("SVC-043", function)
            .value("Lookaside", [&] {
              char buf[32];
              std::snprintf(buf, sizeof buf, "%p", static_cast<void*>(list->head));
              return std::string(buf);
            }())
            .message("the block holds a lookaside list head that was not deleted; the block was not freed")
            .expected("NdisDeleteNPagedLookasideList runs before the memory holding the list head is freed")
            .remedy("delete the lookaside list first");
      return;
    }
    shard.blocks.erase(it);
  }
  std::memset(address, kPoisonFreed, block.size);
  std::free(address);
  std::lock_guard guard(mutex_);
  TagUsage& usage = tags_[block.tag];
  --usage.live_blocks;
  usage.live_bytes -= block.size;
}

ServicesState* MemoryAccounting::state_of(const void* address) {
  auto& shard = BlockTable::instance().shard(address);
  std::lock_guard guard(shard.mutex);
  auto it = shard.blocks.find(const_cast<void*>(address));
  return it == shard.blocks.end() ? nullptr : it->second.state;
}

std::vector<TagUsage> MemoryAccounting::by_tag() const {
  std::lock_guard guard(mutex_);
  std::vector<TagUsage> out;
  for (auto& [tag, usage] : tags_) out.push_back(usage);
  return out;
}

std::vector<std::pair<void*, MemoryBlock>> MemoryAccounting::blocks(const void* owner) const {
  std::vector<std::pair<void*, MemoryBlock>> out;
  for (auto& shard : BlockTable::instance()) {
    std::lock_guard guard(shard.mutex);
    for (auto& [p, block] : shard.blocks)
      if (block.state == &state_ && (owner == nullptr || block.owner == owner)) out.emplace_back(p, block);
  }
  return out;
}

void MemoryAccounting::fail_next(unsigned n) {
  std::lock_guard guard(mutex_);
  fail_next_ = n;
}

void MemoryAccounting::release_all() {
  for (auto& shard : BlockTable::instance()) {
    std::lock_guard guard(shard.mutex);
    for (auto it = shard.blocks.begin(); it != shard.blocks.end();) {
      if (it->second.state == &state_) {
        std::free(it->first);
        it = shard.blocks.erase(it);
      } else {
        ++it;
      }
    }
  }
  std::lock_guard guard(mutex_);
  for (auto& [tag, usage] : tags_) usage.live_blocks = usage.live_bytes = 0;
}

}  // namespace condis::services
