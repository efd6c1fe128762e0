// Driver model: registration, adapter and binding life cycles, PnP, general OIDs and loading,
// with the dm_miniport / dm_protocol test drivers. Each DRV rule has a test that breaks it
// (finding asserted by rule id) and the clean cycle keeps them all (no finding).
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "condis/host.hpp"
#include "drivers/dm_miniport/dm_miniport.h"
#include "drivers/dm_protocol/dm_protocol.h"
#include "runtime/runtime_core.hpp"

namespace {

const std::string kMiniport = std::string(CONDIS_TEST_DRIVER_DIR) + "/dm_miniport.so";
const std::string kProtocol = std::string(CONDIS_TEST_DRIVER_DIR) + "/dm_protocol.so";

// Opens both modules first so the test can configure them before condis runs DriverEntry
// (condis's dlopen of the same path shares the instance).
class DriverModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    mp_ = dlopen(kMiniport.c_str(), RTLD_NOW | RTLD_LOCAL);
    pr_ = dlopen(kProtocol.c_str(), RTLD_NOW | RTLD_LOCAL);
    ASSERT_TRUE(mp_ && pr_) << dlerror();
    mcfg = reinterpret_cast<DM_MINIPORT_CONFIG* (*)()>(dlsym(mp_, "DmMiniportConfig"))();
    mstats = reinterpret_cast<DM_MINIPORT_STATS* (*)()>(dlsym(mp_, "DmMiniportStats"))();
    pcfg = reinterpret_cast<DM_PROTOCOL_CONFIG* (*)()>(dlsym(pr_, "DmProtocolConfig"))();
    pstats = reinterpret_cast<DM_PROTOCOL_STATS* (*)()>(dlsym(pr_, "DmProtocolStats"))();
    *mcfg = DM_MINIPORT_CONFIG{NdisMediumAtm, 6, 0, 0, 0, 0, 0, 0, NDIS_STATUS_SUCCESS, 0, 0, 0, 0, nullptr};
    *pcfg = DM_PROTOCOL_CONFIG{NdisMediumAtm, 0, 0, 0, 0, 0, 0, 0, 0, 0, nullptr};
    rt = std::move(condis::Runtime::create().value());
  }
  void TearDown() override {
    rt.reset();
    dlclose(mp_);
    dlclose(pr_);
  }
  void up() {
    auto m = rt->load_driver(kMiniport);
    ASSERT_TRUE(m) << m.error().message;
    miniport = *m;
    auto p = rt->load_driver(kProtocol);
    ASSERT_TRUE(p) << p.error().message;
    protocol = *p;
    auto a = rt->create_adapter(miniport);
    ASSERT_TRUE(a) << a.error().message;
    adapter = *a;
  }
  NDIS_HANDLE adapter_handle() const { return reinterpret_cast<NDIS_HANDLE>(adapter.value); }
  std::string all_findings() const {
    std::string s;
    for (auto& f : rt->findings()) s += f.to_string();
    return s;
  }

  void* mp_ = nullptr;
  void* pr_ = nullptr;
  DM_MINIPORT_CONFIG* mcfg = nullptr;
  DM_MINIPORT_STATS* mstats = nullptr;
  DM_PROTOCOL_CONFIG* pcfg = nullptr;
  DM_PROTOCOL_STATS* pstats = nullptr;
  std::unique_ptr<condis::Runtime> rt;
  condis::DriverId miniport, protocol;
  condis::AdapterId adapter;
};

// ---- The clean cycle keeps every rule ------------------------------------------------------

TEST_F(DriverModelTest, FullCycleKeepsEveryRule) {
  up();
  EXPECT_EQ(mstats->Initialized, 1);
  EXPECT_EQ(mstats->Restarted, 1);
  EXPECT_GE(mstats->PnpEvents, 1);  // PowerProfileChanged after initialisation
  auto b = rt->bind(protocol, adapter);
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ(pstats->Binds, 1);
  EXPECT_EQ(pstats->Opens, 1);
  EXPECT_EQ(pstats->LastEvent, NetEventBindsComplete);
  ASSERT_TRUE(rt->unbind(*b));
  EXPECT_EQ(pstats->Unbinds, 1);
  EXPECT_EQ(pstats->Closes, 1);
  ASSERT_TRUE(rt->halt_adapter(adapter));
  EXPECT_EQ(mstats->Halted, 1);
  EXPECT_EQ(mstats->LastHaltAction, NdisHaltDeviceDisabled);
  ASSERT_TRUE(rt->unload_driver(protocol));
  ASSERT_TRUE(rt->unload_driver(miniport));
  EXPECT_EQ(rt->findings().size(), 0u) << all_findings();
  EXPECT_TRUE(rt->shutdown().empty());
}

TEST_F(DriverModelTest, ShutdownUnbindsHaltsAndUnloadsInOrder) {
  up();
  ASSERT_TRUE(rt->bind(protocol, adapter));
  condis::LeakReport report = rt->shutdown();
  EXPECT_TRUE(report.empty()) << report.to_string();
  EXPECT_EQ(pstats->Unbinds, 1);
  EXPECT_EQ(mstats->Halted, 1);
  EXPECT_EQ(mstats->Unloaded, 1);
  EXPECT_EQ(rt->findings().size(), 0u) << all_findings();
}

TEST_F(DriverModelTest, TwoModulesWithSameHelperNamesStayApart) {
  up();
  auto who_m = reinterpret_cast<const char* (*)()>(rt->driver_symbol(miniport, "DmWhoAmI"));
  auto who_p = reinterpret_cast<const char* (*)()>(rt->driver_symbol(protocol, "DmWhoAmI"));
  ASSERT_TRUE(who_m && who_p);
  EXPECT_STREQ(who_m(), "dm_miniport");
  EXPECT_STREQ(who_p(), "dm_protocol");
}

TEST_F(DriverModelTest, RegisterDriverByPointer) {
  auto entry = reinterpret_cast<CondisDriverEntry>(dlsym(pr_, "DriverEntry"));
  ASSERT_NE(entry, nullptr);
  auto p = rt->register_driver(entry, "dm_protocol_linked");
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(rt->driver_symbol(*p, "DmWhoAmI"), nullptr);  // no module to dlsym
  ASSERT_TRUE(rt->unload_driver(*p));
  EXPECT_EQ(rt->findings().size(), 0u) << all_findings();
}

TEST_F(DriverModelTest, LoadingAMissingModuleIsAnError) {
  auto m = rt->load_driver("/nonexistent/driver.so");
  EXPECT_FALSE(m);
}

// ---- 4.A Registration --------------------------------------------------------------------

TEST_F(DriverModelTest, Drv001_RegistrationOutsideDriverEntry) {
  condis::CurrentRuntimeScope scope(&rt->core());
  NDIS_MINIPORT_DRIVER_CHARACTERISTICS c{};
  NDIS_HANDLE h = nullptr;
  EXPECT_NE(NdisMRegisterMiniportDriver(nullptr, nullptr, nullptr, &c, &h), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(rt->finding_count("DRV-001"), 1u);
}

TEST_F(DriverModelTest, Drv002_BadVersionFailsRegistration) {
  mcfg->MajorNdisVersion = 5;
  auto m = rt->load_driver(kMiniport);
  ASSERT_FALSE(m);
  EXPECT_EQ(rt->finding_count("DRV-002"), 1u);
}

TEST_F(DriverModelTest, Drv003_MissingRequiredHandler) {
  mcfg->NoHaltHandler = 1;
  EXPECT_FALSE(rt->load_driver(kMiniport));
  EXPECT_EQ(rt->finding_count("DRV-003"), 1u);
}

TEST_F(DriverModelTest, Drv004_CheckForHangWithoutReset) {
  mcfg->CheckForHangOnly = 1;
  EXPECT_FALSE(rt->load_driver(kMiniport));
  EXPECT_EQ(rt->finding_count("DRV-004"), 1u);
}

TEST_F(DriverModelTest, Drv006_NoCoNdisTableFromSetOptions) {
  mcfg->NoCoTable = 1;
  EXPECT_FALSE(rt->load_driver(kMiniport));
  EXPECT_EQ(rt->finding_count("DRV-006"), 1u);
}

TEST_F(DriverModelTest, Drv009_UnloadWithoutDeregister) {
  mcfg->SkipDeregister = 1;
  up();
  ASSERT_TRUE(rt->unload_driver(miniport));
  EXPECT_EQ(rt->finding_count("DRV-009"), 1u);
}

TEST_F(DriverModelTest, Drv010_DeregisterWithStaleHandle) {
  up();
  NDIS_HANDLE stale = reinterpret_cast<NDIS_HANDLE>(miniport.value);
  ASSERT_TRUE(rt->unload_driver(miniport));
  EXPECT_EQ(rt->finding_count("DRV-010"), 0u);
  NdisMDeregisterMiniportDriver(stale);
  EXPECT_EQ(rt->finding_count("DRV-010"), 1u);
}

// ---- 4.B Adapter life cycle ------------------------------------------------------------------

TEST_F(DriverModelTest, Drv021_InitializeMustNotPend) {
  mcfg->InitializeReturnsPending = 1;
  auto m = rt->load_driver(kMiniport);
  ASSERT_TRUE(m);
  EXPECT_FALSE(rt->create_adapter(*m));
  EXPECT_EQ(rt->finding_count("DRV-021"), 1u);
}

TEST_F(DriverModelTest, Drv022_SuccessWithoutGeneralAttributesIsHalted) {
  mcfg->SkipGeneralAttributes = 1;
  auto m = rt->load_driver(kMiniport);
  ASSERT_TRUE(m);
  EXPECT_FALSE(rt->create_adapter(*m));
  EXPECT_EQ(rt->finding_count("DRV-022"), 1u);
  EXPECT_EQ(mstats->LastHaltAction, NdisHaltDeviceInitializationFailed);  // OQ-D11
}

TEST_F(DriverModelTest, Drv023_GeneralAttributesBeforeRegistration) {
  mcfg->GeneralFirst = 1;
  mcfg->SkipGeneralAttributes = 1;
  auto m = rt->load_driver(kMiniport);
  ASSERT_TRUE(m);
  (void)rt->create_adapter(*m);
  EXPECT_GE(rt->finding_count("DRV-023"), 1u);
}

TEST_F(DriverModelTest, Drv023_AttributesOutsideInitialize) {
  up();
  NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES r{};
  r.Header = {NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES, 1,
              NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1};
  EXPECT_EQ(NdisMSetMiniportAttributes(adapter_handle(), reinterpret_cast<PNDIS_MINIPORT_ADAPTER_ATTRIBUTES>(&r)),
            NDIS_STATUS_FAILURE);
  EXPECT_EQ(rt->finding_count("DRV-023"), 1u);
}

TEST_F(DriverModelTest, Drv025_PauseCannotFail) {
  mcfg->PauseStatus = NDIS_STATUS_FAILURE;
  up();
  ASSERT_TRUE(rt->halt_adapter(adapter));
  EXPECT_EQ(rt->finding_count("DRV-025"), 1u);
  EXPECT_EQ(mstats->Halted, 1);  // treated as SUCCESS
}

TEST_F(DriverModelTest, Drv027_PauseCompleteWithoutPendingPause) {
  up();
  NdisMPauseComplete(adapter_handle());
  EXPECT_EQ(rt->finding_count("DRV-027"), 1u);
}

TEST_F(DriverModelTest, Drv028_PendedRestartCompletedOnceKeepsTheRule) {
  mcfg->PendRestart = 1;
  up();
  NdisMRestartComplete(adapter_handle(), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(rt->finding_count("DRV-028"), 0u) << all_findings();
  NdisMRestartComplete(adapter_handle(), NDIS_STATUS_SUCCESS);  // a second time
  EXPECT_EQ(rt->finding_count("DRV-028"), 1u);
}

TEST_F(DriverModelTest, Drv045_RestartCompletedWithPending) {
  mcfg->PendRestart = 1;
  up();
  NdisMRestartComplete(adapter_handle(), NDIS_STATUS_PENDING);
  EXPECT_EQ(rt->finding_count("DRV-045"), 1u);
  NdisMRestartComplete(adapter_handle(), NDIS_STATUS_SUCCESS);
}

TEST_F(DriverModelTest, Drv032_OidCompletedOnceThenTwice) {
  mcfg->PendOid = 1;
  up();
  ASSERT_TRUE(rt->bind(protocol, adapter));
  NDIS_OID_REQUEST req{};
  ULONG value = 0;
  req.Header = {NDIS_OBJECT_TYPE_OID_REQUEST, NDIS_OID_REQUEST_REVISION_1, NDIS_SIZEOF_OID_REQUEST_REVISION_1};
  req.RequestType = NdisRequestQueryInformation;
  req.DATA.QUERY_INFORMATION.Oid = OID_GEN_VENDOR_ID;
  req.DATA.QUERY_INFORMATION.InformationBuffer = &value;
  req.DATA.QUERY_INFORMATION.InformationBufferLength = sizeof value;
  ASSERT_EQ(NdisOidRequest(pstats->BindingHandle, &req), NDIS_STATUS_PENDING);
  NdisMOidRequestComplete(adapter_handle(), &req, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(pstats->OidCompletes, 1);
  EXPECT_EQ(rt->finding_count("DRV-032"), 0u) << all_findings();
  NdisMOidRequestComplete(adapter_handle(), &req, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(rt->finding_count("DRV-032"), 1u);
}

TEST_F(DriverModelTest, SupportedListAnsweredFromAttributesAndOtherOidsReachTheMiniport) {
  up();
  ASSERT_TRUE(rt->bind(protocol, adapter));
  NDIS_OID list[8] = {};
  NDIS_OID_REQUEST req{};
  req.Header = {NDIS_OBJECT_TYPE_OID_REQUEST, NDIS_OID_REQUEST_REVISION_1, NDIS_SIZEOF_OID_REQUEST_REVISION_1};
  req.RequestType = NdisRequestQueryInformation;
  req.DATA.QUERY_INFORMATION.Oid = OID_GEN_SUPPORTED_LIST;
  req.DATA.QUERY_INFORMATION.InformationBuffer = list;
  req.DATA.QUERY_INFORMATION.InformationBufferLength = sizeof list;
  EXPECT_EQ(NdisOidRequest(pstats->BindingHandle, &req), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(req.DATA.QUERY_INFORMATION.BytesWritten, 3 * sizeof(NDIS_OID));
  EXPECT_EQ(mstats->Oids, 0);
  ULONG vendor = 0;
  req.DATA.QUERY_INFORMATION.Oid = OID_GEN_VENDOR_ID;
  req.DATA.QUERY_INFORMATION.InformationBuffer = &vendor;
  req.DATA.QUERY_INFORMATION.InformationBufferLength = sizeof vendor;
  EXPECT_EQ(NdisOidRequest(pstats->BindingHandle, &req), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(vendor, 0x00C0DE15u);
  EXPECT_EQ(rt->findings().size(), 0u) << all_findings();
}

TEST_F(DriverModelTest, StaleAdapterHandleAfterHalt) {
  up();
  NDIS_HANDLE stale = adapter_handle();
  ASSERT_TRUE(rt->halt_adapter(adapter));
  NdisMPauseComplete(stale);
  ASSERT_EQ(rt->finding_count("DRV-027"), 1u);
  EXPECT_NE(rt->findings().back().message.find("tale"), std::string::npos) << all_findings();
}

// ---- 4.C Binding life cycle --------------------------------------------------------------

TEST_F(DriverModelTest, Drv051_MalformedOpenParameters) {
  pcfg->BadOpenHeader = 1;
  up();
  EXPECT_FALSE(rt->bind(protocol, adapter));
  EXPECT_EQ(rt->finding_count("DRV-051"), 1u);
  EXPECT_EQ(pstats->LastOpenStatus, NDIS_STATUS_INVALID_PARAMETER);
}

// DRV-052: the tests named Drv052... below check this rule.
TEST_F(DriverModelTest, Drv052_UnsupportedMediaFailsTheOpen) {
  pcfg->Medium = NdisMedium802_3;
  up();
  EXPECT_FALSE(rt->bind(protocol, adapter));
  EXPECT_EQ(pstats->LastOpenStatus, NDIS_STATUS_UNSUPPORTED_MEDIA);
  EXPECT_EQ(rt->findings().size(), 0u) << all_findings();
}

TEST_F(DriverModelTest, Drv054_FailedBindLeavesBindingOpen) {
  pcfg->FailBindAfterOpen = 1;
  up();
  EXPECT_FALSE(rt->bind(protocol, adapter));
  EXPECT_EQ(rt->finding_count("DRV-054"), 1u);
  EXPECT_TRUE(rt->shutdown().empty());
}

TEST_F(DriverModelTest, Drv055_UnbindWithoutClose) {
  pcfg->SkipClose = 1;
  up();
  auto b = rt->bind(protocol, adapter);
  ASSERT_TRUE(b);
  ASSERT_TRUE(rt->unbind(*b));
  EXPECT_EQ(rt->finding_count("DRV-055"), 1u);
}

TEST_F(DriverModelTest, Drv055_UnbindReturnsFailure) {
  pcfg->FailUnbind = 1;
  up();
  auto b = rt->bind(protocol, adapter);
  ASSERT_TRUE(b);
  ASSERT_TRUE(rt->unbind(*b));
  EXPECT_EQ(rt->finding_count("DRV-055"), 1u);
}

TEST_F(DriverModelTest, Drv056_CloseOutsideUnbind) {
  up();
  ASSERT_TRUE(rt->bind(protocol, adapter));
  EXPECT_EQ(NdisCloseAdapterEx(pstats->BindingHandle), NDIS_STATUS_FAILURE);
  EXPECT_EQ(rt->finding_count("DRV-056"), 1u);
}

// DRV-059: the tests named Drv059... below check this rule.
TEST_F(DriverModelTest, Drv059_UnbindAdapterRunsTheUnbindLater) {
  up();
  ASSERT_TRUE(rt->bind(protocol, adapter));
  EXPECT_EQ(NdisUnbindAdapter(pstats->BindingHandle), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(pstats->Unbinds, 0);
  rt->run_until_idle();
  EXPECT_EQ(pstats->Unbinds, 1);
  EXPECT_EQ(rt->findings().size(), 0u) << all_findings();
}

TEST_F(DriverModelTest, Drv061_PnpEventNotSupported) {
  pcfg->PnpReturnsNotSupported = 1;
  up();
  (void)rt->bind(protocol, adapter);
  EXPECT_GE(rt->finding_count("DRV-061"), 1u);
}

TEST_F(DriverModelTest, Drv042_PnpCompletedWithForgedNotification) {
  up();
  NET_PNP_EVENT_NOTIFICATION forged{};
  NdisCompleteNetPnPEvent(nullptr, &forged, NDIS_STATUS_SUCCESS);
  (void)forged;
  condis::CurrentRuntimeScope scope(&rt->core());
  NdisCompleteNetPnPEvent(nullptr, &forged, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(rt->finding_count("DRV-042"), 1u);
}

TEST_F(DriverModelTest, Drv040_BindCompleteWithForgedContext) {
  up();
  condis::CurrentRuntimeScope scope(&rt->core());
  NdisCompleteBindAdapterEx(reinterpret_cast<NDIS_HANDLE>(0x1234), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(rt->finding_count("DRV-040"), 1u);
}

}  // namespace
