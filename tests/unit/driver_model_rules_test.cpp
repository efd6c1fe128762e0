// Driver-model rules DRV-005..075 not covered by driver_model_lifecycle_test: for each, a test
// that breaks it (finding asserted by rule id) and one that keeps it (no finding of that rule).
// [LIB] rules are condis's own obligations: their tests assert condis's behaviour.
#include <vector>

#include "unit/driver_model_support.hpp"

namespace condis::test {
namespace {

using DriverModelRules = DriverModelFixture;

PVOID alloc(NDIS_HANDLE owner) { return NdisAllocateMemoryWithTagPriority(owner, 64, 0x74736554u /* 'Test' */, NormalPoolPriority); }

// ---- 4.A Registration -----------------------------------------------------------------------

TEST_F(DriverModelRules, Drv005_DriverHandleOutsideSetOptions) {
  up();
  EXPECT_EQ(rt->finding_count("DRV-005"), 0u) << all_findings();  // inside MiniportSetOptions: kept
  NDIS_DRIVER_OPTIONAL_HANDLERS table{};
  table.Header = {0x7F, 1, sizeof table};
  NdisSetOptionalHandlers(reinterpret_cast<NDIS_HANDLE>(miniport.value), &table);
  EXPECT_EQ(rt->finding_count("DRV-005"), 1u);
}

TEST_F(DriverModelRules, Drv007_BadProtocolCoTableHeader) {
  protocol_hook() = [](int point, NDIS_HANDLE h, PVOID) {
    if (point != DP_AT_SET_OPTIONS) return NDIS_STATUS_SUCCESS;
    NDIS_PROTOCOL_CO_CHARACTERISTICS co{};
    co.Header = {NDIS_OBJECT_TYPE_CO_PROTOCOL_CHARACTERISTICS, 1, 8};
    EXPECT_EQ(NdisSetOptionalHandlers(h, reinterpret_cast<PNDIS_DRIVER_OPTIONAL_HANDLERS>(&co)),
              NDIS_STATUS_BAD_CHARACTERISTICS);
    return NDIS_STATUS_SUCCESS;  // then registers the good tables
  };
  ASSERT_TRUE(rt->load_driver(kProtocol));
  EXPECT_EQ(rt->finding_count("DRV-007"), 1u);
}

TEST_F(DriverModelRules, Drv007_GoodTablesKeepTheRule) {
  up();
  EXPECT_EQ(rt->finding_count("DRV-007"), 0u) << all_findings();
}

TEST_F(DriverModelRules, Drv008_FailedSetOptionsLeavesAllocation) {
  miniport_hook() = [](int point, NDIS_HANDLE h, PVOID) {
    if (point == DM_AT_SET_OPTIONS) {
      EXPECT_NE(alloc(h), nullptr);
    }
    return point == DM_AT_SET_OPTIONS ? NDIS_STATUS_FAILURE : NDIS_STATUS_SUCCESS;
  };
  EXPECT_FALSE(rt->load_driver(kMiniport));
  EXPECT_EQ(rt->finding_count("DRV-008"), 1u) << all_findings();
}

TEST_F(DriverModelRules, Drv008_FailedSetOptionsThatUndidItsWorkKeepsTheRule) {
  miniport_hook() = [](int point, NDIS_HANDLE h, PVOID) {
    if (point != DM_AT_SET_OPTIONS) return NDIS_STATUS_SUCCESS;
    NdisFreeMemory(alloc(h), 64, 0);
    return NDIS_STATUS_FAILURE;
  };
  EXPECT_FALSE(rt->load_driver(kMiniport));
  EXPECT_EQ(rt->finding_count("DRV-008"), 0u) << all_findings();
}

TEST_F(DriverModelRules, Drv011_DeregisterFromProtocolCallback) {
  up();
  const NDIS_HANDLE protocol_handle = reinterpret_cast<NDIS_HANDLE>(protocol.value);
  protocol_hook() = [protocol_handle](int point, NDIS_HANDLE, PVOID arg) {
    if (point == DP_AT_PNP && static_cast<PNET_PNP_EVENT_NOTIFICATION>(arg)->NetPnPEvent.NetEvent == NetEventBindsComplete)
      NdisDeregisterProtocolDriver(protocol_handle);
    return NDIS_STATUS_SUCCESS;
  };
  ASSERT_TRUE(rt->bind(protocol, adapter));
  EXPECT_EQ(rt->finding_count("DRV-011"), 1u);
  EXPECT_NE(model().driver_from_handle(protocol_handle), nullptr);  // the call was refused
}

TEST_F(DriverModelRules, Drv011_DeregisterFromUnloadKeepsTheRule) {
  bound();
  ASSERT_TRUE(rt->unload_driver(protocol));
  EXPECT_EQ(rt->finding_count("DRV-011"), 0u) << all_findings();
}

// DRV-012: the tests named Drv012... below check this rule.
TEST_F(DriverModelRules, Drv012_CharacteristicsCopiedAndSetOptionsInsideRegistration) {
  bool in_set_options_at_passive = false;
  miniport_hook() = [&](int point, NDIS_HANDLE, PVOID) {
    if (point == DM_AT_SET_OPTIONS) in_set_options_at_passive = KeGetCurrentIrql() == PASSIVE_LEVEL;
    return NDIS_STATUS_SUCCESS;
  };
  up();  // DriverEntry's characteristics lived on its stack: condis must have copied them
  EXPECT_TRUE(in_set_options_at_passive);
  EXPECT_EQ(mstats->Initialized, 1);
  EXPECT_EQ(mstats->Restarted, 1);  // handlers from the copy reached after DriverEntry returned
  EXPECT_TRUE(rt->findings().empty()) << all_findings();
}

TEST_F(DriverModelRules, Drv012_NoInitializeBeforeDriverEntryReturned) {
  auto m = rt->load_driver(kMiniport);
  ASSERT_TRUE(m);
  EXPECT_EQ(mstats->Initialized, 0);
  ASSERT_TRUE(rt->create_adapter(*m));
  EXPECT_EQ(mstats->Initialized, 1);
}

// DRV-013: the tests named Drv013... below check this rule.
TEST_F(DriverModelRules, Drv013_UnloadHaltsAdaptersAndDeregisterUnbinds) {
  bound();
  ASSERT_TRUE(rt->unload_driver(protocol));  // NdisDeregisterProtocolDriver in its Unload
  EXPECT_EQ(pstats->Unbinds, 1);
  LONG unloaded_at_halt = -1;
  miniport_hook() = [&](int point, NDIS_HANDLE, PVOID) {
    if (point == DM_AT_HALT) unloaded_at_halt = mstats->Unloaded;
    return NDIS_STATUS_SUCCESS;
  };
  ASSERT_TRUE(rt->unload_driver(miniport));
  EXPECT_EQ(mstats->Halted, 1);
  EXPECT_EQ(unloaded_at_halt, 0);  // halted before MiniportDriverUnload
  EXPECT_TRUE(rt->findings().empty()) << all_findings();
}

// ---- 4.B Adapter life cycle -------------------------------------------------------------------

TEST_F(DriverModelRules, Drv024_UnsupportedAttributeRevision) {
  miniport_hook() = [](int point, NDIS_HANDLE h, PVOID) {
    if (point != DM_AT_INITIALIZE) return NDIS_STATUS_SUCCESS;
    NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES r{};
    r.Header = {NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES, 9,
                NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1};
    EXPECT_EQ(NdisMSetMiniportAttributes(h, reinterpret_cast<PNDIS_MINIPORT_ADAPTER_ATTRIBUTES>(&r)),
              NDIS_STATUS_BAD_VERSION);
    return NDIS_STATUS_SUCCESS;
  };
  up();
  EXPECT_EQ(rt->finding_count("DRV-024"), 1u);
}

TEST_F(DriverModelRules, Drv024_DocumentedAttributesKeepTheRule) {
  up();
  EXPECT_EQ(rt->finding_count("DRV-024"), 0u) << all_findings();
}

TEST_F(DriverModelRules, Drv026_PauseWithSendOutstanding) {
  up();
  model().count_adapter_data(*adapter_obj(), 1, 0);  // as the VC data path counts a send
  EXPECT_TRUE(model().pause_adapter(*adapter_obj(), NDIS_PAUSE_LOW_POWER));
  EXPECT_EQ(rt->finding_count("DRV-026"), 1u);
  model().count_adapter_data(*adapter_obj(), -1, 0);
}

TEST_F(DriverModelRules, Drv026_DrainedPauseKeepsTheRule) {
  up();
  model().count_adapter_data(*adapter_obj(), 1, 1);
  model().count_adapter_data(*adapter_obj(), -1, -1);
  EXPECT_TRUE(model().pause_adapter(*adapter_obj(), NDIS_PAUSE_LOW_POWER));
  EXPECT_TRUE(model().restart_adapter(*adapter_obj()));
  EXPECT_EQ(rt->finding_count("DRV-026"), 0u) << all_findings();
}

TEST_F(DriverModelRules, Drv029_RestartAttributesCreatedFromNull) {
  static NDIS_RESTART_ATTRIBUTES made{};
  miniport_hook() = [](int point, NDIS_HANDLE, PVOID arg) {
    if (point == DM_AT_RESTART) static_cast<PNDIS_MINIPORT_RESTART_PARAMETERS>(arg)->RestartAttributes = &made;
    return NDIS_STATUS_SUCCESS;
  };
  up();
  EXPECT_EQ(rt->finding_count("DRV-029"), 1u);
}

TEST_F(DriverModelRules, Drv029_NullRestartAttributesLeftAlone) {
  up();
  EXPECT_EQ(rt->finding_count("DRV-029"), 0u) << all_findings();
}

TEST_F(DriverModelRules, Drv030_ReceiveWhilePaused) {
  up();
  ASSERT_TRUE(model().pause_adapter(*adapter_obj(), NDIS_PAUSE_LOW_POWER));
  EXPECT_FALSE(model().check_miniport_receive(*adapter_obj(), "NdisMCoIndicateReceiveNetBufferLists"));
  EXPECT_EQ(rt->finding_count("DRV-030"), 1u);
}

TEST_F(DriverModelRules, Drv030_ReceiveWhileRunning) {
  up();
  EXPECT_TRUE(model().check_miniport_receive(*adapter_obj(), "NdisMCoIndicateReceiveNetBufferLists"));
  EXPECT_EQ(rt->finding_count("DRV-030"), 0u);
}

TEST_F(DriverModelRules, Drv031_OidAfterSurpriseRemovalNotRefused) {
  up();
  model().surprise_remove(*adapter_obj());
  EXPECT_EQ(rt->finding_count("DRV-031"), 1u);
}

TEST_F(DriverModelRules, Drv031_OidAfterSurpriseRemovalRefused) {
  bool removed = false;
  miniport_hook() = [&](int point, NDIS_HANDLE, PVOID arg) {
    if (point == DM_AT_DEVICE_PNP && static_cast<PNET_DEVICE_PNP_EVENT>(arg)->DevicePnPEvent == NdisDevicePnPEventSurpriseRemoved)
      removed = true;
    if (point == DM_AT_OID && removed) return NDIS_STATUS_NOT_ACCEPTED;
    return NDIS_STATUS_SUCCESS;
  };
  up();
  model().surprise_remove(*adapter_obj());
  EXPECT_EQ(mstats->LastHaltAction, NdisHaltDeviceSurpriseRemoved);
  EXPECT_EQ(rt->finding_count("DRV-031"), 0u) << all_findings();
}

TEST_F(DriverModelRules, Drv033_IndicationRequiredForGeneralOid) {
  bound();
  miniport_hook() = [](int point, NDIS_HANDLE, PVOID) {
    return point == DM_AT_OID ? NDIS_STATUS_INDICATION_REQUIRED : NDIS_STATUS_SUCCESS;
  };
  ULONG v = 0;
  NDIS_OID_REQUEST req = vendor_query(&v);
  NdisOidRequest(binding_handle(), &req);
  EXPECT_EQ(rt->finding_count("DRV-033"), 1u);
}

TEST_F(DriverModelRules, Drv033_FinalStatusKeepsTheRule) {
  bound();
  ULONG v = 0;
  NDIS_OID_REQUEST req = vendor_query(&v);
  EXPECT_EQ(NdisOidRequest(binding_handle(), &req), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(rt->finding_count("DRV-033"), 0u) << all_findings();
}

TEST_F(DriverModelRules, Drv034_ShutdownWaits) {
  miniport_hook() = [](int point, NDIS_HANDLE, PVOID) {
    if (point == DM_AT_SHUTDOWN) NdisMSleep(1000);
    return NDIS_STATUS_SUCCESS;
  };
  up();
  model().shutdown_adapter(*adapter_obj());
  EXPECT_EQ(mstats->Shutdowns, 1);
  EXPECT_EQ(rt->finding_count("DRV-034"), 1u) << all_findings();
}

TEST_F(DriverModelRules, Drv034_ShutdownWithoutWaiting) {
  up();
  model().shutdown_adapter(*adapter_obj());
  EXPECT_EQ(mstats->Shutdowns, 1);
  EXPECT_EQ(rt->finding_count("DRV-034"), 0u) << all_findings();
}

// OQ-D07: with OidRequestHandler NULL, adapter-wide OIDs go to MiniportCoOidRequest (NULL VC).
TEST_F(DriverModelRules, OqD07_NullOidHandlerRoutesToCoOidRequest) {
  mcfg->NoOidHandler = 1;
  bound();
  ULONG v = 0;
  NDIS_OID_REQUEST req = vendor_query(&v);
  EXPECT_EQ(NdisOidRequest(binding_handle(), &req), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(v, 0x00C0DE15u);
  EXPECT_EQ(mstats->CoOids, 1);
  EXPECT_EQ(mstats->Oids, 0);
  EXPECT_TRUE(rt->findings().empty()) << all_findings();
}

// ---- 4.C Binding life cycle --------------------------------------------------------------------

// DRV-043: the tests named Drv043... below check this rule.
TEST_F(DriverModelRules, Drv043_PendedOpenAndCloseCompleteOnceWithOutputsWritten) {
  up();
  model().set_pend_opens(true);
  model().set_pend_closes(true);
  NDIS_HANDLE seen_at_completion = nullptr;
  protocol_hook() = [&](int point, NDIS_HANDLE h, PVOID) {
    if (point == DP_AT_OPEN_COMPLETE) seen_at_completion = h;
    return NDIS_STATUS_SUCCESS;
  };
  auto b = rt->bind(protocol, adapter);
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ(pstats->Opens, 1);
  EXPECT_EQ(seen_at_completion, reinterpret_cast<NDIS_HANDLE>(b->value));  // written before the call
  ASSERT_TRUE(rt->unbind(*b));
  rt->run_until_idle();
  EXPECT_EQ(pstats->Closes, 1);
  EXPECT_TRUE(rt->findings().empty()) << all_findings();
}

TEST_F(DriverModelRules, Drv044_BindingHandleUsedBeforeOpenCompleted) {
  up();
  model().set_pend_opens(true);
  protocol_hook() = [](int point, NDIS_HANDLE h, PVOID) {
    if (point == DP_AT_BIND) {
      ULONG v = 0;
      NDIS_OID_REQUEST req = vendor_query(&v);
      EXPECT_NE(NdisOidRequest(h, &req), NDIS_STATUS_SUCCESS);
    }
    return NDIS_STATUS_SUCCESS;
  };
  ASSERT_TRUE(rt->bind(protocol, adapter));
  EXPECT_EQ(rt->finding_count("DRV-044"), 1u) << all_findings();
}

TEST_F(DriverModelRules, Drv044_BindingHandleUsedAfterOpenCompleted) {
  up();
  model().set_pend_opens(true);
  protocol_hook() = [](int point, NDIS_HANDLE h, PVOID) {
    if (point == DP_AT_OPEN_COMPLETE) {
      ULONG v = 0;
      NDIS_OID_REQUEST req = vendor_query(&v);
      EXPECT_EQ(NdisOidRequest(h, &req), NDIS_STATUS_SUCCESS);
    }
    return NDIS_STATUS_SUCCESS;
  };
  ASSERT_TRUE(rt->bind(protocol, adapter));
  EXPECT_EQ(rt->finding_count("DRV-044"), 0u) << all_findings();
}

TEST_F(DriverModelRules, Drv053_OidOnClosingBinding) {
  bound();
  protocol_hook() = [](int point, NDIS_HANDLE h, PVOID) {
    if (point == DP_AT_UNBIND) {
      ULONG v = 0;
      NDIS_OID_REQUEST req = vendor_query(&v);
      EXPECT_EQ(NdisOidRequest(h, &req), NDIS_STATUS_CLOSING);
    }
    return NDIS_STATUS_SUCCESS;
  };
  ASSERT_TRUE(rt->unbind(binding));
  EXPECT_EQ(rt->finding_count("DRV-053"), 1u);
}

TEST_F(DriverModelRules, Drv053_OidAndSendOnRunningBinding) {
  bound();
  ULONG v = 0;
  NDIS_OID_REQUEST req = vendor_query(&v);
  EXPECT_EQ(NdisOidRequest(binding_handle(), &req), NDIS_STATUS_SUCCESS);
  EXPECT_TRUE(model().check_protocol_send(*binding_obj(), "NdisCoSendNetBufferLists"));
  EXPECT_EQ(rt->finding_count("DRV-053"), 0u) << all_findings();
}

TEST_F(DriverModelRules, Drv057_CloseWithOidOutstanding) {
  mcfg->PendOid = 1;
  bound();
  ULONG v = 0;
  NDIS_OID_REQUEST req = vendor_query(&v);
  ASSERT_EQ(NdisOidRequest(binding_handle(), &req), NDIS_STATUS_PENDING);
  ASSERT_TRUE(rt->unbind(binding));
  EXPECT_EQ(rt->finding_count("DRV-057"), 1u);
  NdisMOidRequestComplete(adapter_handle(), mstats->PendingOid, NDIS_STATUS_SUCCESS);  // nobody to tell
  EXPECT_EQ(pstats->OidCompletes, 0);
}

TEST_F(DriverModelRules, Drv057_CloseAfterOidCompletedKeepsTheRule) {
  mcfg->PendOid = 1;
  bound();
  ULONG v = 0;
  NDIS_OID_REQUEST req = vendor_query(&v);
  ASSERT_EQ(NdisOidRequest(binding_handle(), &req), NDIS_STATUS_PENDING);
  NdisMOidRequestComplete(adapter_handle(), mstats->PendingOid, NDIS_STATUS_SUCCESS);
  ASSERT_TRUE(rt->unbind(binding));
  EXPECT_EQ(rt->finding_count("DRV-057"), 0u) << all_findings();
}

// DRV-058: condis sees no frees of driver memory; it answers whether an address is the context
// of a binding not yet closed, for the services' free path.
TEST_F(DriverModelRules, Drv058_BindingContextInUseUntilClosed) {
  bound();
  const void* context = binding_obj()->context;
  EXPECT_TRUE(model().binding_context_in_use(context));
  ASSERT_TRUE(rt->unbind(binding));
  EXPECT_FALSE(model().binding_context_in_use(context));
}

TEST_F(DriverModelRules, Drv060_PauseBeforeUnbindRestartAfterBindNullContextForBindsComplete) {
  up();
  std::vector<std::string> order;
  protocol_hook() = [&](int point, NDIS_HANDLE h, PVOID arg) {
    if (point == DP_AT_UNBIND) order.push_back("unbind");
    if (point == DP_AT_BIND) order.push_back("bind");
    if (point == DP_AT_PNP) {
      const auto e = static_cast<PNET_PNP_EVENT_NOTIFICATION>(arg)->NetPnPEvent.NetEvent;
      if (e == NetEventBindsComplete) {
      EXPECT_EQ(h, nullptr);
    }
      order.push_back(e == NetEventPause ? "pause" : e == NetEventRestart ? "restart" : e == NetEventBindsComplete ? "complete" : "?");
    }
    return NDIS_STATUS_SUCCESS;
  };
  auto b = rt->bind(protocol, adapter);
  ASSERT_TRUE(b);
  ASSERT_TRUE(rt->unbind(*b));
  EXPECT_EQ(order, (std::vector<std::string>{"bind", "restart", "complete", "pause", "unbind"}));
  EXPECT_EQ(rt->finding_count("DRV-060"), 0u) << all_findings();
}

TEST_F(DriverModelRules, Drv062_RestartFailed) {
  up();
  protocol_hook() = [](int point, NDIS_HANDLE, PVOID arg) {
    if (point == DP_AT_PNP && static_cast<PNET_PNP_EVENT_NOTIFICATION>(arg)->NetPnPEvent.NetEvent == NetEventRestart)
      return NDIS_STATUS_FAILURE;
    return NDIS_STATUS_SUCCESS;
  };
  (void)rt->bind(protocol, adapter);
  EXPECT_EQ(rt->finding_count("DRV-062"), 1u);
}

TEST_F(DriverModelRules, Drv062_EventsSucceeded) {
  bound();
  ASSERT_TRUE(rt->unbind(binding));
  EXPECT_EQ(rt->finding_count("DRV-062"), 0u) << all_findings();
}

TEST_F(DriverModelRules, Drv063_PauseCompletedWithSendsOutstanding) {
  bound();
  model().count_binding_data(*binding_obj(), 1, 0);
  ASSERT_TRUE(rt->unbind(binding));
  EXPECT_EQ(rt->finding_count("DRV-063"), 1u);
}

TEST_F(DriverModelRules, Drv063_SendWhilePaused) {
  bound();
  model().net_pnp_event(*binding_obj()->protocol, binding_obj(), NetEventPause);
  EXPECT_FALSE(model().check_protocol_send(*binding_obj(), "NdisCoSendNetBufferLists"));
  EXPECT_EQ(rt->finding_count("DRV-063"), 1u);
}

TEST_F(DriverModelRules, Drv063_DrainedPauseKeepsTheRule) {
  bound();
  model().count_binding_data(*binding_obj(), 1, 0);
  model().count_binding_data(*binding_obj(), -1, 0);
  ASSERT_TRUE(rt->unbind(binding));
  EXPECT_EQ(rt->finding_count("DRV-063"), 0u) << all_findings();
}

TEST_F(DriverModelRules, Drv064_ReceivesHeldAtPause) {
  bound();
  model().count_binding_data(*binding_obj(), 0, 1);
  ASSERT_TRUE(rt->unbind(binding));
  EXPECT_EQ(rt->finding_count("DRV-064"), 1u);
}

TEST_F(DriverModelRules, Drv064_ReceivesReturnedKeepsTheRule) {
  bound();
  model().count_binding_data(*binding_obj(), 0, 1);
  model().count_binding_data(*binding_obj(), 0, -1);
  ASSERT_TRUE(rt->unbind(binding));
  EXPECT_EQ(rt->finding_count("DRV-064"), 0u) << all_findings();
}

// DRV-065: the tests named Drv065... below check this rule.
TEST_F(DriverModelRules, Drv065_EveryBindingCallbackAtPassive) {
  up();
  model().set_pend_opens(true);
  model().set_pend_closes(true);
  pcfg->WithUninstall = 1;  // read at registration: reload the protocol
  ASSERT_TRUE(rt->unload_driver(protocol));
  auto p = rt->load_driver(kProtocol);
  ASSERT_TRUE(p);
  int calls = 0, above_passive = 0;
  protocol_hook() = [&](int, NDIS_HANDLE, PVOID) {
    ++calls;
    above_passive += KeGetCurrentIrql() != PASSIVE_LEVEL;
    return NDIS_STATUS_SUCCESS;
  };
  auto b = rt->bind(*p, adapter);
  ASSERT_TRUE(b);
  ASSERT_TRUE(rt->unbind(*b));
  rt->run_until_idle();
  ASSERT_TRUE(rt->uninstall_protocol(*p));
  EXPECT_GE(calls, 7);  // bind, open complete, restart, binds complete, pause, unbind, uninstall
  EXPECT_EQ(above_passive, 0);
  EXPECT_TRUE(rt->findings().empty()) << all_findings();
}

// 2.3.6: the host uninstall unbinds every binding, then calls ProtocolUninstall.
TEST_F(DriverModelRules, UninstallUnbindsThenCallsProtocolUninstall) {
  pcfg->WithUninstall = 1;
  bound();
  LONG unbinds_at_uninstall = -1;
  protocol_hook() = [&](int point, NDIS_HANDLE, PVOID) {
    if (point == DP_AT_UNINSTALL) unbinds_at_uninstall = pstats->Unbinds;
    return NDIS_STATUS_SUCCESS;
  };
  ASSERT_TRUE(rt->uninstall_protocol(protocol));
  EXPECT_EQ(pstats->Uninstalls, 1);
  EXPECT_EQ(unbinds_at_uninstall, 1);
  EXPECT_TRUE(rt->shutdown().empty());
  EXPECT_TRUE(rt->findings().empty()) << all_findings();
}

TEST_F(DriverModelRules, UninstallWithoutHandlerOnlyUnbinds) {
  bound();
  ASSERT_TRUE(rt->uninstall_protocol(protocol));
  EXPECT_EQ(pstats->Uninstalls, 0);
  EXPECT_EQ(pstats->Unbinds, 1);
}

// ---- 4.D Resources outstanding at halt, close and unload ---------------------------------------

TEST_F(DriverModelRules, Drv070_HaltLeavesAdapterMemory) {
  miniport_hook() = [](int point, NDIS_HANDLE h, PVOID) {
    if (point == DM_AT_INITIALIZE) {
      EXPECT_NE(alloc(h), nullptr);
    }
    return NDIS_STATUS_SUCCESS;
  };
  up();
  ASSERT_TRUE(rt->halt_adapter(adapter));
  EXPECT_EQ(rt->finding_count("DRV-070"), 1u) << all_findings();
}

TEST_F(DriverModelRules, Drv070_HaltFreesAdapterMemory) {
  PVOID block = nullptr;
  miniport_hook() = [&](int point, NDIS_HANDLE h, PVOID) {
    if (point == DM_AT_INITIALIZE) block = alloc(h);
    if (point == DM_AT_HALT) NdisFreeMemory(block, 64, 0);
    return NDIS_STATUS_SUCCESS;
  };
  up();
  ASSERT_TRUE(rt->halt_adapter(adapter));
  EXPECT_EQ(rt->finding_count("DRV-070"), 0u) << all_findings();
}

TEST_F(DriverModelRules, Drv071_FailedInitializeLeavesMemory) {
  miniport_hook() = [](int point, NDIS_HANDLE h, PVOID) {
    if (point == DM_AT_INITIALIZE) {
      EXPECT_NE(alloc(h), nullptr);
    }
    return point == DM_AT_INITIALIZE ? NDIS_STATUS_RESOURCES : NDIS_STATUS_SUCCESS;
  };
  auto m = rt->load_driver(kMiniport);
  ASSERT_TRUE(m);
  EXPECT_FALSE(rt->create_adapter(*m));
  EXPECT_EQ(rt->finding_count("DRV-071"), 1u) << all_findings();
}

TEST_F(DriverModelRules, Drv071_FailedInitializeFreesMemory) {
  miniport_hook() = [](int point, NDIS_HANDLE h, PVOID) {
    if (point == DM_AT_INITIALIZE) NdisFreeMemory(alloc(h), 64, 0);
    return point == DM_AT_INITIALIZE ? NDIS_STATUS_RESOURCES : NDIS_STATUS_SUCCESS;
  };
  auto m = rt->load_driver(kMiniport);
  ASSERT_TRUE(m);
  EXPECT_FALSE(rt->create_adapter(*m));
  EXPECT_EQ(rt->finding_count("DRV-071"), 0u) << all_findings();
}

TEST_F(DriverModelRules, Drv072_CloseLeavesBindingMemory) {
  up();
  protocol_hook() = [](int point, NDIS_HANDLE h, PVOID) {
    if (point == DP_AT_BIND) {
      EXPECT_NE(alloc(h), nullptr);
    }
    return NDIS_STATUS_SUCCESS;
  };
  auto b = rt->bind(protocol, adapter);
  ASSERT_TRUE(b);
  ASSERT_TRUE(rt->unbind(*b));
  EXPECT_GE(rt->finding_count("DRV-072"), 1u) << all_findings();
}

TEST_F(DriverModelRules, Drv072_CloseAfterFreeingBindingMemory) {
  up();
  PVOID block = nullptr;
  protocol_hook() = [&](int point, NDIS_HANDLE h, PVOID) {
    if (point == DP_AT_BIND) block = alloc(h);
    if (point == DP_AT_UNBIND) NdisFreeMemory(block, 64, 0);
    return NDIS_STATUS_SUCCESS;
  };
  auto b = rt->bind(protocol, adapter);
  ASSERT_TRUE(b);
  ASSERT_TRUE(rt->unbind(*b));
  EXPECT_EQ(rt->finding_count("DRV-072"), 0u) << all_findings();
}

TEST_F(DriverModelRules, Drv073_DeregisterLeavesDriverMemory) {
  miniport_hook() = [](int point, NDIS_HANDLE h, PVOID) {
    if (point == DM_AT_SET_OPTIONS) {
      EXPECT_NE(alloc(h), nullptr);
    }
    return NDIS_STATUS_SUCCESS;
  };
  up();
  ASSERT_TRUE(rt->unload_driver(miniport));
  EXPECT_EQ(rt->finding_count("DRV-073"), 1u) << all_findings();
}

TEST_F(DriverModelRules, Drv073_CleanUnloadKeepsTheRule) {
  up();
  ASSERT_TRUE(rt->unload_driver(miniport));
  EXPECT_EQ(rt->finding_count("DRV-073"), 0u) << all_findings();
}

TEST_F(DriverModelRules, Drv074_PendedPauseNeverCompletedAtHalt) {
  up();
  mcfg->PauseStatus = NDIS_STATUS_PENDING;
  ASSERT_TRUE(rt->halt_adapter(adapter));
  EXPECT_EQ(rt->finding_count("DRV-074"), 1u) << all_findings();
  NdisMPauseComplete(adapter_handle());  // late: the adapter can now go
  mcfg->PauseStatus = NDIS_STATUS_SUCCESS;
}

TEST_F(DriverModelRules, Drv074_PendedPauseCompletedKeepsTheRule) {
  up();
  mcfg->PauseStatus = NDIS_STATUS_PENDING;
  EXPECT_FALSE(model().pause_adapter(*adapter_obj(), NDIS_PAUSE_LOW_POWER));
  NdisMPauseComplete(adapter_handle());
  mcfg->PauseStatus = NDIS_STATUS_SUCCESS;
  ASSERT_TRUE(rt->halt_adapter(adapter));
  EXPECT_EQ(rt->finding_count("DRV-074"), 0u) << all_findings();
}

// DRV-075: the tests named Drv075... below check this rule.
TEST_F(DriverModelRules, Drv075_HandlesInvalidAndNothingLeftAfterTeardown) {
  bound();
  const NDIS_HANDLE b = binding_handle(), a = adapter_handle();
  ASSERT_TRUE(rt->unbind(binding));
  ASSERT_TRUE(rt->halt_adapter(adapter));
  EXPECT_EQ(model().binding_from_handle(b), nullptr);
  EXPECT_EQ(model().adapter_from_handle(a), nullptr);
  ASSERT_TRUE(rt->unload_driver(protocol));
  ASSERT_TRUE(rt->unload_driver(miniport));
  EXPECT_TRUE(model().drivers().empty());
  EXPECT_TRUE(rt->shutdown().empty());
  EXPECT_TRUE(rt->findings().empty()) << all_findings();
}

}  // namespace
}  // namespace condis::test
