// A small CoNDIS world for the call-model unit tests: a client, a stand-alone CM over a plain
// CoNDIS miniport, and a miniport call manager, bound as the driver model would bind them. The
// driver-model objects are built by hand (only the fields the call model reads), so these tests
// exercise the call model alone. Handlers record what condis hands them; `behaviour` says what
// the call-manager and miniport handlers return.
#pragma once

#include <ndis.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/adapter.hpp"
#include "core/binding.hpp"
#include "core/call_model.hpp"
#include "core/driver.hpp"
#include "runtime/runtime_core.hpp"

namespace cmtest {

struct Behaviour {
  NDIS_STATUS open_af = NDIS_STATUS_SUCCESS;
  NDIS_STATUS close_af = NDIS_STATUS_SUCCESS;
  NDIS_STATUS reg_sap = NDIS_STATUS_SUCCESS;
  NDIS_STATUS dereg_sap = NDIS_STATUS_SUCCESS;
  NDIS_STATUS make_call = NDIS_STATUS_PENDING;
  NDIS_STATUS close_call = NDIS_STATUS_PENDING;
  NDIS_STATUS mp_activate = NDIS_STATUS_SUCCESS;
  NDIS_STATUS mp_deactivate = NDIS_STATUS_SUCCESS;
  bool change_parameters = false;   // ProtocolCmMakeCall rewrites the buffer and sets CALL_PARAMETERS_CHANGED
  bool close_in_make_complete = false;  // the client rejects changed parameters by closing at once
  void* cm_party_context = nullptr;
};

struct Record {
  std::vector<std::string> calls;  // handler names in order
  NDIS_HANDLE last_af_notify_context = nullptr;
  PCO_ADDRESS_FAMILY last_af = nullptr;
  NDIS_HANDLE cm_make_party = nullptr;      // NdisPartyHandle ProtocolCmMakeCall got
  NDIS_HANDLE cm_close_party_context = nullptr;
  NDIS_STATUS make_complete_status = -1;
  NDIS_HANDLE make_complete_party = (NDIS_HANDLE)1;
  PCO_CALL_PARAMETERS make_complete_params = nullptr;
  ULONG make_complete_flags = 0;
  NDIS_STATUS close_complete_status = -1;
  NDIS_HANDLE close_complete_party_context = (NDIS_HANDLE)1;
  NDIS_STATUS open_complete_status = -1;
  NDIS_HANDLE open_complete_af = (NDIS_HANDLE)1;
  NDIS_STATUS close_af_complete_status = -1;
  NDIS_STATUS activate_complete_status = -1;
  NDIS_STATUS deactivate_complete_status = -1;
  NDIS_STATUS reg_sap_complete_status = -1;
  NDIS_STATUS dereg_sap_complete_status = -1;
  NDIS_STATUS close_in_complete_status = -1;
  NDIS_HANDLE vc_in_cm = nullptr;  // the NdisVcHandle ProtocolCoCreateVc got on the CM side
  size_t count(std::string_view name) const {
    size_t n = 0;
    for (auto& c : calls) n += c == name;
    return n;
  }
};

inline Behaviour behaviour;
inline Record record;
inline NDIS_HANDLE client_vc_handle = nullptr;  // the client's VC, for handlers that close from a completion

// Context values the drivers hand NDIS; tests check they come back unchanged (CM-008).
inline NDIS_HANDLE ctx(uintptr_t v) { return reinterpret_cast<NDIS_HANDLE>(v); }
inline constexpr uintptr_t kClientBindingCtx = 0x1100, kCmBindingCtx = 0x2200, kMpAdapterCtx = 0x3300,
                           kMcmAdapterCtx = 0x4400, kClientAfCtx = 0x1A00, kCmAfCtx = 0x2A00, kClientVcCtx = 0x1B00,
                           kCmVcCtx = 0x2B00, kMpVcCtx = 0x3B00, kClientSapCtx = 0x1C00, kCmSapCtx = 0x2C00,
                           kClientPartyCtx = 0x1D00;


// The world. `mcm` selects whether the client is bound to the MCM's adapter or to the plain
// miniport's adapter (under the stand-alone CM).
class World {
 public:
  explicit World(bool mcm, bool verifier = true);
  ~World();

  mutable condis::RuntimeCore rt;
  bool mcm;
  condis::core::Driver client, cm, miniport, mcm_driver;
  condis::core::Adapter adapter, mcm_adapter;
  condis::core::Binding client_binding, cm_binding;
  NDIS_HANDLE af = nullptr;  // the client's AF handle once open
  CO_ADDRESS_FAMILY q2931{CO_ADDRESS_FAMILY_Q2931, 3, 1};
  CO_CALL_MANAGER_PARAMETERS cm_params{};
  CO_MEDIA_PARAMETERS media{};
  CO_CALL_PARAMETERS params{};

  void register_all();       // every driver's tables, as from XxxSetOptions
  void register_af();        // the (M)CM registers Q.2931 on the adapter
  void open_af();            // the client opens it (synchronous SUCCESS)
  NDIS_HANDLE create_vc();   // a client VC
  size_t count(std::string_view rule) const { return rt.verifier().count(rule); }
  size_t total() const { return rt.verifier().total(); }
  std::string findings_text() const;

 private:
  std::vector<NDIS_HANDLE> handles_;
};

}  // namespace cmtest

// ---- Handlers (what each driver does when condis calls it) ----------------------------------
namespace cmtest::handlers {

inline void note(const char* name) { record.calls.emplace_back(name); }

// Client (ProtocolCl*, ProtocolCo* of the client): completions record; requests are stubs.
inline NDIS_STATUS ClCreateVc(NDIS_HANDLE, NDIS_HANDLE, PNDIS_HANDLE c) { note("ClCreateVc"); *c = ctx(kClientVcCtx); return NDIS_STATUS_SUCCESS; }
inline NDIS_STATUS ClDeleteVc(NDIS_HANDLE) { note("ClDeleteVc"); return NDIS_STATUS_SUCCESS; }
inline NDIS_STATUS CoOidRequest(NDIS_HANDLE, NDIS_HANDLE, NDIS_HANDLE, struct _NDIS_OID_REQUEST*) { return NDIS_STATUS_NOT_SUPPORTED; }
inline VOID CoOidRequestComplete(NDIS_HANDLE, NDIS_HANDLE, NDIS_HANDLE, struct _NDIS_OID_REQUEST*, NDIS_STATUS) {}
inline VOID ClOpenAfComplete(NDIS_HANDLE, NDIS_HANDLE af, NDIS_STATUS s) { note("ClOpenAfCompleteEx"); record.open_complete_status = s; record.open_complete_af = af; }
inline VOID ClCloseAfComplete(NDIS_STATUS s, NDIS_HANDLE) { note("ClCloseAfComplete"); record.close_af_complete_status = s; }
inline VOID ClRegSapComplete(NDIS_STATUS s, NDIS_HANDLE, PCO_SAP, NDIS_HANDLE) { note("ClRegisterSapComplete"); record.reg_sap_complete_status = s; }
inline VOID ClDeregSapComplete(NDIS_STATUS s, NDIS_HANDLE) { note("ClDeregisterSapComplete"); record.dereg_sap_complete_status = s; }
inline VOID ClMakeCallComplete(NDIS_STATUS s, NDIS_HANDLE vc_ctx, NDIS_HANDLE party, PCO_CALL_PARAMETERS p) {
  note("ClMakeCallComplete");
  EXPECT_EQ(vc_ctx, ctx(kClientVcCtx));
  record.make_complete_status = s;
  record.make_complete_party = party;
  record.make_complete_params = p;
  record.make_complete_flags = p ? p->Flags : 0;
  // A client that finds CM-changed parameters unacceptable closes the call right here (2.2.6).
  if (s == NDIS_STATUS_SUCCESS && behaviour.close_in_make_complete && (p->Flags & CALL_PARAMETERS_CHANGED))
    record.close_in_complete_status = NdisClCloseCall(client_vc_handle, party, nullptr, 0);
}
inline VOID ClModifyQosComplete(NDIS_STATUS, NDIS_HANDLE, PCO_CALL_PARAMETERS) {}
inline VOID ClCloseCallComplete(NDIS_STATUS s, NDIS_HANDLE, NDIS_HANDLE party_ctx) { note("ClCloseCallComplete"); record.close_complete_status = s; record.close_complete_party_context = party_ctx; }
inline VOID ClAddPartyComplete(NDIS_STATUS, NDIS_HANDLE, NDIS_HANDLE, PCO_CALL_PARAMETERS) {}
inline VOID ClDropPartyComplete(NDIS_STATUS, NDIS_HANDLE) {}
inline NDIS_STATUS ClIncomingCall(NDIS_HANDLE, NDIS_HANDLE, PCO_CALL_PARAMETERS) { return NDIS_STATUS_NOT_SUPPORTED; }
inline VOID ClIncomingQos(NDIS_HANDLE, PCO_CALL_PARAMETERS) {}
inline VOID ClIncomingClose(NDIS_STATUS, NDIS_HANDLE, PVOID, UINT) {}
inline VOID ClIncomingDrop(NDIS_STATUS, NDIS_HANDLE, PVOID, UINT) {}
inline VOID ClCallConnected(NDIS_HANDLE) {}
inline NDIS_STATUS ClNotifyCloseAf(NDIS_HANDLE) { return NDIS_STATUS_SUCCESS; }
inline VOID CoStatus(NDIS_HANDLE, NDIS_HANDLE, struct _NDIS_STATUS_INDICATION*) {}
inline VOID CoAfRegisterNotify(NDIS_HANDLE binding_ctx, PCO_ADDRESS_FAMILY af) { note("CoAfRegisterNotify"); record.last_af_notify_context = binding_ctx; record.last_af = af; }
inline VOID CoReceive(NDIS_HANDLE, NDIS_HANDLE, struct _NET_BUFFER_LIST*, ULONG, ULONG) {}
inline VOID CoSendComplete(NDIS_HANDLE, struct _NET_BUFFER_LIST*, ULONG) {}

// Call manager (ProtocolCm*): returns what `behaviour` says.
inline NDIS_STATUS CmCreateVc(NDIS_HANDLE af_ctx, NDIS_HANDLE vc, PNDIS_HANDLE c) { note("CmCreateVc"); EXPECT_EQ(af_ctx, ctx(kCmAfCtx)); record.vc_in_cm = vc; *c = ctx(kCmVcCtx); return NDIS_STATUS_SUCCESS; }
inline NDIS_STATUS CmDeleteVc(NDIS_HANDLE vc_ctx) { note("CmDeleteVc"); EXPECT_EQ(vc_ctx, ctx(kCmVcCtx)); return NDIS_STATUS_SUCCESS; }
inline NDIS_STATUS CmOpenAf(NDIS_HANDLE, PCO_ADDRESS_FAMILY, NDIS_HANDLE, PNDIS_HANDLE c) { note("CmOpenAf"); *c = ctx(kCmAfCtx); return behaviour.open_af; }
inline NDIS_STATUS CmCloseAf(NDIS_HANDLE c) { note("CmCloseAf"); EXPECT_EQ(c, ctx(kCmAfCtx)); return behaviour.close_af; }
inline NDIS_STATUS CmRegSap(NDIS_HANDLE, PCO_SAP, NDIS_HANDLE, PNDIS_HANDLE c) { note("CmRegisterSap"); *c = ctx(kCmSapCtx); return behaviour.reg_sap; }
inline NDIS_STATUS CmDeregSap(NDIS_HANDLE c) { note("CmDeregisterSap"); EXPECT_EQ(c, ctx(kCmSapCtx)); return behaviour.dereg_sap; }
inline NDIS_STATUS CmMakeCall(NDIS_HANDLE vc_ctx, PCO_CALL_PARAMETERS p, NDIS_HANDLE party, PNDIS_HANDLE party_ctx) {
  note("CmMakeCall");
  EXPECT_EQ(vc_ctx, ctx(kCmVcCtx));
  record.cm_make_party = party;
  if (party_ctx) *party_ctx = behaviour.cm_party_context;
  if (behaviour.change_parameters) {
    p->CallMgrParameters->Transmit.PeakBandwidth = 1000;
    p->Flags |= CALL_PARAMETERS_CHANGED;
  }
  return behaviour.make_call;
}
inline NDIS_STATUS CmCloseCall(NDIS_HANDLE vc_ctx, NDIS_HANDLE party_ctx, PVOID, UINT) { note("CmCloseCall"); EXPECT_EQ(vc_ctx, ctx(kCmVcCtx)); record.cm_close_party_context = party_ctx; return behaviour.close_call; }
inline VOID CmIncomingCallComplete(NDIS_STATUS, NDIS_HANDLE, PCO_CALL_PARAMETERS) {}
inline NDIS_STATUS CmAddParty(NDIS_HANDLE, PCO_CALL_PARAMETERS, NDIS_HANDLE, PNDIS_HANDLE) { return NDIS_STATUS_NOT_SUPPORTED; }
inline NDIS_STATUS CmDropParty(NDIS_HANDLE, PVOID, UINT) { return NDIS_STATUS_NOT_SUPPORTED; }
inline VOID CmActivateComplete(NDIS_STATUS s, NDIS_HANDLE c, PCO_CALL_PARAMETERS) { note("CmActivateVcComplete"); EXPECT_EQ(c, ctx(kCmVcCtx)); record.activate_complete_status = s; }
inline VOID CmDeactivateComplete(NDIS_STATUS s, NDIS_HANDLE c) { note("CmDeactivateVcComplete"); EXPECT_EQ(c, ctx(kCmVcCtx)); record.deactivate_complete_status = s; }
inline NDIS_STATUS CmModifyQos(NDIS_HANDLE, PCO_CALL_PARAMETERS) { return NDIS_STATUS_NOT_SUPPORTED; }
inline NDIS_STATUS CmOidRequest(NDIS_HANDLE, NDIS_HANDLE, NDIS_HANDLE, struct _NDIS_OID_REQUEST*) { return NDIS_STATUS_NOT_SUPPORTED; }
inline VOID CmNotifyCloseAfComplete(NDIS_HANDLE, NDIS_STATUS) {}

// Miniport (MiniportCo*).
inline NDIS_STATUS MpCreateVc(NDIS_HANDLE a, NDIS_HANDLE, PNDIS_HANDLE c) { note("MpCreateVc"); EXPECT_EQ(a, ctx(kMpAdapterCtx)); *c = ctx(kMpVcCtx); return NDIS_STATUS_SUCCESS; }
inline NDIS_STATUS MpDeleteVc(NDIS_HANDLE c) { note("MpDeleteVc"); EXPECT_EQ(c, ctx(kMpVcCtx)); return NDIS_STATUS_SUCCESS; }
inline NDIS_STATUS MpActivateVc(NDIS_HANDLE c, PCO_CALL_PARAMETERS) { note("MpActivateVc"); EXPECT_EQ(c, ctx(kMpVcCtx)); return behaviour.mp_activate; }
inline NDIS_STATUS MpDeactivateVc(NDIS_HANDLE c) { note("MpDeactivateVc"); EXPECT_EQ(c, ctx(kMpVcCtx)); return behaviour.mp_deactivate; }
inline VOID MpSend(NDIS_HANDLE, struct _NET_BUFFER_LIST*, ULONG) {}
inline NDIS_STATUS MpOid(NDIS_HANDLE, NDIS_HANDLE, struct _NDIS_OID_REQUEST*) { return NDIS_STATUS_NOT_SUPPORTED; }

}  // namespace cmtest::handlers

namespace cmtest {

inline void fill_client_table(NDIS_CO_CLIENT_OPTIONAL_HANDLERS* t) {
  using namespace handlers;
  *t = {};
  t->Header = {NDIS_OBJECT_TYPE_CO_CLIENT_OPTIONAL_HANDLERS, NDIS_CO_CLIENT_OPTIONAL_HANDLERS_REVISION_1,
               (USHORT)NDIS_SIZEOF_CO_CLIENT_OPTIONAL_HANDLERS_REVISION_1};
  t->ClCreateVcHandler = ClCreateVc; t->ClDeleteVcHandler = ClDeleteVc; t->ClOidRequestHandler = CoOidRequest;
  t->ClOidRequestCompleteHandler = CoOidRequestComplete; t->ClOpenAfCompleteHandlerEx = ClOpenAfComplete;
  t->ClCloseAfCompleteHandler = ClCloseAfComplete; t->ClRegisterSapCompleteHandler = ClRegSapComplete;
  t->ClDeregisterSapCompleteHandler = ClDeregSapComplete; t->ClMakeCallCompleteHandler = ClMakeCallComplete;
  t->ClModifyCallQoSCompleteHandler = ClModifyQosComplete; t->ClCloseCallCompleteHandler = ClCloseCallComplete;
  t->ClAddPartyCompleteHandler = ClAddPartyComplete; t->ClDropPartyCompleteHandler = ClDropPartyComplete;
  t->ClIncomingCallHandler = ClIncomingCall; t->ClIncomingCallQoSChangeHandler = ClIncomingQos;
  t->ClIncomingCloseCallHandler = ClIncomingClose; t->ClIncomingDropPartyHandler = ClIncomingDrop;
  t->ClCallConnectedHandler = ClCallConnected; t->ClNotifyCloseAfHandler = ClNotifyCloseAf;
}

inline void fill_cm_table(NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS* t) {
  using namespace handlers;
  *t = {};
  t->Header = {NDIS_OBJECT_TYPE_CO_CALL_MANAGER_OPTIONAL_HANDLERS, NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS_REVISION_1,
               (USHORT)sizeof(NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS)};
  t->CmCreateVcHandler = CmCreateVc; t->CmDeleteVcHandler = CmDeleteVc; t->CmOpenAfHandler = CmOpenAf;
  t->CmCloseAfHandler = CmCloseAf; t->CmRegisterSapHandler = CmRegSap; t->CmDeregisterSapHandler = CmDeregSap;
  t->CmMakeCallHandler = CmMakeCall; t->CmCloseCallHandler = CmCloseCall;
  t->CmIncomingCallCompleteHandler = CmIncomingCallComplete; t->CmAddPartyHandler = CmAddParty;
  t->CmDropPartyHandler = CmDropParty; t->CmActivateVcCompleteHandler = CmActivateComplete;
  t->CmDeactivateVcCompleteHandler = CmDeactivateComplete; t->CmModifyCallQoSHandler = CmModifyQos;
  t->CmOidRequestHandler = CmOidRequest; t->CmOidRequestCompleteHandler = CoOidRequestComplete;
  t->CmNotifyCloseAfCompleteHandler = CmNotifyCloseAfComplete;
}

inline void fill_protocol_co(NDIS_PROTOCOL_CO_CHARACTERISTICS* t) {
  using namespace handlers;
  *t = {};
  t->Header = {NDIS_OBJECT_TYPE_CO_PROTOCOL_CHARACTERISTICS, NDIS_PROTOCOL_CO_CHARACTERISTICS_REVISION_1,
               (USHORT)NDIS_SIZEOF_PROTOCOL_CO_CHARACTERISTICS_REVISION_1};
  t->CoStatusHandlerEx = CoStatus; t->CoAfRegisterNotifyHandler = CoAfRegisterNotify;
  t->CoReceiveNetBufferListsHandler = CoReceive; t->CoSendNetBufferListsCompleteHandler = CoSendComplete;
}

inline void fill_miniport_co(NDIS_MINIPORT_CO_CHARACTERISTICS* t, bool mcm) {
  using namespace handlers;
  *t = {};
  t->Header = {NDIS_OBJECT_TYPE_CO_MINIPORT_CHARACTERISTICS, NDIS_MINIPORT_CO_CHARACTERISTICS_REVISION_1,
               (USHORT)NDIS_SIZEOF_MINIPORT_CO_CHARACTERISTICS_REVISION_1};
  if (!mcm) {
    t->CoCreateVcHandler = MpCreateVc; t->CoDeleteVcHandler = MpDeleteVc;
    t->CoActivateVcHandler = MpActivateVc; t->CoDeactivateVcHandler = MpDeactivateVc;
  }
  t->CoSendNetBufferListsHandler = MpSend; t->CoOidRequestHandler = MpOid;
}

// The scheduler the next World runs on (the overlap tests vary the seed and the kind).
struct WorldScheduling {
  condis::SchedulerKind kind = condis::SchedulerKind::Deterministic;
  unsigned processors = 1;
  uint64_t seed = 1;
};
inline WorldScheduling world_scheduling;

inline condis::Config make_config(bool verifier) {
  condis::Config c;
  c.verifier = verifier;
  c.scheduler = world_scheduling.kind;
  c.processors = world_scheduling.processors;
  c.seed = world_scheduling.seed;
  return c;
}

inline World::World(bool use_mcm, bool verifier) : rt(make_config(verifier)), mcm(use_mcm) {
  using condis::ObjectType;
  behaviour = {};
  record = {};
  client_vc_handle = nullptr;
  auto add = [&](ObjectType type, void* object) {
    NDIS_HANDLE h = rt.handles().insert(type, object);
    handles_.push_back(h);
    return h;
  };
  client.kind = condis::core::DriverKind::Protocol;
  client.name = "cm_client";
  client.handle = add(ObjectType::ProtocolDriver, &client);
  cm.kind = condis::core::DriverKind::Protocol;
  cm.name = "cm_callmgr";
  cm.handle = add(ObjectType::ProtocolDriver, &cm);
  miniport.name = "cm_miniport";
  miniport.handle = add(ObjectType::MiniportDriver, &miniport);
  mcm_driver.name = "cm_mcm";
  mcm_driver.handle = add(ObjectType::MiniportDriver, &mcm_driver);
  for (auto* d : {&client, &cm, &miniport, &mcm_driver}) d->in_set_options = true;

  adapter.driver = &miniport;
  adapter.context = ctx(kMpAdapterCtx);
  adapter.state = condis::core::AdapterState::Running;
  adapter.handle = add(ObjectType::Adapter, &adapter);
  mcm_adapter.driver = &mcm_driver;
  mcm_adapter.context = ctx(kMcmAdapterCtx);
  mcm_adapter.state = condis::core::AdapterState::Initializing;
  mcm_adapter.handle = add(ObjectType::Adapter, &mcm_adapter);

  auto bind = [&](condis::core::Binding& b, condis::core::Driver& p, condis::core::Adapter& a, uintptr_t context) {
    b.protocol = &p;
    b.adapter = &a;
    b.context = ctx(context);
    b.state = condis::core::BindingState::Running;
    b.handle = add(ObjectType::Binding, &b);
    a.bindings.push_back(&b);
  };
  bind(client_binding, client, mcm ? mcm_adapter : adapter, kClientBindingCtx);
  if (!mcm) bind(cm_binding, cm, adapter, kCmBindingCtx);

  cm_params.Transmit.PeakBandwidth = 5000;
  media.Flags = TRANSMIT_VC | RECEIVE_VC;
  params.CallMgrParameters = &cm_params;
  params.MediaParameters = &media;
}

inline World::~World() {
  // The hand-built driver-model objects are the test's: take their handles back before the
  // runtime tears down, so that no layer frees them.
  rt.calls().release_all();
  for (NDIS_HANDLE h : handles_) rt.handles().remove(h);
}

inline void World::register_all() {
  NDIS_CO_CLIENT_OPTIONAL_HANDLERS cl;
  NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS cmt;
  NDIS_PROTOCOL_CO_CHARACTERISTICS pco;
  NDIS_MINIPORT_CO_CHARACTERISTICS mco, mcmco;
  fill_client_table(&cl);
  fill_cm_table(&cmt);
  fill_protocol_co(&pco);
  fill_miniport_co(&mco, false);
  fill_miniport_co(&mcmco, true);
  auto set = [](NDIS_HANDLE h, void* t) {
    ASSERT_EQ(NdisSetOptionalHandlers(h, static_cast<PNDIS_DRIVER_OPTIONAL_HANDLERS>(t)), NDIS_STATUS_SUCCESS);
  };
  set(client.handle, &pco);
  set(client.handle, &cl);
  set(cm.handle, &pco);
  set(cm.handle, &cmt);
  set(miniport.handle, &mco);
  set(mcm_driver.handle, &mcmco);
  set(mcm_driver.handle, &cmt);
}

inline void World::register_af() {
  if (mcm) {
    ASSERT_EQ(NdisMCmRegisterAddressFamilyEx(mcm_adapter.handle, &q2931), NDIS_STATUS_SUCCESS);
    rt.calls().binding_opened(client_binding.handle);  // the client binds after the MCM registered
  } else {
    ASSERT_EQ(NdisCmRegisterAddressFamilyEx(cm_binding.handle, &q2931), NDIS_STATUS_SUCCESS);
  }
}

inline void World::open_af() {
  ASSERT_NE(record.last_af, nullptr);
  ASSERT_EQ(NdisClOpenAddressFamilyEx(client_binding.handle, record.last_af, ctx(kClientAfCtx), &af),
            NDIS_STATUS_SUCCESS);
  ASSERT_NE(af, nullptr);
}

inline NDIS_HANDLE World::create_vc() {
  NDIS_HANDLE vc = nullptr;
  EXPECT_EQ(NdisCoCreateVc(client_binding.handle, af, ctx(kClientVcCtx), &vc), NDIS_STATUS_SUCCESS);
  client_vc_handle = vc;
  return vc;
}

inline std::string World::findings_text() const {
  std::string out;
  for (auto& f : rt.verifier().findings()) out += f.to_string();
  return out;
}

}  // namespace cmtest
