// The call-model fuzz body (see call_model_fuzz.hpp and docs/fuzzing.md for the encoding).
#include "fuzz/call_model_fuzz.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>

#include "condis/host.hpp"
#include "exec/irql.hpp"
#include "exec/scheduler.hpp"
#include "fuzz/fuzz_world.hpp"
#include "common/handle_table.hpp"
#include "runtime/runtime_core.hpp"
#include "runtime/upcall.hpp"
#include "verify/rules.hpp"

namespace condis::fuzz {
namespace {

constexpr size_t kMaxOperations = 160;

// Reads the input front to back; past its end every read is zero.
class Reader {
 public:
  Reader(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  bool done() const { return pos_ >= size_; }
  uint8_t u8() { return pos_ < size_ ? data_[pos_++] : 0; }
  uint32_t u32() {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | u8();
    return v;
  }
  uint64_t u64() {
    const uint64_t high = u32();  // operands of | are unsequenced: read in two statements
    return (high << 32) | u32();
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

// The operations an input is made of: one byte each (modulo kOpCount), then its operands.
enum Operation : uint8_t {
  kRunUntilIdle, kAdvance, kSetAnswer, kCompletePending,
  kCoCreateVc, kCoDeleteVc, kClMakeCall, kClCloseCall, kClAddParty, kClDropParty,
  kClOpenAf, kClCloseAf, kClRegisterSap, kClDeregisterSap, kActivateVc, kDeactivateVc, kClModifyQoS,
  kMcmCreateVc, kMcmDeleteVc, kDispatchIncomingCall, kDispatchCallConnected, kDispatchIncomingCloseCall,
  kDispatchIncomingDropParty, kNotifyCloseAf, kDispatchQoSChange, kSend, kIndicateReceive, kReturnNbls,
  kCoOidRequest, kMcmOidRequest, kUnbind, kBind, kHaltAdapter, kCreateAdapter, kClIncomingCallComplete,
  kOpCount
};

NDIS_STATUS pick_status(Reader& r) {
  static constexpr NDIS_STATUS kStatuses[] = {
      NDIS_STATUS_SUCCESS, NDIS_STATUS_FAILURE, NDIS_STATUS_PENDING, NDIS_STATUS_RESOURCES,
      NDIS_STATUS_NOT_SUPPORTED, NDIS_STATUS_NOT_ACCEPTED, NDIS_STATUS_CALL_ACTIVE, NDIS_STATUS_INVALID_PARAMETER};
  const uint8_t b = r.u8();
  if (b % 16 == 15) return NDIS_STATUS(r.u32());
  return kStatuses[b % 16 % std::size(kStatuses)];
}

// A failure status for a handler's answer (never SUCCESS or PENDING).
NDIS_STATUS pick_failure(Reader& r) {
  NDIS_STATUS s = pick_status(r);
  return s == NDIS_STATUS_SUCCESS || s == NDIS_STATUS_PENDING ? NDIS_STATUS_FAILURE : s;
}

// A handle argument: the natural one, one of this kind seen before (live or stale), one of
// another kind, NULL, a random value, or a seen one with a bit flipped.
NDIS_HANDLE pick(Reader& r, Kind kind, NDIS_HANDLE natural = nullptr) {
  World& w = world();
  const auto& own = w.handles[size_t(kind)];
  const uint8_t b = r.u8();
  switch (b % 12) {
    case 0:
    case 1:
    case 2:
      if (natural != nullptr) return natural;
      [[fallthrough]];
    case 3:
    case 4:
      return own.empty() ? natural : own.back();  // the latest: most often live
    case 5:
    case 6:
      return own.empty() ? natural : own[r.u8() % own.size()];
    case 7: {
      const auto& other = w.handles[r.u8() % kKinds];
      return other.empty() ? nullptr : other[r.u8() % other.size()];
    }
    case 8:
      return nullptr;
    case 9:
      return reinterpret_cast<NDIS_HANDLE>(uintptr_t(r.u64()));
    default: {
      NDIS_HANDLE base = own.empty() ? natural : own[r.u8() % own.size()];
      return reinterpret_cast<NDIS_HANDLE>(reinterpret_cast<uintptr_t>(base) ^ (uintptr_t(1) << (r.u8() % 64)));
    }
  }
}

PCO_CALL_PARAMETERS pick_params(Reader& r) {
  const uint8_t b = r.u8();
  if (b % 8 == 7) return nullptr;
  ULONG flags = 0;
  if (b & 0x08) flags |= PERMANENT_VC;
  if (b & 0x10) flags |= CALL_PARAMETERS_CHANGED;
  if (b & 0x20) flags |= MULTIPOINT_VC;
  if ((b & 0xC0) == 0xC0) flags = r.u32();
  return new_call_parameters(flags, (b & 1) == 0, (b & 2) == 0, (b >> 2) & 1 ? 8 : 0);
}

PCO_SAP new_sap(Reader& r) {
  auto buffer = std::make_unique<SapBuffer>();
  buffer->sap.SapType = SAP_TYPE_NSAP;
  buffer->sap.SapLength = r.u8() % (sizeof(buffer->address) + 1);
  PCO_SAP sap = &buffer->sap;
  world().saps.push_back(std::move(buffer));
  return sap;
}

PNET_BUFFER_LIST pick_nbl(Reader& r, bool client) {
  World& w = world();
  auto& list = client ? w.client_nbls : w.mcm_nbls;
  const uint8_t b = r.u8();
  PNET_BUFFER_LIST nbl = nullptr;
  if (b % 4 == 0 || list.empty()) nbl = allocate_nbl(client);
  if (nbl == nullptr && !list.empty()) nbl = list[r.u8() % list.size()];
  return nbl;
}

class Session {
 public:
  Session(Reader& r, bool mutated) : r_(r), mutated_(mutated) {}

  void run(RunResult& result) {
    World& w = world();
    const uint8_t head = r_.u8();
    Config config;
    config.name = "fuzz";
    config.scheduler = SchedulerKind::Deterministic;
    config.processors = 1 + (head & 1);
    config.strategy = (head & 8) ? SchedulingStrategy::Fifo : SchedulingStrategy::Random;
    config.seed = 1 + r_.u8();
    config.verifier = true;
    config.verifier_mode = VerifierMode::Report;
    w.auto_open = (head & 2) == 0;

    auto created = Runtime::create(config);
    if (!created) {
      result.problems.push_back("Runtime::create failed: " + created.error().message);
      return;
    }
    rt_ = std::move(created.value());
    const size_t baseline = rt_->core().handles().live_count();

    auto mcm = rt_->register_driver(reinterpret_cast<CondisDriverEntry>(&FuzzMcmDriverEntry), "fuzz_mcm");
    auto client = rt_->register_driver(reinterpret_cast<CondisDriverEntry>(&FuzzClientDriverEntry), "fuzz_client");
    // Registration fails only where the input mutated what the drivers register; then the run
    // goes on with whatever did register.
    if ((!mcm || !client) && !mutated_)
      result.problems.push_back("registering the fuzz drivers failed without a mutation");
    if (mcm) mcm_ = *mcm;
    if (client) client_ = *client;
    if (mcm) create_adapter();
    if (client && (head & 4) == 0) bind();

    while (!r_.done() && result.operations < kMaxOperations) {
      step();
      ++result.operations;
      if (result.operations % 32 == 0) {
        check_graph("mid-run", result);
        check_leaks(rt_->leak_report(), "leak_report() mid-run", result);
      }
    }
    rt_->run_until_idle();
    check_graph("before shutdown", result);

    check_leaks(rt_->leak_report(), "leak_report()", result);
    const LeakReport report = rt_->shutdown();
    check_leaks(report, "shutdown()", result);
    result.leaks = report.leaks.size();
    if (std::getenv("CONDIS_FUZZ_VERBOSE") != nullptr) std::fprintf(stderr, "%s\n", report.to_string().c_str());
    const auto findings = rt_->findings();
    result.findings = findings.size();
    const bool verbose = std::getenv("CONDIS_FUZZ_VERBOSE") != nullptr;  // triage: print the run
    for (const Finding& f : findings) {
      if (verbose) std::fprintf(stderr, "%s\n", f.to_string().c_str());
      if (find_rule(f.rule) == nullptr) result.problems.push_back("finding with an unknown rule id '" + f.rule + "'");
      if (f.function.empty()) result.problems.push_back("finding " + f.rule + " names no function");
      if (f.to_string().find(f.rule) == std::string::npos)
        result.problems.push_back("finding " + f.rule + " does not name its rule when printed");
    }
    const size_t live = rt_->core().handles().live_count();
    if (live != baseline)
      result.problems.push_back("handle table: " + std::to_string(live) + " live handles after shutdown, " +
                                std::to_string(baseline) + " before the drivers loaded");
    // A second shutdown has nothing left to report.
    const LeakReport again = rt_->shutdown();
    check_leaks(again, "second shutdown()", result);
    if (!again.empty()) problem(result, "second shutdown()", "reports " + std::to_string(again.leaks.size()) + " leaks again");
    for (auto& p : w.problems) result.problems.push_back(p);
    rt_.reset();
    call_after_death();
  }

  // Drivers calling in with handles of a runtime that no longer exists: every call must fail
  // (or be ignored) without touching the dead runtime.
  void call_after_death() {
    World& w = world();
    for (NDIS_HANDLE vc : w.handles[size_t(Kind::Vc)]) {
      (void)NdisCoDeleteVc(vc);
      (void)NdisMCmActivateVc(vc, nullptr);
      NdisMCmMakeCallComplete(NDIS_STATUS_SUCCESS, vc, nullptr, nullptr, nullptr);
    }
    for (NDIS_HANDLE af : w.handles[size_t(Kind::Af)]) (void)NdisClCloseAddressFamily(af);
    for (NDIS_HANDLE party : w.handles[size_t(Kind::Party)]) (void)NdisClDropParty(party, nullptr, 0);
    for (NDIS_HANDLE sap : w.handles[size_t(Kind::Sap)]) (void)NdisClDeregisterSap(sap);
  }

 private:
  static void check_leaks(const LeakReport& report, const char* where, RunResult& result) {
    const std::string text = report.to_string();
    for (const Leak& leak : report.leaks) {
      if (find_rule(leak.rule) == nullptr)
        result.problems.push_back(std::string(where) + ": leak '" + leak.kind + "' with unknown rule id '" + leak.rule + "'");
      if (leak.kind.empty()) result.problems.push_back(std::string(where) + ": leak without a kind");
      if (text.find(leak.rule) == std::string::npos)
        result.problems.push_back(std::string(where) + ": the printed report omits rule " + leak.rule);
    }
  }

  // The handle table agrees with itself: every live entry resolves, as its own type, to its
  // object; and a handle NDIS gave the drivers, while live, still names an object of its kind.
  void check_graph(const char* where, RunResult& result) {
    HandleTable& table = rt_->core().handles();
    struct Entry {
      void* handle;
      ObjectType type;
      void* object;
    };
    std::vector<Entry> entries;
    table.for_each([&](void* handle, ObjectType type, void* object) { entries.push_back({handle, type, object}); });
    for (const Entry& e : entries) {
      HandleError error = HandleError::Ok;
      if (table.resolve(e.handle, e.type, &error) != e.object)
        problem(result, where, "a live " + std::string(object_type_name(e.type)) + " handle does not resolve to its object");
    }
    static constexpr ObjectType kTypes[kKinds] = {ObjectType::Binding, ObjectType::Adapter, ObjectType::AfOpen,
                                                  ObjectType::Sap, ObjectType::Vc, ObjectType::Party};
    for (size_t k = 0; k < kKinds; ++k) {
      for (NDIS_HANDLE h : world().handles[k]) {
        ObjectType type = ObjectType::None;
        if (table.resolve_any(h, &type) != nullptr && type != kTypes[k])
          problem(result, where,
                  "a " + std::string(object_type_name(kTypes[k])) + " handle NDIS gave now names a " +
                      std::string(object_type_name(type)));
      }
    }
  }

  static void problem(RunResult& result, const char* where, const std::string& what) {
    if (result.problems.size() < 32) result.problems.push_back(std::string(where) + ": " + what);
  }

  void create_adapter() {
    auto adapter = rt_->create_adapter(mcm_);
    if (adapter) adapter_ = *adapter;
    rt_->run_until_idle();
  }
  void bind() {
    auto binding = rt_->bind(client_, adapter_);
    if (binding) binding_ = *binding;
    rt_->run_until_idle();
  }

  // Runs fn as driver code on a simulated processor: at PASSIVE_LEVEL mostly, sometimes at
  // DISPATCH_LEVEL; as the driver whose call it is, the other driver (the wrong caller) or an
  // unknown one; then (mostly) runs until idle, else leaves it queued to race what follows.
  enum Caller : uint8_t { kClient, kMcm };
  void invoke(Caller natural, std::function<void()> fn) {
    const uint8_t control = r_.u8();
    exec::TaskOptions options;
    options.irql = (control & 7) == 0 ? exec::kDispatch : exec::kPassive;
    options.label = "fuzz call";
    static constexpr std::string_view kNames[] = {"fuzz_client", "fuzz_mcm"};
    std::string_view caller;  // empty: a caller condis cannot name
    switch ((control >> 5) & 3) {
      case 0:
      case 3: caller = kNames[natural]; break;
      case 1: caller = kNames[1 - natural]; break;
      default: break;
    }
    rt_->core().scheduler().post(
        [fn = std::move(fn), caller] {
          if (caller.empty()) {
            fn();
          } else {
            UpcallDriverScope scope(caller);
            fn();
          }
        },
        options);
    if ((control & 0x18) != 0x18) rt_->run_until_idle();
  }

  // An OID request from the input: OID, buffer length, query or set (read in this order).
  PNDIS_OID_REQUEST read_request() {
    const NDIS_OID oid = r_.u32();
    const ULONG length = r_.u8();
    const bool set = r_.u8() & 1;
    return new_request(oid, length, set);
  }

  void step() {
    World& w = world();
    const uint8_t op = r_.u8() % kOpCount;
    switch (op) {
      case kRunUntilIdle:
        rt_->run_until_idle();
        break;
      case kAdvance:
        rt_->advance(std::chrono::milliseconds(r_.u8()));
        break;
      case kSetAnswer: {
        const size_t which = r_.u8() % kOps;
        w.answers[which] = Answer(r_.u8() % size_t(Answer::Count));
        w.failure[which] = pick_failure(r_);
        break;
      }
      case kCompletePending:
        complete_pending();
        break;
      case kCoCreateVc: {
        NDIS_HANDLE binding = pick(r_, Kind::Binding, w.binding), af = pick(r_, Kind::Af);
        NDIS_HANDLE context = new_context();
        invoke(kClient, [=] {
          NDIS_HANDLE vc = nullptr;
          if (NdisCoCreateVc(binding, af, context, &vc) == NDIS_STATUS_SUCCESS) {
            world().remember(Kind::Vc, vc);
            world().bind(context, vc);
          }
        });
        break;
      }
      case kCoDeleteVc: {
        NDIS_HANDLE vc = pick(r_, Kind::Vc);
        invoke(kClient, [=] { (void)NdisCoDeleteVc(vc); });
        break;
      }
      case kClMakeCall: {
        NDIS_HANDLE vc = pick(r_, Kind::Vc);
        PCO_CALL_PARAMETERS params = pick_params(r_);
        const bool multipoint = r_.u8() & 1;
        NDIS_HANDLE context = multipoint ? new_context() : nullptr;
        invoke(kClient, [=] {
          NDIS_HANDLE party = nullptr;
          (void)NdisClMakeCall(vc, params, context, multipoint ? &party : nullptr);
          world().remember(Kind::Party, party);
          world().bind(context, party);
        });
        break;
      }
      case kClCloseCall: {
        NDIS_HANDLE vc = pick(r_, Kind::Vc), party = (r_.u8() & 1) ? pick(r_, Kind::Party) : nullptr;
        invoke(kClient, [=] { (void)NdisClCloseCall(vc, party, nullptr, 0); });
        break;
      }
      case kClAddParty: {
        NDIS_HANDLE vc = pick(r_, Kind::Vc);
        PCO_CALL_PARAMETERS params = pick_params(r_);
        NDIS_HANDLE context = new_context();
        invoke(kClient, [=] {
          NDIS_HANDLE party = nullptr;
          (void)NdisClAddParty(vc, context, params, &party);
          world().remember(Kind::Party, party);
          world().bind(context, party);
        });
        break;
      }
      case kClDropParty: {
        NDIS_HANDLE party = pick(r_, Kind::Party);
        invoke(kClient, [=] { (void)NdisClDropParty(party, nullptr, 0); });
        break;
      }
      case kClOpenAf: {
        NDIS_HANDLE binding = pick(r_, Kind::Binding, w.binding);
        CO_ADDRESS_FAMILY family = w.family;
        if (!w.family_known || (r_.u8() & 7) == 0) family.AddressFamily = r_.u32();
        NDIS_HANDLE context = new_context();
        invoke(kClient, [=]() mutable {
          NDIS_HANDLE af = nullptr;
          if (NdisClOpenAddressFamilyEx(binding, &family, context, &af) == NDIS_STATUS_SUCCESS) {
            world().remember(Kind::Af, af);
            world().bind(context, af);
          }
        });
        break;
      }
      case kClCloseAf: {
        NDIS_HANDLE af = pick(r_, Kind::Af);
        invoke(kClient, [=] { (void)NdisClCloseAddressFamily(af); });
        break;
      }
      case kClRegisterSap: {
        NDIS_HANDLE af = pick(r_, Kind::Af);
        PCO_SAP sap = new_sap(r_);
        NDIS_HANDLE context = new_context();
        invoke(kClient, [=] {
          NDIS_HANDLE handle = nullptr;
          if (NdisClRegisterSap(af, context, sap, &handle) == NDIS_STATUS_SUCCESS) {
            world().remember(Kind::Sap, handle);
            world().bind(context, handle);
          }
        });
        break;
      }
      case kClDeregisterSap: {
        NDIS_HANDLE sap = pick(r_, Kind::Sap);
        invoke(kClient, [=] { (void)NdisClDeregisterSap(sap); });
        break;
      }
      case kActivateVc: {
        const bool standalone_name = (r_.u8() & 7) == 0;  // the CM name from an MCM: wrong caller
        NDIS_HANDLE vc = pick(r_, Kind::Vc);
        PCO_CALL_PARAMETERS params = pick_params(r_);
        invoke(kMcm, [=] { (void)(standalone_name ? NdisCmActivateVc(vc, params) : NdisMCmActivateVc(vc, params)); });
        break;
      }
      case kDeactivateVc: {
        const bool standalone_name = (r_.u8() & 7) == 0;
        NDIS_HANDLE vc = pick(r_, Kind::Vc);
        invoke(kMcm, [=] { (void)(standalone_name ? NdisCmDeactivateVc(vc) : NdisMCmDeactivateVc(vc)); });
        break;
      }
      case kClModifyQoS: {
        NDIS_HANDLE vc = pick(r_, Kind::Vc);
        PCO_CALL_PARAMETERS params = pick_params(r_);
        invoke(kClient, [=] { (void)NdisClModifyCallQoS(vc, params); });
        break;
      }
      case kMcmCreateVc: {
        NDIS_HANDLE adapter = pick(r_, Kind::Adapter, w.adapter), af = pick(r_, Kind::Af);
        NDIS_HANDLE context = new_context();
        invoke(kMcm, [=] {
          NDIS_HANDLE vc = nullptr;
          if (NdisMCmCreateVc(adapter, af, context, &vc) == NDIS_STATUS_SUCCESS) {
            world().remember(Kind::Vc, vc);
            world().bind(context, vc);
          }
        });
        break;
      }
      case kMcmDeleteVc: {
        NDIS_HANDLE vc = pick(r_, Kind::Vc);
        invoke(kMcm, [=] { (void)NdisMCmDeleteVc(vc); });
        break;
      }
      case kDispatchIncomingCall: {
        NDIS_HANDLE sap = pick(r_, Kind::Sap), vc = pick(r_, Kind::Vc);
        PCO_CALL_PARAMETERS params = pick_params(r_);
        invoke(kMcm, [=] { (void)NdisMCmDispatchIncomingCall(sap, vc, params); });
        break;
      }
      case kDispatchCallConnected: {
        NDIS_HANDLE vc = pick(r_, Kind::Vc);
        invoke(kMcm, [=] { NdisMCmDispatchCallConnected(vc); });
        break;
      }
      case kDispatchIncomingCloseCall: {
        NDIS_STATUS status = pick_status(r_);
        NDIS_HANDLE vc = pick(r_, Kind::Vc);
        invoke(kMcm, [=] { NdisMCmDispatchIncomingCloseCall(status, vc, nullptr, 0); });
        break;
      }
      case kDispatchIncomingDropParty: {
        NDIS_STATUS status = pick_status(r_);
        NDIS_HANDLE party = pick(r_, Kind::Party);
        invoke(kMcm, [=] { NdisMCmDispatchIncomingDropParty(status, party, nullptr, 0); });
        break;
      }
      case kNotifyCloseAf: {
        NDIS_HANDLE af = pick(r_, Kind::Af);
        invoke(kMcm, [=] { (void)NdisMCmNotifyCloseAddressFamily(af); });
        break;
      }
      case kDispatchQoSChange: {
        NDIS_HANDLE vc = pick(r_, Kind::Vc);
        PCO_CALL_PARAMETERS params = pick_params(r_);
        invoke(kMcm, [=] { NdisMCmDispatchIncomingCallQoSChange(vc, params); });
        break;
      }
      case kSend: {
        NDIS_HANDLE vc = pick(r_, Kind::Vc);
        PNET_BUFFER_LIST nbl = pick_nbl(r_, true);
        const uint8_t bits = r_.u8();
        const ULONG flags = (bits & 1) ? NDIS_SEND_FLAGS_DISPATCH_LEVEL : 0;
        const bool source = (bits & 6) != 6;  // else the NBL keeps whatever SourceHandle it had (DP-007)
        if (nbl == nullptr) break;
        invoke(kClient, [=] {
          NET_BUFFER_LIST_NEXT_NBL(nbl) = nullptr;
          if (source) nbl->SourceHandle = vc;
          NdisCoSendNetBufferLists(vc, nbl, flags);
        });
        break;
      }
      case kIndicateReceive: {
        NDIS_HANDLE vc = pick(r_, Kind::Vc);
        PNET_BUFFER_LIST nbl = pick_nbl(r_, false);
        const ULONG flags = r_.u8() & (NDIS_RECEIVE_FLAGS_RESOURCES | NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL);
        if (nbl == nullptr) break;
        invoke(kMcm, [=] {
          NET_BUFFER_LIST_NEXT_NBL(nbl) = nullptr;
          NdisMCoIndicateReceiveNetBufferLists(vc, nbl, 1, flags);
        });
        break;
      }
      case kReturnNbls: {
        NDIS_HANDLE binding = pick(r_, Kind::Binding, w.binding);
        PNET_BUFFER_LIST nbl = nullptr;
        if (!w.received.empty()) {
          const size_t i = r_.u8() % w.received.size();
          nbl = w.received[i];
          if (r_.u8() & 3) w.received.erase(w.received.begin() + std::ptrdiff_t(i));  // else return it twice
        } else if (!w.mcm_nbls.empty()) {
          nbl = w.mcm_nbls[r_.u8() % w.mcm_nbls.size()];  // never indicated, or already returned
        }
        if (nbl == nullptr) break;
        invoke(kClient, [=] {
          NET_BUFFER_LIST_NEXT_NBL(nbl) = nullptr;
          NdisReturnNetBufferLists(binding, nbl, 0);
        });
        break;
      }
      case kCoOidRequest: {
        NDIS_HANDLE binding = pick(r_, Kind::Binding, w.binding);
        NDIS_HANDLE af = (r_.u8() & 1) ? pick(r_, Kind::Af) : nullptr;
        NDIS_HANDLE vc = (r_.u8() & 1) ? pick(r_, Kind::Vc) : nullptr;
        NDIS_HANDLE party = (r_.u8() & 3) == 0 ? pick(r_, Kind::Party) : nullptr;
        PNDIS_OID_REQUEST request = read_request();
        invoke(kClient, [=] { (void)NdisCoOidRequest(binding, af, vc, party, request); });
        break;
      }
      case kMcmOidRequest: {
        NDIS_HANDLE af = pick(r_, Kind::Af);
        NDIS_HANDLE vc = (r_.u8() & 1) ? pick(r_, Kind::Vc) : nullptr;
        NDIS_HANDLE party = (r_.u8() & 3) == 0 ? pick(r_, Kind::Party) : nullptr;
        PNDIS_OID_REQUEST request = read_request();
        invoke(kMcm, [=] { (void)NdisMCmOidRequest(af, vc, party, request); });
        break;
      }
      case kUnbind:
        (void)rt_->unbind(binding_);
        rt_->run_until_idle();
        break;
      case kBind:
        bind();
        break;
      case kHaltAdapter:
        (void)rt_->halt_adapter(adapter_);
        rt_->run_until_idle();
        break;
      case kCreateAdapter:
        if (w.adapter == nullptr) create_adapter();
        break;
      case kClIncomingCallComplete: {
        NDIS_STATUS status = pick_status(r_);
        NDIS_HANDLE vc = pick(r_, Kind::Vc);
        PCO_CALL_PARAMETERS params = pick_params(r_);
        invoke(kClient, [=] { NdisClIncomingCallComplete(status, vc, params); });
        break;
      }
      default:
        break;
    }
  }

  // Completes one operation a handler pended, with a status and handles the input picks (the
  // natural handle most of the time). Sometimes the record stays, so it completes twice.
  void complete_pending() {
    World& w = world();
    if (w.pending.empty()) return;
    const size_t i = r_.u8() % w.pending.size();
    const Pending p = w.pending[i];
    if (r_.u8() % 8 != 0) w.pending.erase(w.pending.begin() + std::ptrdiff_t(i));
    NDIS_STATUS status = pick_status(r_);
    const bool standalone_name = (r_.u8() & 7) == 0;  // NdisCm* from an MCM: the wrong caller
    switch (p.kind) {
      case PendKind::OpenAf: {
        NDIS_HANDLE af = pick(r_, Kind::Af, p.handle);
        NDIS_HANDLE context = new_context();
        w.bind(context, af);
        invoke(kMcm, [=] {
          standalone_name ? NdisCmOpenAddressFamilyComplete(status, af, context)
                          : NdisMCmOpenAddressFamilyComplete(status, af, context);
        });
        break;
      }
      case PendKind::CloseAf: {
        NDIS_HANDLE af = pick(r_, Kind::Af, p.handle);
        invoke(kMcm, [=] {
          standalone_name ? NdisCmCloseAddressFamilyComplete(status, af) : NdisMCmCloseAddressFamilyComplete(status, af);
        });
        break;
      }
      case PendKind::RegisterSap: {
        NDIS_HANDLE sap = pick(r_, Kind::Sap, p.handle);
        NDIS_HANDLE context = new_context();
        w.bind(context, sap);
        invoke(kMcm, [=] {
          standalone_name ? NdisCmRegisterSapComplete(status, sap, context)
                          : NdisMCmRegisterSapComplete(status, sap, context);
        });
        break;
      }
      case PendKind::DeregisterSap: {
        NDIS_HANDLE sap = pick(r_, Kind::Sap, p.handle);
        invoke(kMcm, [=] {
          standalone_name ? NdisCmDeregisterSapComplete(status, sap) : NdisMCmDeregisterSapComplete(status, sap);
        });
        break;
      }
      case PendKind::MakeCall: {
        NDIS_HANDLE vc = pick(r_, Kind::Vc, p.handle), party = pick(r_, Kind::Party, p.handle2);
        NDIS_HANDLE context = party != nullptr ? new_context() : nullptr;  // point-to-point: none (CM-055)
        w.bind(context, party);
        PCO_CALL_PARAMETERS params = (r_.u8() & 7) == 0 ? pick_params(r_) : p.params;
        const bool activate = (r_.u8() & 3) != 0;
        invoke(kMcm, [=] {
          // The network accepted: activate first (CM-054) unless the input skips it.
          if (activate && status == NDIS_STATUS_SUCCESS) (void)NdisMCmActivateVc(vc, params);
          standalone_name ? NdisCmMakeCallComplete(status, vc, party, context, params)
                          : NdisMCmMakeCallComplete(status, vc, party, context, params);
        });
        break;
      }
      case PendKind::CloseCall: {
        NDIS_HANDLE vc = pick(r_, Kind::Vc, p.handle);
        NDIS_HANDLE party = (r_.u8() & 1) ? pick(r_, Kind::Party, p.handle2) : p.handle2;
        invoke(kMcm, [=] {
          standalone_name ? NdisCmCloseCallComplete(status, vc, party) : NdisMCmCloseCallComplete(status, vc, party);
        });
        break;
      }
      case PendKind::AddParty: {
        NDIS_HANDLE party = pick(r_, Kind::Party, p.handle);
        NDIS_HANDLE context = new_context();
        w.bind(context, party);
        PCO_CALL_PARAMETERS params = p.params;
        invoke(kMcm, [=] {
          standalone_name ? NdisCmAddPartyComplete(status, party, context, params)
                          : NdisMCmAddPartyComplete(status, party, context, params);
        });
        break;
      }
      case PendKind::DropParty: {
        NDIS_HANDLE party = pick(r_, Kind::Party, p.handle);
        invoke(kMcm, [=] {
          standalone_name ? NdisCmDropPartyComplete(status, party) : NdisMCmDropPartyComplete(status, party);
        });
        break;
      }
      case PendKind::ModifyQoS: {
        NDIS_HANDLE vc = pick(r_, Kind::Vc, p.handle);
        PCO_CALL_PARAMETERS params = p.params;
        invoke(kMcm, [=] {
          standalone_name ? NdisCmModifyCallQoSComplete(status, vc, params)
                          : NdisMCmModifyCallQoSComplete(status, vc, params);
        });
        break;
      }
      case PendKind::CmOid: {
        NDIS_HANDLE af = pick(r_, Kind::Af, p.handle3), vc = (r_.u8() & 1) ? pick(r_, Kind::Vc, p.handle) : p.handle;
        PNDIS_OID_REQUEST request = p.request;
        invoke(kMcm, [=] { NdisMCmOidRequestComplete(af, vc, nullptr, request, status); });
        break;
      }
      case PendKind::ClOid: {
        NDIS_HANDLE af = pick(r_, Kind::Af, p.handle3), vc = (r_.u8() & 1) ? pick(r_, Kind::Vc, p.handle) : p.handle;
        PNDIS_OID_REQUEST request = p.request;
        invoke(kClient, [=] { NdisCoOidRequestComplete(af, vc, nullptr, request, status); });
        break;
      }
      case PendKind::CoActivate: {
        NDIS_HANDLE vc = pick(r_, Kind::Vc, p.handle);
        PCO_CALL_PARAMETERS params = p.params;
        invoke(kMcm, [=] { NdisMCoActivateVcComplete(status, vc, params); });
        break;
      }
      case PendKind::CoDeactivate: {
        NDIS_HANDLE vc = pick(r_, Kind::Vc, p.handle);
        invoke(kMcm, [=] { NdisMCoDeactivateVcComplete(status, vc); });
        break;
      }
      case PendKind::CoOid: {
        NDIS_HANDLE adapter = pick(r_, Kind::Adapter, w.adapter);
        NDIS_HANDLE vc = (r_.u8() & 1) ? pick(r_, Kind::Vc, p.handle) : p.handle;
        PNDIS_OID_REQUEST request = p.request;
        invoke(kMcm, [=] { NdisMCoOidRequestComplete(adapter, vc, request, status); });
        break;
      }
      case PendKind::Send: {
        NDIS_HANDLE vc = pick(r_, Kind::Vc, p.handle);
        PNET_BUFFER_LIST nbl = p.nbl;
        const ULONG flags = (r_.u8() & 1) ? NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0;
        invoke(kMcm, [=] { NdisMCoSendNetBufferListsComplete(vc, nbl, flags); });
        break;
      }
      case PendKind::IncomingCall: {
        NDIS_HANDLE vc = pick(r_, Kind::Vc, p.handle);
        PCO_CALL_PARAMETERS params = p.params;
        invoke(kClient, [=] { NdisClIncomingCallComplete(status, vc, params); });
        break;
      }
      case PendKind::NotifyCloseAf: {
        NDIS_HANDLE af = pick(r_, Kind::Af, p.handle);
        invoke(kClient, [=] { NdisClNotifyCloseAddressFamilyComplete(af, status); });
        break;
      }
      case PendKind::Count:
        break;
    }
  }

  Reader& r_;
  const bool mutated_;
  std::unique_ptr<Runtime> rt_;
  DriverId mcm_{}, client_{};
  AdapterId adapter_{};
  BindingId binding_{};
};

// The registration target's prefix: up to three structures to mutate, each a site, a header
// mutation and up to three handlers to leave NULL.
void read_mutations(Reader& r) {
  World& w = world();
  const unsigned count = r.u8() % 4;
  for (unsigned i = 0; i < count; ++i) {
    Mutation& m = w.mutations[r.u8() % kSites];
    m.header = r.u8();
    const unsigned nulls = r.u8() % 4;
    for (unsigned n = 0; n < nulls; ++n) m.null_mask |= uint64_t(1) << (r.u8() % 64);
  }
}

RunResult run_input(const uint8_t* data, size_t size, bool mutations) {
  reset_world();
  RunResult result;
  {
    Reader reader(data, size);
    if (mutations) read_mutations(reader);
    Session session(reader, mutations);
    session.run(result);
  }
  // The buffers handed to the runtime outlive it; now they go.
  reset_world();
  return result;
}

}  // namespace

RunResult run_call_model_input(const uint8_t* data, size_t size) { return run_input(data, size, false); }
RunResult run_registration_input(const uint8_t* data, size_t size) { return run_input(data, size, true); }

}  // namespace condis::fuzz
