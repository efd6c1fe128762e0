// The Return event of every traced Ndis* entry point that returns an NDIS_STATUS carries the
// status it returned (api::ApiTrace, src/api/api_trace.hpp).
//
// Two halves: a run through real drivers (dp_client, the stand-alone CM dp_cm, dp_miniport) with a
// memory trace sink, whose Return events must carry what the calls returned, PENDING included;
// and a check of the sources: in src/api, every function that builds an ApiTrace and returns a
// value returns through trace.returns(...) on every path after the trace is built, so a new
// return path without the status fails here, not in a trace someone reads later.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "e2e/support/cm_dp_scenario.hpp"

namespace condis {
namespace {

// ---- Through real drivers ----------------------------------------------------------------------

// The traced entry points that return an NDIS_STATUS and that the run below reaches.
const std::set<std::string>& status_functions() {
  static const std::set<std::string> names = {
      "NdisCmRegisterAddressFamilyEx", "NdisClOpenAddressFamilyEx", "NdisCoCreateVc", "NdisClMakeCall",
      "NdisCmActivateVc", "NdisCmDeactivateVc", "NdisClCloseCall", "NdisCoDeleteVc", "NdisCoOidRequest",
      "NdisClCloseAddressFamily"};
  return names;
}

std::string field(const TraceEvent& e, const char* key) {
  for (const auto& [k, v] : e.fields)
    if (k == key) return v;
  return {};
}

// The status fields of the Return events of `name`, in order.
std::vector<std::string> returned(const std::vector<TraceEvent>& events, const std::string& name) {
  std::vector<std::string> out;
  for (const TraceEvent& e : events)
    if (e.kind == TraceKind::Return && e.name == name) out.push_back(field(e, "status"));
  return out;
}

std::string name_of(NDIS_STATUS status) { return status_name(status); }

TEST(ApiTraceReturns, EveryStatusReturningCallCarriesItsStatusThroughRealDrivers) {
  auto trace = make_memory_sink();
  Config config = e2e::Scenario::deterministic(1);
  config.trace_sinks.push_back(trace);
  e2e::cmdp::CmDpScenario s(config);
  ASSERT_TRUE(s.ok());
  DP_MP_CONFIG mp{};
  mp.Deactivate = DpMpDeactivateWhenQuiet;  // NdisCmDeactivateVc pends
  s.configure_miniport(mp);
  DP_RQ_BEHAVIOR pended{};
  pended.Answer = DpRqTimer;
  pended.DelayMs = 1;
  s.configure_request(DpRqCallManager, pended);  // the client's request to the CM pends
  ASSERT_TRUE(s.start_with_call());

  const NDIS_STATUS request = s.client_request(DpRqToCallManager, true, OID_CO_GET_CALL_INFORMATION, DP_RQ_ANSWER_LENGTH);
  EXPECT_EQ(request, NDIS_STATUS_PENDING);
  const NDIS_STATUS released = s.release_call();  // NdisCmDeactivateVc, completed later from a timer
  EXPECT_EQ(released, NDIS_STATUS_PENDING);
  EXPECT_EQ(s.close_call(), NDIS_STATUS_SUCCESS);  // the VC is already inactive: the CM answers at once
  EXPECT_EQ(s.delete_vc(), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.close_af(), NDIS_STATUS_SUCCESS);

  const std::vector<TraceEvent> events = trace->events();
  // What the calls returned, as the drivers saw it.
  EXPECT_EQ(returned(events, "NdisCoOidRequest"), std::vector<std::string>{name_of(request)});
  EXPECT_EQ(returned(events, "NdisCmDeactivateVc"), std::vector<std::string>{name_of(NDIS_STATUS_PENDING)});
  EXPECT_EQ(returned(events, "NdisClMakeCall"), std::vector<std::string>{name_of(NDIS_STATUS_SUCCESS)});
  EXPECT_EQ(returned(events, "NdisClCloseCall"), std::vector<std::string>{name_of(NDIS_STATUS_SUCCESS)});
  EXPECT_EQ(returned(events, "NdisCoDeleteVc"), std::vector<std::string>{name_of(NDIS_STATUS_SUCCESS)});
  const std::vector<std::string> created = returned(events, "NdisCoCreateVc");
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(created[0], name_of(NDIS_STATUS_SUCCESS));

  // Every Return of a status-returning entry point has the status, and each of them was reached.
  std::set<std::string> seen;
  for (const TraceEvent& e : events) {
    if (e.kind != TraceKind::Return || !status_functions().count(e.name)) continue;
    seen.insert(e.name);
    EXPECT_FALSE(field(e, "status").empty()) << e.name << " (event " << e.sequence << ") has no status";
  }
  EXPECT_EQ(seen, status_functions());
  // A VOID entry point has none.
  for (const TraceEvent& e : events)
    if (e.kind == TraceKind::Return && e.name == "NdisCoSendNetBufferLists") EXPECT_TRUE(field(e, "status").empty());
}

TEST(ApiTraceReturns, AFailedCallReturnsItsFailureInTheTrace) {
  auto trace = make_memory_sink();
  Config config = e2e::Scenario::deterministic(1);
  config.trace_sinks.push_back(trace);
  e2e::cmdp::CmDpScenario s(config);
  ASSERT_TRUE(s.ok());
  s.start();
  ASSERT_TRUE(s.ok());
  // No call on the client's VC: the CM has nothing to deactivate (CM-046), NDIS_STATUS_NOT_ACCEPTED
  // or the failure the entry point chose.
  const NDIS_STATUS failed = s.close_call();
  EXPECT_NE(failed, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(returned(trace->events(), "NdisClCloseCall"), std::vector<std::string>{name_of(failed)});
}

// ---- The sources -------------------------------------------------------------------------------

// Which characters of `s` are code: not in a comment, a string or a character literal.
std::vector<bool> code_mask(const std::string& s) {
  std::vector<bool> code(s.size(), true);
  auto blank = [&](size_t from, size_t to) {
    for (size_t k = from; k < to && k < s.size(); ++k) code[k] = false;
  };
  auto ident = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  size_t i = 0;
  while (i < s.size()) {
    if (s.compare(i, 2, "//") == 0) {
      const size_t end = s.find('\n', i);
      blank(i, end == std::string::npos ? s.size() : end);
      i = end == std::string::npos ? s.size() : end;
    } else if (s.compare(i, 2, "/*") == 0) {
      const size_t end = s.find("*/", i + 2);
      const size_t stop = end == std::string::npos ? s.size() : end + 2;
      blank(i, stop);
      i = stop;
    } else if (s[i] == '"' && i > 0 && s[i - 1] == 'R' && (i < 2 || !ident(s[i - 2]))) {
      const size_t open = s.find('(', i);
      const std::string close = ")" + s.substr(i + 1, open - i - 1) + "\"";
      const size_t end = s.find(close, open);
      const size_t stop = end == std::string::npos ? s.size() : end + close.size();
      blank(i, stop);
      i = stop;
    } else if (s[i] == '"' || s[i] == '\'') {
      if (s[i] == '\'') {  // a digit separator (1'000) is code
        size_t t = i;
        while (t > 0 && (ident(s[t - 1]) || s[t - 1] == '\'')) --t;
        if (t < i && std::isdigit(static_cast<unsigned char>(s[t]))) {
          ++i;
          continue;
        }
      }
      size_t j = i + 1;
      while (j < s.size() && s[j] != s[i]) j += s[j] == '\\' ? 2 : 1;
      blank(i, j + 1);
      i = j + 1;
    } else {
      ++i;
    }
  }
  return code;
}

struct TracedFunction {
  std::string header;            // the declaration before the body, code only
  bool returns_value = false;    // not VOID / void
  size_t returns_checked = 0;    // return statements after the trace
  std::vector<std::string> bad;  // "line N: return ...;" without trace.returns
};

// Every function of `source` that builds an `ApiTrace trace(...)`, with its returns after it. A
// return inside a lambda in the function is the lambda's and is skipped.
std::vector<TracedFunction> scan(const std::string& source) {
  const std::vector<bool> code = code_mask(source);
  auto code_text = [&](size_t from, size_t to) {
    std::string out;
    for (size_t k = from; k < to; ++k) out += code[k] ? source[k] : ' ';
    return out;
  };
  auto line_of = [&](size_t pos) { return 1 + std::count(source.begin(), source.begin() + long(pos), '\n'); };
  auto squeeze = [](const std::string& text) {
    std::istringstream in(text);
    std::string word, out;
    while (in >> word) out += (out.empty() ? "" : " ") + word;
    return out;
  };
  // The code before the brace at `open`, back to the previous ';', '{' or '}'.
  auto header_of = [&](size_t open) {
    size_t j = open;
    while (j > 0 && !(code[j - 1] && (source[j - 1] == ';' || source[j - 1] == '{' || source[j - 1] == '}'))) --j;
    return squeeze(code_text(j, open));
  };
  static const std::regex lambda_tail(
      R"(\]\s*(\([^()]*(\([^()]*\)[^()]*)*\))?\s*(mutable)?\s*(noexcept)?\s*(->\s*[\w:<>*& ]+)?\s*$)");

  // Braces from the top: namespaces and extern "C" blocks, then the function (or class) bodies.
  struct Brace {
    size_t open;
    bool scope;  // namespace / extern "C"
  };
  std::vector<Brace> stack;
  std::vector<std::pair<size_t, size_t>> bodies;  // top-level bodies, [open, close]
  for (size_t i = 0; i < source.size(); ++i) {
    if (!code[i]) continue;
    if (source[i] == '{') {
      bool scope = false;
      if (stack.empty() || stack.back().scope) {
        const std::string h = header_of(i);
        scope = h.rfind("namespace", 0) == 0 || h == "extern";  // extern "C" {
      }
      stack.push_back({i, scope});
    } else if (source[i] == '}' && !stack.empty()) {
      const Brace b = stack.back();
      stack.pop_back();
      if (!b.scope && (stack.empty() || stack.back().scope)) bodies.push_back({b.open, i});
    }
  }

  std::vector<TracedFunction> out;
  static const std::regex trace_decl(R"(\bApiTrace\s+trace\s*\()");
  static const std::regex return_word(R"(\breturn\b)");
  for (const auto& [open, close] : bodies) {
    const std::string body = code_text(open, close + 1);
    std::smatch m;
    if (!std::regex_search(body, m, trace_decl)) continue;
    TracedFunction f;
    f.header = header_of(open);
    std::string type = std::regex_replace(f.header, std::regex(R"(^(extern\s*|static\s+|inline\s+|\[\[[^\]]*\]\]\s*)*)"), "");
    f.returns_value = type.rfind("VOID ", 0) != 0 && type.rfind("void ", 0) != 0;
    // Lambda bodies inside the function: [open, close] ranges whose returns are not the function's.
    std::vector<std::pair<size_t, size_t>> lambdas;
    {
      std::vector<size_t> opens;
      for (size_t k = open + 1; k < close; ++k) {
        if (!code[k]) continue;
        if (source[k] == '{') opens.push_back(k);
        else if (source[k] == '}' && !opens.empty()) {
          const size_t o = opens.back();
          opens.pop_back();
          const std::string before = code_text(o > 400 + open ? o - 400 : open, o);
          if (std::regex_search(before, lambda_tail)) lambdas.push_back({o, k});
        }
      }
    }
    const size_t from = open + size_t(m.position(0));
    for (auto it = std::sregex_iterator(body.begin() + long(from - open), body.end(), return_word);
         it != std::sregex_iterator(); ++it) {
      const size_t at = open + size_t(it->position(0)) + (from - open);
      bool in_lambda = false;
      for (const auto& [lo, hi] : lambdas) in_lambda = in_lambda || (at > lo && at < hi);
      if (in_lambda) continue;
      size_t end = at;
      int depth = 0;
      while (end < close && !(code[end] && source[end] == ';' && depth == 0)) {
        if (code[end] && (source[end] == '(' || source[end] == '[' || source[end] == '{')) ++depth;
        if (code[end] && (source[end] == ')' || source[end] == ']' || source[end] == '}')) --depth;
        ++end;
      }
      const std::string statement = squeeze(code_text(at, end + 1));
      ++f.returns_checked;
      if (!f.returns_value) continue;
      if (statement.rfind("return trace.returns(", 0) != 0)
        f.bad.push_back("line " + std::to_string(line_of(at)) + ": " + statement);
    }
    out.push_back(std::move(f));
  }
  return out;
}

TEST(ApiTraceReturnsCheck, FindsAPlainReturnAfterTheTrace) {
  const std::string source = R"src(
namespace x {
extern "C" NDIS_STATUS NdisGood(NDIS_HANDLE h) {
  RuntimeCore* rtp = runtime_for(h);
  if (!rtp) return NDIS_STATUS_FAILURE;  // before the trace: nothing to record
  ApiTrace trace(*rtp, "NdisGood");
  if (!h) return trace.returns(NDIS_STATUS_INVALID_PARAMETER);
  auto pick = [&](int v) -> int { return v; };  // a lambda's own return
  rt.verifier().remedy("return NDIS_STATUS_PENDING");  // in a string
  // return NDIS_STATUS_SUCCESS;  (a comment)
  const int n = 1'000;
  return trace.returns(
      helper(h, 'x', n));
}
NDIS_STATUS NdisBad(NDIS_HANDLE h) {
  ApiTrace trace(rt, "NdisBad");
  if (!h) {
    return NDIS_STATUS_FAILURE;
  }
  return helper(h,
                NDIS_STATUS_PENDING);
}
VOID NdisVoid(NDIS_HANDLE h) {
  ApiTrace trace(rt, "NdisVoid");
  if (!h) return;
}
}  // namespace x
)src";
  const std::vector<TracedFunction> functions = scan(source);
  ASSERT_EQ(functions.size(), 3u);
  EXPECT_TRUE(functions[0].returns_value);
  EXPECT_EQ(functions[0].returns_checked, 2u) << "the return before the trace and the lambda's are not counted";
  EXPECT_TRUE(functions[0].bad.empty()) << ::testing::PrintToString(functions[0].bad);
  EXPECT_EQ(functions[1].bad, (std::vector<std::string>{"line 18: return NDIS_STATUS_FAILURE;",
                                                        "line 20: return helper(h, NDIS_STATUS_PENDING);"}));
  EXPECT_FALSE(functions[2].returns_value);
  EXPECT_TRUE(functions[2].bad.empty());
}

TEST(ApiTraceReturnsCheck, EveryStatusReturningTracedEntryPointReturnsThroughTheTrace) {
  const std::filesystem::path api = std::filesystem::path(CONDIS_SOURCE_DIR) / "src" / "api";
  std::vector<std::string> bad;
  std::set<std::string> checked;
  size_t value_functions = 0;
  for (const auto& entry : std::filesystem::directory_iterator(api)) {
    const auto ext = entry.path().extension();
    if ((ext != ".cpp" && ext != ".hpp") || entry.path().filename() == "api_trace.hpp") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    for (const TracedFunction& f : scan(text.str())) {
      if (!f.returns_value) continue;
      ++value_functions;
      std::smatch m;
      if (std::regex_search(f.header, m, std::regex(R"((\w+)\s*\()"))) checked.insert(m[1]);
      for (const std::string& b : f.bad) bad.push_back(entry.path().filename().string() + ": " + f.header.substr(0, 60) + " | " + b);
    }
  }
  EXPECT_TRUE(bad.empty()) << "return without trace.returns(...) after an ApiTrace:\n"
                           << ::testing::PrintToString(bad);
  // The scan saw the entry points it is meant to guard (a parse that finds nothing proves nothing).
  EXPECT_GE(value_functions, 20u);
  for (const char* fn : {"NdisCoCreateVc", "NdisClMakeCall", "NdisClCloseCall", "NdisCoDeleteVc", "NdisMCmActivateVc",
                         "NdisMCmDeactivateVc", "NdisCmDeactivateVc", "NdisCoOidRequest", "NdisMCmOidRequest",
                         "dispatch_incoming_call", "notify_close_address_family"})
    EXPECT_TRUE(checked.count(fn)) << fn << " was not found by the scan";
}

}  // namespace
}  // namespace condis
