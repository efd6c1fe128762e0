// Loading a driver image: dlopen with RTLD_NOW | RTLD_LOCAL, so that two drivers may both define
// DriverEntry and helpers of the same name (each binds to its own, as with .sys images).
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "condis/expected.hpp"
#include "core/driver_model.hpp"

namespace condis::loader {

// Opens the shared object and finds its DriverEntry; the module is not started.
Expected<std::unique_ptr<core::LoadedModule>> open_module(const std::filesystem::path& path, std::string name);
// A module for a DriverEntry linked into the host.
std::unique_ptr<core::LoadedModule> module_for_entry(CondisDriverEntry entry, std::string name);
// dlsym on the module (nullptr when registered by pointer or absent).
void* module_symbol(const core::LoadedModule& module, const char* symbol);

}  // namespace condis::loader
