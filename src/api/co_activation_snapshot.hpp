// VC-006: what MiniportCoActivateVc may change in the CM's CallParameters. The parameter blocks
// are copied before the handler runs and compared on its return and at NdisMCoActivateVcComplete;
// only the two FLOWSPECs may differ, and only when MediaParameters->Flags asked for rounding.
#pragma once

#include <ndis.h>

#include <cstdint>
#include <vector>

#include "runtime/runtime_core.hpp"

namespace condis::api {

// A flat copy of CO_CALL_PARAMETERS and the blocks it points to (empty for a NULL buffer).
std::vector<uint8_t> snapshot_activation_parameters(const CO_CALL_PARAMETERS* parameters);

// Compares `parameters` with `before`; reports VC-006 (naming `where`) if the miniport changed
// more than ROUND_UP_FLOW / ROUND_DOWN_FLOW allow. Nothing is undone: the CM owns the buffer.
void check_activation_parameters(RuntimeCore& rt, const std::vector<uint8_t>& before,
                                 const CO_CALL_PARAMETERS* parameters, const char* where, void* vc_handle);

// The copy for an activation that pended, kept until NdisMCoActivateVcComplete. Kept beside the
// VC rather than in core::Vc, whose size is held down for the VC slab; keyed by the VC object.
void remember_pending_activation(const void* vc, std::vector<uint8_t> snapshot);
std::vector<uint8_t> take_pending_activation(const void* vc);  // empty when none

}  // namespace condis::api
