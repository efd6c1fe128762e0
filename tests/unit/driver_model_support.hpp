// Shared fixture of the driver-model rule tests: the dm_miniport / dm_protocol modules, opened
// first so the test configures them (and installs hooks) before condis runs DriverEntry.
#pragma once

#include <dlfcn.h>
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "condis/host.hpp"
#include "core/driver_model.hpp"
#include "drivers/dm_miniport/dm_miniport.h"
#include "drivers/dm_protocol/dm_protocol.h"
#include "runtime/runtime_core.hpp"

namespace condis::test {

using Hook = std::function<NDIS_STATUS(int point, NDIS_HANDLE handle, PVOID arg)>;
inline Hook& miniport_hook() { static Hook h; return h; }
inline Hook& protocol_hook() { static Hook h; return h; }
extern "C" inline NDIS_STATUS dm_test_miniport_hook(int point, NDIS_HANDLE handle, PVOID arg) {
  return miniport_hook() ? miniport_hook()(point, handle, arg) : NDIS_STATUS_SUCCESS;
}
extern "C" inline NDIS_STATUS dm_test_protocol_hook(int point, NDIS_HANDLE handle, PVOID arg) {
  return protocol_hook() ? protocol_hook()(point, handle, arg) : NDIS_STATUS_SUCCESS;
}

class DriverModelFixture : public ::testing::Test {
 protected:
  const std::string kMiniport = std::string(CONDIS_TEST_DRIVER_DIR) + "/dm_miniport.so";
  const std::string kProtocol = std::string(CONDIS_TEST_DRIVER_DIR) + "/dm_protocol.so";

  void SetUp() override {
    mp_ = dlopen(kMiniport.c_str(), RTLD_NOW | RTLD_LOCAL);
    pr_ = dlopen(kProtocol.c_str(), RTLD_NOW | RTLD_LOCAL);
    ASSERT_TRUE(mp_ && pr_) << dlerror();
    mcfg = reinterpret_cast<DM_MINIPORT_CONFIG* (*)()>(dlsym(mp_, "DmMiniportConfig"))();
    mstats = reinterpret_cast<DM_MINIPORT_STATS* (*)()>(dlsym(mp_, "DmMiniportStats"))();
    pcfg = reinterpret_cast<DM_PROTOCOL_CONFIG* (*)()>(dlsym(pr_, "DmProtocolConfig"))();
    pstats = reinterpret_cast<DM_PROTOCOL_STATS* (*)()>(dlsym(pr_, "DmProtocolStats"))();
    *mcfg = DM_MINIPORT_CONFIG{NdisMediumAtm, 6, 0, 0, 0, 0, 0, 0, NDIS_STATUS_SUCCESS, 0, 0, 0, 0, dm_test_miniport_hook};
    *pcfg = DM_PROTOCOL_CONFIG{NdisMediumAtm, 0, 0, 0, 0, 0, 0, 0, 0, 0, dm_test_protocol_hook};
    miniport_hook() = nullptr;
    protocol_hook() = nullptr;
    rt = std::move(Runtime::create().value());
  }
  void TearDown() override {
    rt.reset();
    miniport_hook() = nullptr;
    protocol_hook() = nullptr;
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
  void bound() {
    up();
    auto b = rt->bind(protocol, adapter);
    ASSERT_TRUE(b) << b.error().message;
    binding = *b;
  }
  core::DriverModel& model() { return rt->core().drivers(); }
  core::Adapter* adapter_obj() { return model().adapter_from_handle(reinterpret_cast<void*>(adapter.value)); }
  core::Binding* binding_obj() { return model().binding_from_handle(reinterpret_cast<void*>(binding.value)); }
  NDIS_HANDLE adapter_handle() const { return reinterpret_cast<NDIS_HANDLE>(adapter.value); }
  NDIS_HANDLE binding_handle() const { return reinterpret_cast<NDIS_HANDLE>(binding.value); }
  std::string all_findings() const {
    std::string s;
    for (auto& f : rt->findings()) s += f.to_string() + "\n";
    return s;
  }
  // A query for OID_GEN_VENDOR_ID into `value`.
  static NDIS_OID_REQUEST vendor_query(ULONG* value) {
    NDIS_OID_REQUEST req{};
    req.Header = {NDIS_OBJECT_TYPE_OID_REQUEST, NDIS_OID_REQUEST_REVISION_1, NDIS_SIZEOF_OID_REQUEST_REVISION_1};
    req.RequestType = NdisRequestQueryInformation;
    req.DATA.QUERY_INFORMATION.Oid = OID_GEN_VENDOR_ID;
    req.DATA.QUERY_INFORMATION.InformationBuffer = value;
    req.DATA.QUERY_INFORMATION.InformationBufferLength = sizeof *value;
    return req;
  }

  void* mp_ = nullptr;
  void* pr_ = nullptr;
  DM_MINIPORT_CONFIG* mcfg = nullptr;
  DM_MINIPORT_STATS* mstats = nullptr;
  DM_PROTOCOL_CONFIG* pcfg = nullptr;
  DM_PROTOCOL_STATS* pstats = nullptr;
  std::unique_ptr<Runtime> rt;
  DriverId miniport, protocol;
  AdapterId adapter;
  BindingId binding;
};

}  // namespace condis::test
