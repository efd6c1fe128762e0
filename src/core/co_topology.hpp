// What call management needs to know about adapters and bindings, behind an interface.
//
// The driver model owns adapters and bindings; call management only asks "which adapter is
// under this binding", "which clients are bound to this adapter" and "what is this driver
// called". Keeping that behind CoTopology lets the call model be tested on its own (tests
// install a fake topology) and keeps the driver model's internals out of the call path.
#pragma once

#include <string>
#include <vector>

namespace condis::core {

struct BindingView {
  void* handle = nullptr;            // NdisBindingHandle
  void* adapter = nullptr;           // MiniportAdapterHandle of the adapter under it
  void* protocol_driver = nullptr;   // NdisProtocolHandle of the bound protocol
  void* binding_context = nullptr;   // ProtocolBindingContext
  bool usable = false;               // open and not closing
};

struct AdapterView {
  void* handle = nullptr;            // MiniportAdapterHandle
  void* miniport_driver = nullptr;   // NdisMiniportDriverHandle
  void* adapter_context = nullptr;   // MiniportAdapterContext
  bool usable = false;               // initializing or running, not halting
};

class CoTopology {
 public:
  virtual ~CoTopology() = default;
  virtual bool binding(const void* binding_handle, BindingView* out) const = 0;
  // binding(...) && usable, on the hot path of NdisCoCreateVc: the driver model answers it
  // without its lock.
  virtual bool binding_usable(const void* binding_handle) const {
    BindingView view;
    return binding(binding_handle, &view) && view.usable;
  }
  virtual bool adapter(const void* adapter_handle, AdapterView* out) const = 0;
  // Every usable binding on the adapter (clients and call managers alike).
  virtual void bindings_of(const void* adapter_handle, std::vector<BindingView>* out) const = 0;
  virtual std::string driver_name(const void* driver_handle) const = 0;
};

}  // namespace condis::core
