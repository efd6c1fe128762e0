// NdisWriteErrorLogEntry (driver-model.md 2.8.11): miniport only, IRQL <= DISPATCH_LEVEL. condis
// keeps the entries (at most 16 values each) for the host to read.
#include <cstdarg>

#include "condis/ndis/services.h"
#include "runtime/runtime_core.hpp"
#include "services/checks.hpp"
#include "services/services_state.hpp"

using namespace condis;

extern "C" {

VOID NdisWriteErrorLogEntry(NDIS_HANDLE NdisAdapterHandle, NDIS_ERROR_CODE ErrorCode, ULONG NumberOfErrorValues, ...) {
  static constexpr const char* kFn = "NdisWriteErrorLogEntry";
  RuntimeCore* rt = RuntimeCore::for_handle(NdisAdapterHandle);
  if (!rt || RuntimeCore::owner_of(NdisAdapterHandle) != rt ||
      !rt->handles().resolve(NdisAdapterHandle, ObjectType::Adapter)) {
    if (Verifier* v = services::checking(rt))
      v->finding("SVC-033", kFn)
          .handle("NdisAdapterHandle", NdisAdapterHandle)
          .message("the handle is not a live miniport adapter handle; nothing was logged")
          .expected("the MiniportAdapterHandle given to MiniportInitializeEx")
          .remedy("log errors from the miniport with its adapter handle");
    return;
  }
  services::require_at_most_dispatch(rt, kFn);
  services::ErrorLogEntry entry;
  entry.adapter = NdisAdapterHandle;
  entry.code = ErrorCode;
  entry.time_ns = rt->scheduler().now_ns();
  va_list args;
  va_start(args, NumberOfErrorValues);
  for (ULONG i = 0; i < NumberOfErrorValues && i < 16; ++i) entry.values.push_back(va_arg(args, ULONG));
  va_end(args);
  rt->services().log_error(std::move(entry));
}

}  // extern "C"
