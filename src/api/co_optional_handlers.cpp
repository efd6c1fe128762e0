// NdisSetOptionalHandlers: a driver registers its CoNDIS entry points (driver-model.md 2.1.4).
// Called by drivers from MiniportSetOptions / ProtocolSetOptions at PASSIVE_LEVEL, or by a
// protocol after a successful open with its NdisBindingHandle. The structures are told apart by
// Header.Type alone: 0x91 miniport CoNDIS, 0xA5 call manager, 0xA6 client, 0x90 protocol CoNDIS.
#include <cstring>

#include "api/co_common.hpp"
#include "core/driver.hpp"
#include "core/driver_model.hpp"

using namespace condis;
using namespace condis::api;

namespace {

NDIS_STATUS bad_table(RuntimeCore& rt, const char* rule, const void* handle, const char* table, std::string what) {
  rt.verifier()
      .finding(rule, "NdisSetOptionalHandlers")
      .handle("NdisHandle", handle)
      .value("table", table)
      .message(std::move(what))
      .expected("the documented Type, Revision and Size, and every required handler non-NULL")
      .remedy("fill the table as ndis.h describes it; stub unsupported features with NDIS_STATUS_NOT_SUPPORTED");
  return NDIS_STATUS_BAD_CHARACTERISTICS;
}

bool header_ok(const NDIS_OBJECT_HEADER& h, size_t min_size) {
  return h.Revision >= NDIS_OBJECT_REVISION_1 && h.Size >= min_size;
}

// Index of the first NULL pointer among `count` handler slots starting at `first`, or -1.
int first_null(const void* first, size_t count) {
  auto* slots = static_cast<void* const*>(first);
  for (size_t i = 0; i < count; ++i)
    if (!slots[i]) return int(i);
  return -1;
}

// VC-018: once a miniport has registered both its CoNDIS table and call-manager handlers it is an
// MCM, for which NDIS never calls CoCreateVc/CoDeleteVc (VC-019); non-NULL ones are ignored, with a warning.
void warn_mcm_vc_handlers(RuntimeCore& rt, const void* handle, const core::CoDriver& d) {
  if (!d.has_miniport_co || !d.has_call_manager || !checking(rt)) return;
  if (!d.miniport_co.CoCreateVcHandler && !d.miniport_co.CoDeleteVcHandler) return;
  rt.verifier()
      .finding("VC-018", "NdisSetOptionalHandlers")
      .severity(Severity::Warning)
      .handle("NdisHandle", handle)
      .value("table", "NDIS_MINIPORT_CO_CHARACTERISTICS")
      .message("a miniport call manager set CoCreateVcHandler or CoDeleteVcHandler; NDIS never calls them")
      .expected("CoCreateVcHandler and CoDeleteVcHandler NULL in an MCM's miniport CoNDIS table")
      .remedy("set both to NULL; an MCM creates its VC state in ProtocolCoCreateVc / with NdisMCmCreateVc");
}

}  // namespace

extern "C" NDIS_STATUS NdisSetOptionalHandlers(NDIS_HANDLE NdisHandle, PNDIS_DRIVER_OPTIONAL_HANDLERS OptionalHandlers) {
  RuntimeCore* rtp = runtime_for(NdisHandle);
  if (!rtp) return NDIS_STATUS_FAILURE;
  RuntimeCore& rt = *rtp;
  if (!irql_passive(rt, "DRV-005", "NdisSetOptionalHandlers")) return NDIS_STATUS_FAILURE;

  ObjectType type = ObjectType::None;
  HandleError error = HandleError::Ok;
  rt.handles().resolve_any(NdisHandle, &type, &error);
  void* driver_handle = NdisHandle;
  if (type == ObjectType::Binding) {
    // The per-binding form: condis applies the tables to the binding's driver (see decisions).
    core::BindingView view;
    if (rt.calls().topology().binding(NdisHandle, &view)) {
      driver_handle = view.protocol_driver;
      type = ObjectType::ProtocolDriver;
    } else {
      type = ObjectType::None;
    }
  }
  if (type != ObjectType::MiniportDriver && type != ObjectType::ProtocolDriver) {
    rt.verifier()
        .finding("DRV-005", "NdisSetOptionalHandlers")
        .handle("NdisHandle", NdisHandle)
        .value("problem", error == HandleError::Ok ? std::string("not a driver or binding handle")
                                                   : std::string(handle_error_name(error)))
        .expected("the NdisDriverHandle given to XxxSetOptions, or an open NdisBindingHandle")
        .remedy("call it from MiniportSetOptions / ProtocolSetOptions with the handle NDIS passed there");
    return NDIS_STATUS_FAILURE;
  }
  if (!OptionalHandlers) return NDIS_STATUS_INVALID_PARAMETER;
  const bool miniport = type == ObjectType::MiniportDriver;
  core::Driver* model_driver = rt.drivers().driver_from_handle(driver_handle);
  if (model_driver && driver_handle == NdisHandle && !model_driver->in_set_options && checking(rt))
    rt.verifier()
        .finding("DRV-005", "NdisSetOptionalHandlers")
        .handle("NdisHandle", NdisHandle)
        .message("the driver handle is used outside XxxSetOptions")
        .expected("the NdisDriverHandle only inside MiniportSetOptions / ProtocolSetOptions")
        .remedy("register the CoNDIS tables from the set-options handler");
  // The driver model checks DRV-006 from these bits when XxxSetOptions returns.
  auto accepted = [&](uint32_t bit) {
    if (model_driver) model_driver->optional_tables |= bit;
    return NDIS_STATUS_SUCCESS;
  };
  const NDIS_OBJECT_HEADER& header = OptionalHandlers->Header;
  core::CoDriver& d = rt.calls().driver_record(driver_handle, miniport);

  switch (header.Type) {
    case NDIS_OBJECT_TYPE_CO_MINIPORT_CHARACTERISTICS: {
      if (!miniport)
        return bad_table(rt, "CM-023", NdisHandle, "NDIS_MINIPORT_CO_CHARACTERISTICS", "a protocol registered a miniport table");
      if (!header_ok(header, NDIS_SIZEOF_MINIPORT_CO_CHARACTERISTICS_REVISION_1))
        return bad_table(rt, "VC-016", NdisHandle, "NDIS_MINIPORT_CO_CHARACTERISTICS", "bad header Revision or Size");
      auto* t = reinterpret_cast<const NDIS_MINIPORT_CO_CHARACTERISTICS*>(OptionalHandlers);
      if (!t->CoSendNetBufferListsHandler || !t->CoOidRequestHandler)
        return bad_table(rt, d.has_call_manager ? "VC-018" : "VC-017", NdisHandle, "NDIS_MINIPORT_CO_CHARACTERISTICS",
                         "CoSendNetBufferListsHandler and CoOidRequestHandler are required");
      d.miniport_co = *t;
      d.has_miniport_co = true;
      warn_mcm_vc_handlers(rt, NdisHandle, d);
      return accepted(core::kMiniportCoTable);
    }
    case NDIS_OBJECT_TYPE_CO_CALL_MANAGER_OPTIONAL_HANDLERS: {
      if (!header_ok(header, NDIS_SIZEOF_CO_CALL_MANAGER_OPTIONAL_HANDLERS_REVISION_1))
        return bad_table(rt, "DRV-007", NdisHandle, "NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS", "bad header Revision or Size");
      NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS t{};
      const bool full = header.Size >= sizeof(NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS);
      std::memcpy(&t, OptionalHandlers, full ? sizeof t : NDIS_SIZEOF_CO_CALL_MANAGER_OPTIONAL_HANDLERS_REVISION_1);
      const size_t count = full ? 17 : 16;
      if (int i = first_null(&t.CmCreateVcHandler, count); i >= 0)
        return bad_table(rt, "CM-009", NdisHandle, "NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS",
                         "handler #" + std::to_string(i + 1) + " after Reserved is NULL");
      if (miniport && d.has_miniport_co && (void*)t.CmOidRequestHandler == (void*)d.miniport_co.CoOidRequestHandler)
        return bad_table(rt, "CM-024", NdisHandle, "NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS",
                         "CmOidRequestHandler is the miniport's MiniportCoOidRequest");
      d.cm = t;
      d.has_call_manager = true;
      d.cm_has_notify_close_complete = full;
      if (miniport) warn_mcm_vc_handlers(rt, NdisHandle, d);
      return accepted(core::kCallManagerTable);
    }
    case NDIS_OBJECT_TYPE_CO_CLIENT_OPTIONAL_HANDLERS: {
      if (miniport)
        return bad_table(rt, "CM-023", NdisHandle, "NDIS_CO_CLIENT_OPTIONAL_HANDLERS", "a miniport registered a client table");
      if (!header_ok(header, NDIS_SIZEOF_CO_CLIENT_OPTIONAL_HANDLERS_REVISION_1))
        return bad_table(rt, "DRV-007", NdisHandle, "NDIS_CO_CLIENT_OPTIONAL_HANDLERS", "bad header Revision or Size");
      auto* t = reinterpret_cast<const NDIS_CO_CLIENT_OPTIONAL_HANDLERS*>(OptionalHandlers);
      if (int i = first_null(&t->ClCreateVcHandler, 19); i >= 0)
        return bad_table(rt, "CM-009", NdisHandle, "NDIS_CO_CLIENT_OPTIONAL_HANDLERS",
                         "handler #" + std::to_string(i + 1) + " after Reserved is NULL");
      d.client = *t;
      d.has_client = true;
      return accepted(core::kClientTable);
    }
    case NDIS_OBJECT_TYPE_CO_PROTOCOL_CHARACTERISTICS: {
      if (miniport)
        return bad_table(rt, "CM-023", NdisHandle, "NDIS_PROTOCOL_CO_CHARACTERISTICS", "a miniport registered a protocol table");
      if (!header_ok(header, NDIS_SIZEOF_PROTOCOL_CO_CHARACTERISTICS_REVISION_1))
        return bad_table(rt, "DRV-007", NdisHandle, "NDIS_PROTOCOL_CO_CHARACTERISTICS", "bad header Revision or Size");
      auto* t = reinterpret_cast<const NDIS_PROTOCOL_CO_CHARACTERISTICS*>(OptionalHandlers);
      if (int i = first_null(&t->CoStatusHandlerEx, 4); i >= 0)
        return bad_table(rt, "DRV-007", NdisHandle, "NDIS_PROTOCOL_CO_CHARACTERISTICS",
                         "handler #" + std::to_string(i + 1) + " after Flags is NULL");
      d.protocol_co = *t;
      d.has_protocol_co = true;
      return accepted(core::kProtocolCoTable);
    }
    case NDIS_OBJECT_TYPE_MINIPORT_PNP_CHARACTERISTICS:
      return miniport ? NDIS_STATUS_SUCCESS : NDIS_STATUS_NOT_SUPPORTED;  // accepted and ignored
    default:
      return NDIS_STATUS_NOT_SUPPORTED;
  }
}
