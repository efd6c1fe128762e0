// Which driver object a thread is working for, so that caller-storage objects (spin locks,
// lookaside lists), which carry no NDIS handle, can be charged to an owner (OQ-D08).
//
// The driver model opens an OwnerScope around every call into a driver handler: the driver
// handle, and the adapter or binding handle when the handler concerns one. A lookaside list
// initialised inside MiniportInitializeEx is then charged to the adapter (checked at halt), one
// initialised anywhere else to the driver (checked at unload).
#pragma once

namespace condis::services {

struct OwnerContext {
  const void* driver = nullptr;  // NdisMiniportDriverHandle / NdisProtocolHandle
  const void* object = nullptr;  // MiniportAdapterHandle / NdisBindingHandle, or null
};

namespace detail {
inline thread_local OwnerContext tls_owner;
}

inline OwnerContext current_owner() { return detail::tls_owner; }

class OwnerScope {
 public:
  OwnerScope(const void* driver, const void* object) : saved_(detail::tls_owner) {
    detail::tls_owner = OwnerContext{driver, object};
  }
  ~OwnerScope() { detail::tls_owner = saved_; }
  OwnerScope(const OwnerScope&) = delete;
  OwnerScope& operator=(const OwnerScope&) = delete;

 private:
  OwnerContext saved_;
};

}  // namespace condis::services
