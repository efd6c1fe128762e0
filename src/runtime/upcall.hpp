// Calling into driver code. Every call from condis into a driver handler goes through upcall():
// it makes the runtime current on this thread (so handle-less Ndis* calls inside the handler
// find it), traces the callback and its return, and checks that the handler came back at the
// IRQL it was called at (a handler that returns holding a spin lock is a bug).
//
// Never hold a condis lock across an upcall: the handler may call back into condis, or take a
// driver spin lock that another processor holds while calling into condis.
#pragma once

#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "runtime/runtime_core.hpp"
#include "services/held_locks.hpp"

namespace condis {

// Reports a handler that returned at another IRQL than it was called at (defined with the
// IRQL services).
void report_irql_changed_by_handler(RuntimeCore& rt, std::string_view handler, exec::Irql before, exec::Irql after);
// The number of spin and RW locks the calling thread holds, and the check that a handler returned
// holding no more than it was called with (SVC-018); both defined with the library services.
inline size_t held_lock_count() { return services::held_locks().size(); }
void report_locks_held_by_handler(RuntimeCore& rt, std::string_view handler, size_t held_before, exec::Irql before);

// The WDK name of an NDIS_STATUS value ("NDIS_STATUS_PENDING"), or its hex value.
std::string status_name(int status);

struct UpcallInfo {
  std::string_view handler;  // "ProtocolCmMakeCall"
  std::string_view driver;   // the driver's name (trace "to")
};

namespace detail {
inline thread_local std::string_view tls_upcall_driver;  // innermost upcall's driver on this thread
}
// The driver whose handler this thread is running (empty outside driver code): the caller of
// any Ndis* function called from here, for the trace (api/api_trace.hpp).
inline std::string_view current_upcall_driver() { return detail::tls_upcall_driver; }

class UpcallDriverScope {
 public:
  explicit UpcallDriverScope(std::string_view driver) : saved_(detail::tls_upcall_driver) {
    detail::tls_upcall_driver = driver;
  }
  ~UpcallDriverScope() { detail::tls_upcall_driver = saved_; }
  UpcallDriverScope(const UpcallDriverScope&) = delete;
  UpcallDriverScope& operator=(const UpcallDriverScope&) = delete;

 private:
  std::string_view saved_;
};

// The name of a driver owning an NDIS handle (miniport/protocol driver, adapter, binding), for
// labelling callbacks of library objects (timers, work items); "driver" when unknown.
std::string owner_driver_name(RuntimeCore& rt, const void* owner);

namespace detail {
// A handler returned with more or fewer locks held, or at another IRQL, than it was called with:
// reports SVC-018 or SVC-012 and puts the thread back (cold: handlers normally return clean).
[[gnu::cold, gnu::noinline]] inline void report_handler_return(RuntimeCore& rt, std::string_view handler,
                                                               size_t locks_before, exec::Irql before) {
  if (held_lock_count() != locks_before)
    report_locks_held_by_handler(rt, handler, locks_before, before);
  else
    report_irql_changed_by_handler(rt, handler, before, exec::current_irql());
}

// The upcall with a trace sink attached: Callback and CallbackReturn events around the call.
template <class Fn, class... Args>
[[gnu::cold, gnu::noinline]] auto upcall_traced(RuntimeCore& rt, const UpcallInfo& info, Fn&& fn, Args&&... args) {
  exec::RuntimeScope scope(&rt);
  // The name may live in the driver object, which a handler can destroy (NdisMDeregisterMiniportDriver
  // from MiniportDriverUnload): the events use a copy taken before the call.
  const std::string driver_copy(info.driver);
  const std::string_view driver = driver_copy;
  UpcallDriverScope driver_scope(driver);
  const exec::Irql before = exec::current_irql();
  const size_t locks_before = services::held_locks().size();
  {
    TraceEvent e;
    e.kind = TraceKind::Callback;
    e.name = std::string(info.handler);
    e.from = "ndis";
    e.to = std::string(driver);
    // Completion handlers take the operation's NDIS_STATUS first: show it.
    if constexpr (sizeof...(Args) > 0) {
      using First = std::decay_t<std::tuple_element_t<0, std::tuple<Args...>>>;
      if constexpr (std::is_same_v<First, int>)
        e.fields.emplace_back("Status", status_name(std::get<0>(std::forward_as_tuple(args...))));
    }
    rt.tracer().emit(std::move(e));
  }
  auto finish = [&](std::string status) {
    if (services::held_locks().size() != locks_before || exec::current_irql() != before)
      report_handler_return(rt, info.handler, locks_before, before);
    TraceEvent e;
    e.kind = TraceKind::CallbackReturn;
    e.name = std::string(info.handler);
    e.from = std::string(driver);
    e.to = "ndis";
    if (!status.empty()) e.fields.emplace_back("status", std::move(status));
    rt.tracer().emit(std::move(e));
  };
  using R = std::invoke_result_t<Fn, Args...>;
  if constexpr (std::is_void_v<R>) {
    std::forward<Fn>(fn)(std::forward<Args>(args)...);
    finish(std::string());
  } else {
    R result = std::forward<Fn>(fn)(std::forward<Args>(args)...);
    if constexpr (std::is_same_v<R, int>) finish(status_name(result));
    else finish(std::string());
    return result;
  }
}
}  // namespace detail

// Without a trace sink an upcall is a handful of thread-local loads and stores around the call:
// the runtime and driver scopes, and the IRQL and held-lock depth compared on return.
template <class Fn, class... Args>
inline auto upcall(RuntimeCore& rt, const UpcallInfo& info, Fn&& fn, Args&&... args) {
  if (rt.tracer().enabled()) [[unlikely]]
    return detail::upcall_traced(rt, info, std::forward<Fn>(fn), std::forward<Args>(args)...);
  exec::RuntimeScope scope(&rt);
  UpcallDriverScope driver_scope(info.driver);
  const exec::Irql before = exec::current_irql();
  const size_t locks_before = services::held_locks().size();
  auto check = [&] {
    if (services::held_locks().size() != locks_before || exec::current_irql() != before) [[unlikely]]
      detail::report_handler_return(rt, info.handler, locks_before, before);
  };
  using R = std::invoke_result_t<Fn, Args...>;
  if constexpr (std::is_void_v<R>) {
    std::forward<Fn>(fn)(std::forward<Args>(args)...);
    check();
  } else {
    R result = std::forward<Fn>(fn)(std::forward<Args>(args)...);
    check();
    return result;
  }
}

}  // namespace condis
