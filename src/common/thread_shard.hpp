// Which shard of a per-runtime free list the calling thread uses.
//
// Handles and VC slots are taken and given back on every call's path. One free list per runtime
// would make every processor of the Threaded scheduler write the same cache lines (the list's
// lock and head) on each VC created or deleted; a small cache per thread keeps those writes on
// a line of its own. Threads get shard numbers round-robin as they first ask, so up to
// kThreadShards threads never share one; beyond that they share, which each shard's own lock
// keeps correct. The Deterministic scheduler runs every task on one thread: one shard, the same
// order of reuse as a single free list.
#pragma once

#include <atomic>
#include <cstdint>

namespace condis {

inline constexpr uint32_t kThreadShards = 32;

namespace detail {
inline std::atomic<uint32_t> g_next_thread_shard{0};
inline constinit thread_local uint32_t t_thread_shard = UINT32_MAX;
[[gnu::noinline]] inline uint32_t assign_thread_shard() {
  t_thread_shard = g_next_thread_shard.fetch_add(1, std::memory_order_relaxed) % kThreadShards;
  return t_thread_shard;
}
}  // namespace detail

// The calling thread's shard, 0 .. kThreadShards - 1.
inline uint32_t thread_shard() {
  const uint32_t shard = detail::t_thread_shard;
  return shard != UINT32_MAX ? shard : detail::assign_thread_shard();
}

}  // namespace condis
