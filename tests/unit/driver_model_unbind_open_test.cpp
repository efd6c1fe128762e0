// DRV-020 (condis drives adapters only along 1.4), DRV-041 (a pended unbind is completed exactly
// once with its UnbindContext) and DRV-050
// (NdisOpenAdapterEx only from ProtocolBindAdapterEx, with that bind's BindContext).
#include "runtime/runtime_core.hpp"
#include "unit/driver_model_support.hpp"

namespace condis::test {
namespace {

using DriverModelUnbindOpen = DriverModelFixture;

// The close pends, so the protocol's unbind pends and ProtocolCloseAdapterCompleteEx completes it.
TEST_F(DriverModelUnbindOpen, Drv041_PendedUnbindCompletedOnceKeepsTheRule) {
  bound();
  model().set_pend_closes(true);
  ASSERT_TRUE(rt->unbind(binding));
  rt->run_until_idle();
  EXPECT_EQ(rt->finding_count("DRV-041"), 0u) << all_findings();
  EXPECT_EQ(binding_obj(), nullptr) << "the unbind completed and the binding is gone";
}

TEST_F(DriverModelUnbindOpen, Drv041_UnbindContextUsedAfterItsCompletion) {
  bound();
  model().set_pend_closes(true);
  ASSERT_TRUE(rt->unbind(binding));
  rt->run_until_idle();
  ASSERT_EQ(rt->finding_count("DRV-041"), 0u) << all_findings();
  NDIS_HANDLE used = pstats->UnbindContext;
  ASSERT_NE(used, nullptr);
  CurrentRuntimeScope scope(&rt->core());
  NdisCompleteUnbindAdapterEx(used);  // a second completion of the same unbind
  EXPECT_EQ(rt->finding_count("DRV-041"), 1u) << all_findings();
  EXPECT_EQ(binding_obj(), nullptr);
}

TEST_F(DriverModelUnbindOpen, Drv050_OpenOutsideTheBindHandlerFails) {
  bound();
  NDIS_MEDIUM media[] = {NdisMediumAtm};
  UINT selected = 0;
  NDIS_OPEN_PARAMETERS open{};
  open.Header = {NDIS_OBJECT_TYPE_OPEN_PARAMETERS, NDIS_OPEN_PARAMETERS_REVISION_1,
                 NDIS_SIZEOF_OPEN_PARAMETERS_REVISION_1};
  open.MediumArray = media;
  open.MediumArraySize = 1;
  open.SelectedMediumIndex = &selected;
  NDIS_HANDLE handle = nullptr;
  CurrentRuntimeScope scope(&rt->core());
  // The bind finished: its BindContext is no longer one NDIS would accept.
  EXPECT_EQ(NdisOpenAdapterEx(reinterpret_cast<NDIS_HANDLE>(protocol.value), nullptr, &open, pstats->BindContext,
                              &handle),
            NDIS_STATUS_FAILURE);
  EXPECT_GE(rt->finding_count("DRV-050"), 1u) << all_findings();
  EXPECT_EQ(handle, nullptr);
  EXPECT_NE(binding_obj(), nullptr) << "the existing binding is untouched";
}

TEST_F(DriverModelUnbindOpen, Drv050_OpenInsideTheBindKeepsTheRule) {
  bound();
  EXPECT_EQ(rt->finding_count("DRV-050"), 0u) << all_findings();
  EXPECT_NE(binding_obj(), nullptr);
}

}  // namespace
}  // namespace condis::test

namespace condis::test {
namespace {

using DriverModelTransitions = DriverModelFixture;

// DRV-020 is condis's own obligation: it drives an adapter only along the transitions of 1.4.
// A host that asks for an impossible transition (a second halt) gets an error value, the miniport
// is not called again, and condis reports no DRV-020 (which would mean condis broke the table).
TEST_F(DriverModelTransitions, Drv020_OutOfOrderHostRequestsNeverDriveTheMiniportOffItsStateMachine) {
  bound();
  ASSERT_TRUE(rt->halt_adapter(adapter));
  EXPECT_EQ(mstats->Halted, 1);
  EXPECT_FALSE(rt->halt_adapter(adapter)) << "an adapter halts once";
  EXPECT_FALSE(rt->bind(protocol, adapter)) << "no bind to a halted adapter";
  EXPECT_EQ(mstats->Halted, 1);
  EXPECT_EQ(rt->finding_count("DRV-020"), 0u) << all_findings();
}

TEST_F(DriverModelTransitions, Drv020_FullLifeCycleFollowsTheTable) {
  bound();
  EXPECT_EQ(mstats->Initialized, 1);
  ASSERT_TRUE(rt->unbind(binding));
  ASSERT_TRUE(rt->halt_adapter(adapter));
  rt->run_until_idle();
  EXPECT_EQ(mstats->Halted, 1);
  EXPECT_EQ(rt->finding_count("DRV-020"), 0u) << all_findings();
}

}  // namespace
}  // namespace condis::test
