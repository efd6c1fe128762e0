// Which NDIS-called driver entry point the calling thread is inside. Rules that depend on the
// calling context (DRV-001 "from DriverEntry", DRV-005 "while XxxSetOptions runs", DRV-011,
// DRV-023, DRV-050, DRV-056, DRV-059) read the innermost frames of this thread.
#pragma once

#include <cstdint>

namespace condis {
class RuntimeCore;
namespace core {

class Driver;
class Adapter;
class Binding;
struct BindOperation;
struct UnbindOperation;
struct LoadedModule;

enum class Callback : uint8_t {
  DriverEntry,
  DriverUnload,        // MiniportDriverUnload or the protocol's DriverObject->DriverUnload
  SetOptions,
  MiniportInitialize,
  MiniportHalt,
  MiniportPause,
  MiniportRestart,
  MiniportShutdown,
  MiniportDevicePnp,
  MiniportOidRequest,
  ProtocolBind,
  ProtocolUnbind,
  ProtocolOpenComplete,
  ProtocolCloseComplete,
  ProtocolNetPnp,
  ProtocolOidComplete,
  ProtocolUninstall,
};
const char* callback_name(Callback callback);

struct CallbackFrame {
  Callback kind;
  RuntimeCore* rt = nullptr;
  Driver* driver = nullptr;
  Adapter* adapter = nullptr;
  Binding* binding = nullptr;
  BindOperation* bind = nullptr;
  UnbindOperation* unbind = nullptr;
  LoadedModule* module = nullptr;
  const CallbackFrame* parent = nullptr;
};

// The innermost frame of this thread, or null outside driver entry points.
const CallbackFrame* current_frame();
// The innermost frame of `kind` belonging to rt, or null.
const CallbackFrame* find_frame(const RuntimeCore* rt, Callback kind);

// Pushes a frame for the duration of an upcall.
class FrameScope {
 public:
  explicit FrameScope(CallbackFrame& frame);
  ~FrameScope();
  FrameScope(const FrameScope&) = delete;
  FrameScope& operator=(const FrameScope&) = delete;

 private:
  CallbackFrame& frame_;
};

}  // namespace core
}  // namespace condis
