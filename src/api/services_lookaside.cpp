// Nonpaged lookaside lists (driver-model.md 2.8.4). All four at IRQL <= DISPATCH_LEVEL. The list
// head names its runtime through the handle condis stores in it, so allocate and free need no
// current runtime and no lock beyond the caller's processor cache.
#include "condis/ndis/services.h"
#include "runtime/runtime_core.hpp"
#include "services/checks.hpp"
#include "services/services_state.hpp"

using namespace condis;

extern "C" {

VOID NdisInitializeNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside, PALLOCATE_FUNCTION Allocate,
                                       PFREE_FUNCTION Free, ULONG Flags, SIZE_T Size, ULONG Tag, USHORT Depth) {
  RuntimeCore* rt = RuntimeCore::current();
  if (!rt) return;  // no runtime on this thread: nothing can own the list
  rt->services().lookaside().initialise(*rt, Lookaside, Allocate, Free, Flags, Size, Tag, Depth);
}

PVOID NdisAllocateFromNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside) {
  return services::LookasideRegistry::allocate(Lookaside);
}

VOID NdisFreeToNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside, PVOID Entry) {
  services::LookasideRegistry::free(Lookaside, Entry);
}

VOID NdisDeleteNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside) {
  RuntimeCore* rt = RuntimeCore::current();
  if (!rt && Lookaside) rt = RuntimeCore::owner_of(reinterpret_cast<void*>(Lookaside->L.ListHead.Alignment));
  if (!rt) return;
  rt->services().lookaside().remove(Lookaside);
}

}  // extern "C"
