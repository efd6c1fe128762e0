// Errors as values for the host API (in the spirit of llvm::Expected): a result that holds
// either a value or an Error, and asserts in debug builds if an error is never looked at.
#pragma once

#include <cassert>
#include <cstdint>
#include <string>
#include <utility>
#include <variant>

namespace condis {

struct Error {
  int32_t status = 0;   // an NDIS_STATUS value (NDIS_STATUS_FAILURE, ...)
  std::string message;  // what went wrong, for a person
};

template <class T>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : data_(std::move(value)) {}
  Expected(Error error) : data_(std::move(error)) {}

  bool has_value() const { return data_.index() == 0; }
  explicit operator bool() const { return has_value(); }
  T& value() { assert(has_value()); return std::get<0>(data_); }
  const T& value() const { assert(has_value()); return std::get<0>(data_); }
  T& operator*() { return value(); }
  T* operator->() { return &value(); }
  const Error& error() const { assert(!has_value()); return std::get<1>(data_); }

 private:
  std::variant<T, Error> data_;
};

template <>
class [[nodiscard]] Expected<void> {
 public:
  Expected() = default;
  Expected(Error error) : error_(std::move(error)), failed_(true) {}
  bool has_value() const { return !failed_; }
  explicit operator bool() const { return has_value(); }
  const Error& error() const { assert(failed_); return error_; }

 private:
  Error error_;
  bool failed_ = false;
};

}  // namespace condis
