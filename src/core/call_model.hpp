// The call-management layer: per-driver CoNDIS entry points, address-family registrations, and
// the AF, SAP, VC and party objects (their states live in address_family.hpp, sap.hpp, vc.hpp and
// party.hpp; the Ndis* entry points in src/api/co_*.cpp drive the transitions).
//
// Locking: `mutex_` guards the driver table and the registrations (registration-time paths only).
// Each AF open, SAP and VC has its own one-byte lock for its state. No lock is held across a
// call into a driver.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/handle_table.hpp"
#include "condis/verify.hpp"
#include "core/address_family.hpp"
#include "core/co_driver.hpp"
#include "core/co_topology.hpp"
#include "core/party.hpp"
#include "core/sap.hpp"
#include "core/vc.hpp"
#include "core/vc_slab.hpp"

namespace condis {
class RuntimeCore;
namespace core {

class Adapter;
class Binding;
class CoRequests;
struct CoRequest;

class CallModel {
 public:
  explicit CallModel(RuntimeCore& rt);
  ~CallModel();
  CallModel(const CallModel&) = delete;
  CallModel& operator=(const CallModel&) = delete;

  // Hooks the driver model calls at life-cycle points (see driver-model.md 1.6, 3.2, 3.3):
  // a binding finished opening (AF notifications are due), a binding or adapter is going away.
  void on_binding_opened(Binding& binding);
  void on_binding_closing(Binding& binding);
  void on_adapter_halting(Adapter& adapter);
  // MiniportHaltEx returned: an MCM must have closed every AF open on the adapter and deleted
  // every VC it created (DRV-035); what is left is reported and released.
  void on_adapter_halted(Adapter& adapter);
  // The same, by handle (what the hooks above resolve to; tests with a fake topology call these).
  void binding_opened(void* binding_handle);
  void binding_closing(void* binding_handle);
  void adapter_halting(void* adapter_handle);
  void adapter_halted(void* adapter_handle);

  // Adds whatever this layer still holds to the report.
  void collect_leaks(LeakReport& report) const;
  // Frees every remaining object without calling drivers (after the leak report).
  void release_all();

  // Where adapters and bindings are looked up. Defaults to the driver model; tests may install
  // their own (the call model does not own it).
  const CoTopology& topology() const { return *topology_; }
  void set_topology(const CoTopology* topology) { topology_ = topology ? topology : default_topology_.get(); }

  // ---- Drivers (NdisSetOptionalHandlers) ----
  // The CoNDIS record of a driver, created on first use. `is_miniport` is fixed by the first call.
  CoDriver& driver_record(void* driver_handle, bool is_miniport);
  CoDriver* find_driver(const void* driver_handle) const;

  // ---- Address-family registrations ----
  // NULL if (adapter, af) is free; otherwise the registration.
  AfRegistration* find_registration(const void* adapter, NDIS_AF af) const;
  AfRegistration* add_registration(std::unique_ptr<AfRegistration> reg);
  // Delivers ProtocolCoAfRegisterNotify for `reg` to every usable CoNDIS binding on its adapter
  // not yet told (PASSIVE_LEVEL; never under a lock).
  void notify_registration(AfRegistration& reg);

  // ---- Objects and their handles ----
  AfOpen* new_af_open();
  void free_af_open(AfOpen* af);
  Sap* new_sap();
  void free_sap(Sap* sap);
  // Frees an AF open released while requests held it, once the last of them is done
  // (AfOpen::drop_hold returned true; its handle is already dead).
  void destroy_af_open(AfOpen* af);
  // Frees a SAP released while its request was in the handler (Sap::request_frees; handle already
  // dead), and drops the hold it kept on its released AF (freeing the AF if it was the last).
  void destroy_sap(Sap* sap);
  Vc* new_vc();
  void free_vc(Vc* vc);
  // Deletes a VC for its creator: the handle dies now; the memory goes now, or, while a request
  // on it has been completed early and its handler still runs, when that request finishes
  // (Vc::request_frees; the request then calls destroy_vc).
  void retire_vc(Vc* vc);
  // Gives back a hold on an AF released with its binding; the last holder frees it.
  void drop_af_hold(AfOpen* af);
  // Frees a VC whose handle is already dead, with the parties still linked to it (what a request
  // calls when Vc::request_frees says it held the VC last).
  void destroy_vc(Vc* vc);
  // A stand-alone CM's signalling VC (no AF) is on the adapter under the CM's binding; the call
  // model remembers which, for the check at MiniportHaltEx (VC-020).
  void note_signalling_vc(const Vc* vc, void* adapter_handle);
  // The adapter of a signalling VC (NULL if `vc` is not one).
  void* signalling_adapter(const Vc* vc) const;
  Party* new_party(Vc* vc, void* client_context);
  void free_party(Party* party);
  // Frees a detached list of parties (Party::next).
  void free_parties(Party* first);

  // Held by an AF or SAP request from its handler's return until it is done with the objects (and
  // by release_open_afs throughout), so that a release never frees what such a request is about to
  // read and never reads what it frees. Never held across a call into a driver.
  std::unique_lock<std::mutex> hold_releases() { return std::unique_lock(release_mutex_); }

  RuntimeCore& runtime() { return rt_; }
  // CoNDIS OID requests in flight (co_request.hpp).
  CoRequests& requests() { return *requests_; }

 private:
  // Reports (rule, function) and frees, without calling drivers, every AF open `selected` picks,
  // with its SAPs, VCs and parties.
  void release_open_afs(const char* function, const char* rule, const std::function<bool(const AfOpen&)>& selected);
  // VC-020 at MiniportHaltEx entry: reports every VC still on the adapter that a protocol should
  // have deleted while unbinding, deletes it in the miniport and releases it.
  void release_halt_vcs(void* adapter_handle);
  // DRV-057 at NdisCloseAdapterEx: the same for a stand-alone CM's signalling VCs still on its
  // closing binding (call_model_signalling.cpp).
  void release_signalling_vcs(void* binding_handle);
  // One VC its creator left behind (the two releases above): marks it deleting, hands `report`
  // what the finding names, deletes it in the miniport when quiet (VC-014) and releases it.
  // Skipped (false) when its creator deleted it since it was listed, or is deleting it right now.
  struct LeftVc {
    void* handle;
    const CoDriver* miniport;
    bool delete_in_miniport;  // INACTIVE, nothing pending, no data out
    std::string state;        // "call IDLE, INACTIVE"
  };
  bool release_left_vc(void* handle, Vc* vc, const std::function<void(const LeftVc&)>& report);
  // Kills the handles of `vc` and of its parties now and frees them, or leaves the free to the
  // request still inside a handler for it (Vc::free_deferred). Fills, read under the VC's lock,
  // `parties` for the caller's report, `call` with the call state and `leaks` with what the VC and
  // its parties leave behind (describe_leaks).
  struct ReleasedParty {
    void* handle;
    PartyState state;
    bool remote_dropping;  // an incoming drop the client never answered (CM-086)
  };
  void release_vc(Vc* vc, std::vector<ReleasedParty>* parties, CallState* call, std::vector<Leak>* leaks);
  // Keeps the CM-003 entries of `leaks` (operations pended and never completed) for the leak report.
  void keep_pending_leaks(std::vector<Leak>& leaks);
  // Forgets a signalling VC once its handle dies.
  void forget_signalling_vc(const Vc* vc);
  // Reports (RQ-003 at `function`) and forgets the pending requests `pick` selects (co_request.cpp).
  void release_requests(const char* function, bool (*pick)(const CoRequest&, const void*), const void* key);
  // What one live object leaves behind (pending operations never completed, the object itself).
  // With `in_handler_owed` false, an operation whose handler still runs is not counted as pended
  // (a release while a request is in flight cannot know whether it will pend).
  void describe_leaks(void* handle, ObjectType type, const void* object, std::vector<Leak>& out,
                      bool in_handler_owed = true) const;

  struct Notified {
    AfRegistration* reg;
    void* binding;
  };

  RuntimeCore& rt_;
  std::unique_ptr<CoTopology> default_topology_;
  const CoTopology* topology_;
  mutable std::mutex mutex_;
  std::mutex release_mutex_;  // hold_releases(); taken before any object's lock and before `mutex_`
  std::unordered_map<const void*, std::unique_ptr<CoDriver>> drivers_;
  std::vector<std::unique_ptr<AfRegistration>> registrations_;
  std::vector<Notified> notified_;  // (registration, binding) pairs already notified
  // Leaks of objects teardown released before the leak report was taken (a make-call pended and
  // never completed stays a CM-003 leak even though its VC went with the binding).
  std::vector<Leak> released_leaks_;
  std::unique_ptr<CoRequests> requests_;
  // Signalling VCs (rare: one or two per CM binding) and the adapter each is on. Under `mutex_`.
  std::unordered_map<const Vc*, void*> signalling_vcs_;
  // Where VCs live (destroyed after the destructor's release_all freed every VC into it).
  VcSlab vc_slab_;
};

// VC-003: MiniportCoDeleteVc returned a failure; the VC is deleted anyway (OQ-V14).
void report_miniport_delete_vc_failed(RuntimeCore& rt, const void* vc_handle, int status);

// The topology over the driver model (co_topology_driver_model.cpp).
std::unique_ptr<CoTopology> make_driver_model_topology(RuntimeCore& rt);

}  // namespace core
}  // namespace condis
