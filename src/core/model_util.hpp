// Small container helpers shared by the driver-model sources.
#pragma once

#include <algorithm>
#include <memory>
#include <vector>

namespace condis::core {

template <class T>
void erase_owned(std::vector<std::unique_ptr<T>>& owned, T* object) {
  owned.erase(std::remove_if(owned.begin(), owned.end(), [&](auto& p) { return p.get() == object; }), owned.end());
}

template <class T>
void erase_ptr(std::vector<T*>& v, T* object) {
  v.erase(std::remove(v.begin(), v.end(), object), v.end());
}

}  // namespace condis::core
