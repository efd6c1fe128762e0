#include "core/callback_frame.hpp"

namespace condis::core {
namespace {
thread_local const CallbackFrame* tls_frame = nullptr;
}

const char* callback_name(Callback callback) {
  switch (callback) {
    case Callback::DriverEntry: return "DriverEntry";
    case Callback::DriverUnload: return "DriverUnload";
    case Callback::SetOptions: return "XxxSetOptions";
    case Callback::MiniportInitialize: return "MiniportInitializeEx";
    case Callback::MiniportHalt: return "MiniportHaltEx";
    case Callback::MiniportPause: return "MiniportPause";
    case Callback::MiniportRestart: return "MiniportRestart";
    case Callback::MiniportShutdown: return "MiniportShutdownEx";
    case Callback::MiniportDevicePnp: return "MiniportDevicePnPEventNotify";
    case Callback::MiniportOidRequest: return "MiniportOidRequest";
    case Callback::ProtocolBind: return "ProtocolBindAdapterEx";
    case Callback::ProtocolUnbind: return "ProtocolUnbindAdapterEx";
    case Callback::ProtocolOpenComplete: return "ProtocolOpenAdapterCompleteEx";
    case Callback::ProtocolCloseComplete: return "ProtocolCloseAdapterCompleteEx";
    case Callback::ProtocolNetPnp: return "ProtocolNetPnPEvent";
    case Callback::ProtocolOidComplete: return "ProtocolOidRequestComplete";
    case Callback::ProtocolUninstall: return "ProtocolUninstall";
  }
  return "?";
}

const CallbackFrame* current_frame() { return tls_frame; }

const CallbackFrame* find_frame(const RuntimeCore* rt, Callback kind) {
  for (const CallbackFrame* f = tls_frame; f; f = f->parent)
    if (f->kind == kind && f->rt == rt) return f;
  return nullptr;
}

FrameScope::FrameScope(CallbackFrame& frame) : frame_(frame) {
  frame_.parent = tls_frame;
  tls_frame = &frame_;
}

FrameScope::~FrameScope() { tls_frame = frame_.parent; }

}  // namespace condis::core
