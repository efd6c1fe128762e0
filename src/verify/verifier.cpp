#include "verify/verifier.hpp"

#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "common/handle_table.hpp"
#include "trace/tracer.hpp"
#include "verify/rules.hpp"

namespace condis {

const char* severity_name(Severity severity) {
  switch (severity) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Leak: return "leak";
  }
  return "?";
}

std::string format_handle(const void* handle) {
  if (handle == nullptr) return "NULL";
  uint64_t h = reinterpret_cast<uintptr_t>(handle);
  if (HandleBits::slot(h) == 0 || HandleBits::type(h) == ObjectType::None ||
      HandleBits::type(h) >= ObjectType::Count) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "forged:0x%" PRIx64, h);
    return buf;
  }
  std::string s(object_type_name(HandleBits::type(h)));
  s += '#';
  s += std::to_string(HandleBits::index(h));
  if (HandleBits::generation(h) > 1) {
    s += '.';
    s += std::to_string(HandleBits::generation(h));
  }
  return s;
}

std::string Finding::to_string() const {
  std::ostringstream out;
  out << severity_name(severity) << " " << rule << " in " << function;
  if (!message.empty()) out << ": " << message;
  out << "\n";
  if (const RuleInfo* info = find_rule(rule)) out << "  rule:     " << info->summary << " (" << info->section << ")\n";
  for (auto& [name, value] : handles) out << "  handle:   " << name << " = " << value << "\n";
  for (auto& [object, state] : states) out << "  state:    " << object << " is " << state << "\n";
  if (!expected.empty()) out << "  expected: " << expected << "\n";
  if (!remedy.empty()) out << "  instead:  " << remedy << "\n";
  return out.str();
}

std::string LeakReport::to_string() const {
  if (leaks.empty()) return "leak report: nothing left behind\n";
  std::ostringstream out;
  out << "leak report: " << leaks.size() << " item(s) left behind\n";
  for (const Leak& leak : leaks)
    out << "  " << leak.rule << "  " << leak.kind << " of " << leak.owner << (leak.detail.empty() ? "" : ": ")
        << leak.detail << "\n";
  return out.str();
}

FindingBuilder::FindingBuilder(Verifier* verifier, std::string_view rule, std::string_view function)
    : verifier_(verifier) {
  finding_.rule = rule;
  finding_.function = function;
  if (const RuleInfo* info = find_rule(rule)) finding_.severity = info->severity;
}

FindingBuilder::FindingBuilder(FindingBuilder&& other) noexcept
    : verifier_(other.verifier_), finding_(std::move(other.finding_)) {
  other.verifier_ = nullptr;
}

FindingBuilder::~FindingBuilder() {
  if (verifier_) verifier_->report(std::move(finding_));
}

FindingBuilder& FindingBuilder::handle(std::string_view name, const void* h) {
  finding_.handles.emplace_back(std::string(name), format_handle(h));
  return *this;
}
FindingBuilder& FindingBuilder::value(std::string_view name, std::string v) {
  finding_.handles.emplace_back(std::string(name), std::move(v));
  return *this;
}
FindingBuilder& FindingBuilder::state(std::string_view object, std::string_view s) {
  finding_.states.emplace_back(std::string(object), std::string(s));
  return *this;
}
FindingBuilder& FindingBuilder::message(std::string text) {
  finding_.message = std::move(text);
  return *this;
}
FindingBuilder& FindingBuilder::expected(std::string text) {
  finding_.expected = std::move(text);
  return *this;
}
FindingBuilder& FindingBuilder::remedy(std::string text) {
  finding_.remedy = std::move(text);
  return *this;
}
FindingBuilder& FindingBuilder::severity(Severity s) {
  finding_.severity = s;
  return *this;
}

Verifier::Verifier(VerifierMode mode, bool enabled) : enabled_(enabled), mode_(mode) {}

void Verifier::report(Finding finding) {
  if (clock_) finding.time_ns = clock_();
  {
    std::lock_guard lock(mutex_);
    finding.sequence = total_.fetch_add(1, std::memory_order_relaxed) + 1;
    ++counts_[finding.rule];
    if (mode_ != VerifierMode::Count) findings_.push_back(finding);
  }
  if (tracer_ && tracer_->enabled()) tracer_->finding(finding);
  if (mode_ == VerifierMode::Abort) {
    if (abort_handler_) {
      abort_handler_(finding);
      return;
    }
    std::fprintf(stderr, "condis verifier (abort mode):\n%s", finding.to_string().c_str());
    std::abort();
  }
}

std::vector<Finding> Verifier::findings() const {
  std::lock_guard lock(mutex_);
  return findings_;
}

size_t Verifier::count(std::string_view rule) const {
  std::lock_guard lock(mutex_);
  auto it = counts_.find(rule);
  return it == counts_.end() ? 0 : it->second;
}

void Verifier::clear() {
  std::lock_guard lock(mutex_);
  findings_.clear();
  counts_.clear();
  total_.store(0, std::memory_order_relaxed);
}

}  // namespace condis
