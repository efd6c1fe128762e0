// Shared plumbing of the CoNDIS call-management entry points (co_*.cpp): finding the runtime,
// validating handles and IRQL, the caller-role checks, and the operations that the NdisCm* and
// NdisMCm* names share.
#pragma once

#include <ndis.h>

#include <string>

#include "api/api_trace.hpp"
#include "core/call_model.hpp"
#include "exec/irql.hpp"
#include "runtime/runtime_core.hpp"
#include "runtime/upcall.hpp"

namespace condis::api {

using core::AfOpen;
using core::CoDriver;
using core::Sap;
using core::Vc;

inline RuntimeCore* runtime_for(const void* handle) { return RuntimeCore::for_handle(handle); }

// Rule checks run only with the verifier on; handle validation always runs.
inline bool checking(RuntimeCore& rt) { return rt.verifier().enabled(); }

namespace detail {
// The reports behind the checks below: cold and out of line, so a passing check is a compare.
[[gnu::cold, gnu::noinline]] inline bool report_irql(RuntimeCore& rt, const char* rule, const char* function,
                                                     exec::Irql irql, bool passive) {
  if (!checking(rt)) return true;
  rt.verifier()
      .finding(rule, function)
      .value("IRQL", std::to_string(irql))
      .expected(passive ? "IRQL == PASSIVE_LEVEL" : "IRQL <= DISPATCH_LEVEL")
      .remedy(passive ? "call it from a PASSIVE_LEVEL context (a work item, or the bind/initialize handler)"
                      : "call it at DISPATCH_LEVEL or below (release the spin lock or lower the IRQL first)");
  return false;
}

[[gnu::cold, gnu::noinline]] inline void report_bad_handle(RuntimeCore& rt, const void* handle, ObjectType type,
                                                           HandleError error, const char* function,
                                                           const char* parameter) {
  rt.verifier()
      .finding("CM-007", function)
      .handle(parameter, handle)
      .value("problem", std::string(handle_error_name(error)))
      .message(std::string(parameter) + " is not a live " + std::string(object_type_name(type)) + " handle")
      .expected("the handle NDIS issued for this object, while the object exists")
      .remedy("pass the handle unchanged, and never after the object was closed, deleted or freed");
}
}  // namespace detail

// IRQL rules of call-management.md 4.B. Return false (after reporting) on a violation.
inline bool irql_at_most_dispatch(RuntimeCore& rt, const char* rule, const char* function) {
  const exec::Irql irql = exec::current_irql();
  if (irql <= exec::kDispatch) [[likely]]
    return true;
  return detail::report_irql(rt, rule, function, irql, false);
}

inline bool irql_passive(RuntimeCore& rt, const char* rule, const char* function) {
  const exec::Irql irql = exec::current_irql();
  if (irql == exec::kPassive) [[likely]]
    return true;
  return detail::report_irql(rt, rule, function, irql, true);
}

// Resolves a handle of the expected kind, or reports CM-007 and returns NULL.
template <class T>
inline T* resolve(RuntimeCore& rt, const void* handle, ObjectType type, const char* function, const char* parameter) {
  HandleError error = HandleError::Ok;
  void* object = rt.handles().resolve(handle, type, &error);
  if (object) [[likely]]
    return static_cast<T*>(object);
  detail::report_bad_handle(rt, handle, type, error, function, parameter);
  return nullptr;
}

// Which name a call manager used: NdisCm* (stand-alone) or NdisMCm* (miniport call manager).
enum class CmCaller : uint8_t { StandAlone, Miniport };

inline const char* cm_name(CmCaller caller, const char* cm_name, const char* mcm_name) {
  return caller == CmCaller::StandAlone ? cm_name : mcm_name;
}
// IRQL rule of the <= DISPATCH_LEVEL call-manager functions (CM-014 stand-alone, CM-015 MCM).
inline const char* cm_irql_rule(CmCaller caller) { return caller == CmCaller::StandAlone ? "CM-014" : "CM-015"; }

// CM-020 / CM-021: the NdisCm* names belong to stand-alone CMs, the NdisMCm* names to MCMs. The
// call still proceeds (the WDK's NdisMCm* macros make both names one function at the ABI).
[[gnu::cold, gnu::noinline]] inline void report_cm_role(RuntimeCore& rt, CmCaller caller, const CoDriver* cm,
                                                       const char* function, const char* parameter,
                                                       const void* handle) {
  if (caller == CmCaller::StandAlone && cm->is_mcm()) {
    rt.verifier()
        .finding("CM-020", function)
        .handle(parameter, handle)
        .value("call manager", cm->name)
        .message("a miniport call manager called a stand-alone call-manager function")
        .expected("NdisCm* functions are called only by stand-alone call managers")
        .remedy(std::string("call the NdisMCm") + (function + 6) + " form");
  } else if (caller == CmCaller::Miniport && !cm->is_mcm()) {
    rt.verifier()
        .finding("CM-021", function)
        .handle(parameter, handle)
        .value("call manager", cm->name)
        .message("a stand-alone call manager called a miniport call-manager function")
        .expected("NdisMCm* functions are called only by miniport call managers")
        .remedy(std::string("call the NdisCm") + (function + 7) + " form");
  }
}

inline void check_cm_role(RuntimeCore& rt, CmCaller caller, const CoDriver* cm, const char* function,
                          const char* parameter, const void* handle) {
  if (!cm || !checking(rt)) return;
  if ((caller == CmCaller::StandAlone) == cm->is_mcm()) [[unlikely]]
    report_cm_role(rt, caller, cm, function, parameter, handle);
}

// CM-001: a completion status is never NDIS_STATUS_PENDING. Returns false (after reporting).
inline bool completion_status_ok(RuntimeCore& rt, NDIS_STATUS status, const char* function, const char* parameter,
                                 const void* handle) {
  if (status != NDIS_STATUS_PENDING) return true;
  rt.verifier()
      .finding("CM-001", function)
      .handle(parameter, handle)
      .value("Status", "NDIS_STATUS_PENDING")
      .message("a completion function was called with NDIS_STATUS_PENDING; the call is ignored")
      .expected("the final status of the operation, never NDIS_STATUS_PENDING")
      .remedy("complete with NDIS_STATUS_SUCCESS or a failure status once the operation is done");
  return false;
}

// CM-002: reports a completion for an operation that is not outstanding.
inline void report_unexpected_completion(RuntimeCore& rt, const char* function, const char* parameter,
                                         const void* handle, const char* handler, std::string_view state_object,
                                         std::string_view state) {
  rt.verifier()
      .finding("CM-002", function)
      .handle(parameter, handle)
      .state(state_object, state)
      .message(std::string("no ") + handler + " is pending on this object; the completion is ignored")
      .expected(std::string("exactly one completion, after ") + handler + " returned NDIS_STATUS_PENDING")
      .remedy(std::string("complete only what ") + handler +
              " pended; a non-PENDING return is already the final status");
}

// CM-002 for a handler that completed and then returned a final status as well.
inline void report_completed_without_pend(RuntimeCore& rt, const char* handler, const void* handle,
                                          NDIS_STATUS status) {
  rt.verifier()
      .finding("CM-002", handler)
      .handle("handle", handle)
      .value("returned", status_name(status))
      .message("the operation was completed by its completion function and the handler then returned a final status")
      .expected("either return the final status, or return NDIS_STATUS_PENDING and complete later")
      .remedy("return NDIS_STATUS_PENDING when the completion function has been or will be called");
}

// Shared by NdisCm* and NdisMCm* (co_call_manager.cpp).
void open_af_complete(CmCaller caller, NDIS_STATUS status, NDIS_HANDLE af_handle, NDIS_HANDLE cm_af_context);
void close_af_complete(CmCaller caller, NDIS_STATUS status, NDIS_HANDLE af_handle);
void register_sap_complete(CmCaller caller, NDIS_STATUS status, NDIS_HANDLE sap_handle, NDIS_HANDLE cm_sap_context);
void deregister_sap_complete(CmCaller caller, NDIS_STATUS status, NDIS_HANDLE sap_handle);
void make_call_complete(CmCaller caller, NDIS_STATUS status, NDIS_HANDLE vc_handle, NDIS_HANDLE party_handle,
                        NDIS_HANDLE cm_party_context, PCO_CALL_PARAMETERS parameters);
void close_call_complete(CmCaller caller, NDIS_STATUS status, NDIS_HANDLE vc_handle, NDIS_HANDLE party_handle);
// Registers `af` for a call manager on an adapter and notifies the bound clients.
NDIS_STATUS register_address_family(RuntimeCore& rt, const char* function, CoDriver* cm, void* adapter,
                                    void* cm_binding, void* cm_binding_context, bool mcm,
                                    PCO_ADDRESS_FAMILY af);
// Shared by NdisCm* and NdisMCm* (co_incoming.cpp, co_party.cpp, co_qos.cpp, co_notify_close.cpp).
NDIS_STATUS dispatch_incoming_call(CmCaller caller, NDIS_HANDLE sap_handle, NDIS_HANDLE vc_handle,
                                   PCO_CALL_PARAMETERS parameters);
void dispatch_call_connected(CmCaller caller, NDIS_HANDLE vc_handle);
void dispatch_incoming_close_call(CmCaller caller, NDIS_STATUS close_status, NDIS_HANDLE vc_handle, PVOID buffer,
                                  UINT size);
void add_party_complete(CmCaller caller, NDIS_STATUS status, NDIS_HANDLE party_handle, NDIS_HANDLE cm_party_context,
                        PCO_CALL_PARAMETERS parameters);
void drop_party_complete(CmCaller caller, NDIS_STATUS status, NDIS_HANDLE party_handle);
void dispatch_incoming_drop_party(CmCaller caller, NDIS_STATUS drop_status, NDIS_HANDLE party_handle, PVOID buffer,
                                  UINT size);
void modify_call_qos_complete(CmCaller caller, NDIS_STATUS status, NDIS_HANDLE vc_handle,
                              PCO_CALL_PARAMETERS parameters);
void dispatch_incoming_call_qos_change(CmCaller caller, NDIS_HANDLE vc_handle, PCO_CALL_PARAMETERS parameters);
NDIS_STATUS notify_close_address_family(CmCaller caller, NDIS_HANDLE af_handle);

}  // namespace condis::api

namespace condis::api {
// Deletes a VC for its creator (NdisCoDeleteVc, NdisMCmDeleteVc): CM-042 state checks, then the
// peer's ProtocolCoDeleteVc, then MiniportCoDeleteVc under a stand-alone CM.
NDIS_STATUS delete_vc(RuntimeCore& rt, Vc* vc, const char* function);
}  // namespace condis::api
