// The verifier: check sites report findings here by rule id.
//
// A check site reads like the spec:
//   if (status == NDIS_STATUS_PENDING)
//     rt.verifier().finding("CM-001", "NdisMCmMakeCallComplete")
//         .handle("NdisVcHandle", vc_handle)
//         .state("call", "MAKING")
//         .expected("a final status, never NDIS_STATUS_PENDING")
//         .remedy("complete with NDIS_STATUS_SUCCESS or a failure status");
// The builder emits when it goes out of scope. After reporting, the caller fails cleanly with
// the documented status (or ignores a VOID call): the verifier itself never changes state.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "condis/verify.hpp"

namespace condis {

class Tracer;

// A stable, run-independent spelling of a handle: "Vc#3", "NULL", "forged:0x1234".
std::string format_handle(const void* handle);

class Verifier;

class FindingBuilder {
 public:
  FindingBuilder(Verifier* verifier, std::string_view rule, std::string_view function);
  FindingBuilder(FindingBuilder&& other) noexcept;
  FindingBuilder(const FindingBuilder&) = delete;
  FindingBuilder& operator=(const FindingBuilder&) = delete;
  ~FindingBuilder();

  FindingBuilder& handle(std::string_view name, const void* handle);
  FindingBuilder& value(std::string_view name, std::string value);
  FindingBuilder& state(std::string_view object, std::string_view state);
  FindingBuilder& message(std::string text);
  FindingBuilder& expected(std::string text);
  FindingBuilder& remedy(std::string text);
  FindingBuilder& severity(Severity severity);

 private:
  Verifier* verifier_;  // null when the finding is suppressed
  Finding finding_;
};

class Verifier {
 public:
  explicit Verifier(VerifierMode mode = VerifierMode::Report, bool enabled = true);

  // When disabled, rule checks are skipped; handle validation still fails calls cleanly.
  bool enabled() const { return enabled_; }
  void set_enabled(bool enabled) { enabled_ = enabled; }
  VerifierMode mode() const { return mode_; }
  void set_mode(VerifierMode mode) { mode_ = mode; }
  void set_tracer(Tracer* tracer) { tracer_ = tracer; }
  void set_clock(std::function<uint64_t()> clock) { clock_ = std::move(clock); }
  // Called instead of abort() in Abort mode (tests install one that throws or records).
  void set_abort_handler(std::function<void(const Finding&)> handler) { abort_handler_ = std::move(handler); }

  FindingBuilder finding(std::string_view rule, std::string_view function) {
    return FindingBuilder(this, rule, function);
  }
  void report(Finding finding);

  std::vector<Finding> findings() const;
  size_t count(std::string_view rule) const;
  size_t total() const { return total_.load(std::memory_order_relaxed); }
  void clear();

 private:
  bool enabled_;
  VerifierMode mode_;
  Tracer* tracer_ = nullptr;
  std::function<uint64_t()> clock_;
  std::function<void(const Finding&)> abort_handler_;
  mutable std::mutex mutex_;
  std::vector<Finding> findings_;
  std::map<std::string, size_t, std::less<>> counts_;
  std::atomic<uint64_t> total_{0};
};

}  // namespace condis
