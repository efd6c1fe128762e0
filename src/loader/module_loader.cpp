#include "loader/module_loader.hpp"

#include <dlfcn.h>

#include "ndis.h"

namespace condis::loader {

Expected<std::unique_ptr<core::LoadedModule>> open_module(const std::filesystem::path& path, std::string name) {
  void* dl = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!dl) {
    const char* why = dlerror();
    return Error{NDIS_STATUS_FAILURE, "cannot load " + path.string() + ": " + (why ? why : "?")};
  }
  auto entry = reinterpret_cast<CondisDriverEntry>(dlsym(dl, "DriverEntry"));
  if (!entry) {
    dlclose(dl);
    return Error{NDIS_STATUS_FAILURE, path.string() + " exports no DriverEntry"};
  }
  auto module = std::make_unique<core::LoadedModule>();
  module->dl = dl;
  module->entry = entry;
  module->path = path.string();
  module->name = name.empty() ? path.stem().string() : std::move(name);
  return module;
}

std::unique_ptr<core::LoadedModule> module_for_entry(CondisDriverEntry entry, std::string name) {
  auto module = std::make_unique<core::LoadedModule>();
  module->entry = entry;
  module->name = std::move(name);
  return module;
}

void* module_symbol(const core::LoadedModule& module, const char* symbol) {
  if (!module.dl || !symbol) return nullptr;
  return dlsym(module.dl, symbol);
}

}  // namespace condis::loader
