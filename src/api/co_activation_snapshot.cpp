// VC-006 snapshot and comparison of the CallParameters handed to MiniportCoActivateVc.
// Layout of a snapshot: [Flags][CallMgrParameters ptr][MediaParameters ptr][round flag]
// [call-manager block][media block]; a block is its fixed part plus its specific bytes.
#include "api/co_activation_snapshot.hpp"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <mutex>
#include <unordered_map>

#include "api/co_common.hpp"

namespace condis::api {
namespace {

// Specific-parameter bytes beyond this are not compared (a bound for a corrupt Length).
constexpr ULONG kMaxSpecificBytes = 4096;
constexpr size_t kHeaderBytes = sizeof(ULONG) + 2 * sizeof(void*) + 1;
constexpr size_t kFlowBytes = 2 * sizeof(FLOWSPEC);  // Transmit and Receive lead the CM block

void append(std::vector<uint8_t>& out, const void* p, size_t n) {
  auto* b = static_cast<const uint8_t*>(p);
  out.insert(out.end(), b, b + n);
}

size_t block_size(size_t specific_offset, const CO_SPECIFIC_PARAMETERS& specific) {
  return specific_offset + offsetof(CO_SPECIFIC_PARAMETERS, Parameters) + std::min(specific.Length, kMaxSpecificBytes);
}

bool may_round(const CO_CALL_PARAMETERS* p) {
  return p->MediaParameters && (p->MediaParameters->Flags & (ROUND_UP_FLOW | ROUND_DOWN_FLOW));
}

std::mutex pending_mutex;
std::unordered_map<const void*, std::vector<uint8_t>> pending_snapshots;  // under pending_mutex

}  // namespace

void remember_pending_activation(const void* vc, std::vector<uint8_t> snapshot) {
  std::lock_guard lock(pending_mutex);
  if (snapshot.empty()) pending_snapshots.erase(vc);
  else pending_snapshots[vc] = std::move(snapshot);
}

std::vector<uint8_t> take_pending_activation(const void* vc) {
  std::lock_guard lock(pending_mutex);
  auto it = pending_snapshots.find(vc);
  if (it == pending_snapshots.end()) return {};
  std::vector<uint8_t> out = std::move(it->second);
  pending_snapshots.erase(it);
  return out;
}

std::vector<uint8_t> snapshot_activation_parameters(const CO_CALL_PARAMETERS* p) {
  std::vector<uint8_t> out;
  if (!p) return out;
  append(out, &p->Flags, sizeof p->Flags);
  append(out, &p->CallMgrParameters, sizeof(void*));
  append(out, &p->MediaParameters, sizeof(void*));
  out.push_back(may_round(p) ? 1 : 0);
  if (p->CallMgrParameters)
    append(out, p->CallMgrParameters,
           block_size(offsetof(CO_CALL_MANAGER_PARAMETERS, CallMgrSpecific), p->CallMgrParameters->CallMgrSpecific));
  if (p->MediaParameters)
    append(out, p->MediaParameters,
           block_size(offsetof(CO_MEDIA_PARAMETERS, MediaSpecific), p->MediaParameters->MediaSpecific));
  return out;
}

void check_activation_parameters(RuntimeCore& rt, const std::vector<uint8_t>& before,
                                 const CO_CALL_PARAMETERS* parameters, const char* where, void* vc_handle) {
  if (before.empty() || !checking(rt)) return;
  std::vector<uint8_t> now = snapshot_activation_parameters(parameters);
  std::vector<uint8_t> then = before;
  const bool rounding = then[kHeaderBytes - 1] != 0;
  void* cm_block;  // the snapshot packs the pointer after the ULONG Flags: unaligned, so copied out
  std::memcpy(&cm_block, then.data() + sizeof(ULONG), sizeof cm_block);
  const bool had_cm_block = cm_block != nullptr;
  // With rounding asked for, the flow values are the miniport's to report: mask them out.
  if (rounding && had_cm_block && now.size() >= kHeaderBytes + kFlowBytes && then.size() >= kHeaderBytes + kFlowBytes) {
    std::fill_n(now.begin() + kHeaderBytes, kFlowBytes, 0);
    std::fill_n(then.begin() + kHeaderBytes, kFlowBytes, 0);
  }
  if (now == then) return;
  rt.verifier()
      .finding("VC-006", where)
      .handle("NdisVcHandle", vc_handle)
      .value("rounding requested", rounding ? "yes (only the FLOWSPECs may change)" : "no")
      .message("MiniportCoActivateVc changed the caller's CallParameters")
      .expected("CallParameters unchanged, except the Transmit/Receive FLOWSPECs when MediaParameters->Flags has "
                "ROUND_UP_FLOW or ROUND_DOWN_FLOW")
      .remedy("treat CallParameters as input; report rounded flow values only when the CM asked for rounding");
}

}  // namespace condis::api
