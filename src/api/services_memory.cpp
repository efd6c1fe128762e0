// Memory with tags (driver-model.md 2.8.3). All at IRQL <= DISPATCH_LEVEL.
#include <cstring>

#include "condis/ndis/services.h"
#include "runtime/runtime_core.hpp"
#include "services/checks.hpp"
#include "services/services_state.hpp"

using namespace condis;

namespace {
bool tag_is_ascii(ULONG tag) {
  for (int i = 0; i < 4; ++i)
    if (((tag >> (8 * i)) & 0xff) > 127) return false;
  return true;
}
}  // namespace

extern "C" {

PVOID NdisAllocateMemoryWithTagPriority(NDIS_HANDLE NdisHandle, UINT Length, ULONG Tag, EX_POOL_PRIORITY Priority) {
  static constexpr const char* kFn = "NdisAllocateMemoryWithTagPriority";
  (void)Priority;  // condis never runs low on memory by priority; fault injection stands in (SVC-031)
  RuntimeCore* rt = services::resolve_owner(NdisHandle, kFn);
  if (!rt) return nullptr;
  if (!services::require_at_most_dispatch(rt, kFn) && rt->verifier().enabled()) return nullptr;
  if (Tag == 0 || !tag_is_ascii(Tag)) {
    if (Verifier* v = services::checking(rt))
      v->finding("SVC-032", kFn)
          .handle("NdisHandle", NdisHandle)
          .value("Tag", services::tag_name(Tag))
          .message(Tag == 0 ? "the pool tag is 0" : "the pool tag has a byte above 127")
          .expected("a non-zero pool tag of up to four ASCII characters")
          .remedy("pass a tag that names the allocation, for example 'xyzA'");
  }
  void* p = rt->services().memory().allocate(*rt, NdisHandle, Length, Tag);
  if (rt->tracer().enabled())
    services::trace_service(*rt, kFn,
                            {{"NdisHandle", format_handle(NdisHandle)},
                             {"tag", services::tag_name(Tag)},
                             {"bytes", std::to_string(Length)},
                             {"result", p ? "block" : "NULL"}});
  return p;
}

VOID NdisFreeMemory(PVOID VirtualAddress, UINT Length, UINT MemoryFlags) {
  static constexpr const char* kFn = "NdisFreeMemory";
  (void)Length;  // ignored for NDIS 6 memory
  services::ServicesState* state = services::MemoryAccounting::state_of(VirtualAddress);
  RuntimeCore* rt = state ? &state->runtime() : RuntimeCore::current();
  if (MemoryFlags != 0) {
    if (Verifier* v = services::checking(rt))
      v->finding("SVC-030", kFn)
          .value("MemoryFlags", std::to_string(MemoryFlags))
          .message("MemoryFlags is not 0; the block was not freed")
          .expected("MemoryFlags = 0 for memory from NdisAllocateMemoryWithTagPriority")
          .remedy("pass 0 as MemoryFlags");
    return;
  }
  if (rt) services::require_at_most_dispatch(rt, kFn);
  if (!state) {
    if (rt) {
      rt->services().memory().free(rt, VirtualAddress, kFn, false, nullptr, 0);  // reports SVC-030
    }
    return;
  }
  if (rt->tracer().enabled()) services::trace_service(*rt, kFn, {});
  state->memory().free(rt, VirtualAddress, kFn, false, nullptr, 0);
}

VOID NdisFreeMemoryWithTagPriority(NDIS_HANDLE NdisHandle, PVOID VirtualAddress, ULONG Tag) {
  static constexpr const char* kFn = "NdisFreeMemoryWithTagPriority";
  services::ServicesState* state = services::MemoryAccounting::state_of(VirtualAddress);
  RuntimeCore* rt = state ? &state->runtime() : RuntimeCore::for_handle(NdisHandle);
  if (!rt) return;
  services::require_at_most_dispatch(rt, kFn);
  (state ? *state : rt->services()).memory().free(rt, VirtualAddress, kFn, true, NdisHandle, Tag);
}

VOID CondisCheckedMoveMemory(PVOID Destination, const VOID* Source, ULONG Length) {
  const auto d = reinterpret_cast<uintptr_t>(Destination);
  const auto s = reinterpret_cast<uintptr_t>(Source);
  if (Length != 0 && d < s + Length && s < d + Length) {
    if (Verifier* v = services::checking(RuntimeCore::current()))
      v->finding("SVC-034", "NdisMoveMemory")
          .value("Length", std::to_string(Length))
          .message("the source and destination ranges overlap")
          .expected("NdisMoveMemory copies between ranges that do not overlap")
          .remedy("use RtlMoveMemory for overlapping ranges");
  }
  std::memmove(Destination, Source, Length);
}

}  // extern "C"
