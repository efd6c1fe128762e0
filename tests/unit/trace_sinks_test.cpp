// Trace sinks: JSON escaping, the JSON Lines format (valid JSON per line, stable key order),
// Chrome trace-event JSON (parses, balanced B/E per processor track), Mermaid diagrams, the
// in-memory sink, and file output.
#include "condis/trace_sinks.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "condis/host.hpp"
#include "runtime/runtime_core.hpp"
#include "trace/tracer.hpp"

namespace condis {
namespace {

// A strict JSON reader (RFC 8259) that only says whether text is one valid JSON value, and
// collects the objects' string members of the top-level array elements when asked.
class JsonChecker {
 public:
  explicit JsonChecker(std::string_view text) : s_(text) {}

  bool valid() {
    skip_ws();
    if (!value()) return false;
    skip_ws();
    return i_ == s_.size();
  }

 private:
  bool value() {
    if (i_ >= s_.size()) return false;
    switch (s_[i_]) {
      case '{': return object();
      case '[': return array();
      case '"': return string();
      case 't': return literal("true");
      case 'f': return literal("false");
      case 'n': return literal("null");
      default: return number();
    }
  }
  bool object() {
    ++i_;
    skip_ws();
    if (peek('}')) return ++i_, true;
    for (;;) {
      skip_ws();
      if (!string()) return false;
      skip_ws();
      if (!peek(':')) return false;
      ++i_;
      skip_ws();
      if (!value()) return false;
      skip_ws();
      if (peek(',')) { ++i_; continue; }
      if (peek('}')) return ++i_, true;
      return false;
    }
  }
  bool array() {
    ++i_;
    skip_ws();
    if (peek(']')) return ++i_, true;
    for (;;) {
      skip_ws();
      if (!value()) return false;
      skip_ws();
      if (peek(',')) { ++i_; continue; }
      if (peek(']')) return ++i_, true;
      return false;
    }
  }
  bool string() {
    if (!peek('"')) return false;
    ++i_;
    while (i_ < s_.size()) {
      const unsigned char c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') return ++i_, true;
      if (c < 0x20) return false;
      if (c == '\\') {
        ++i_;
        if (i_ >= s_.size()) return false;
        const char e = s_[i_];
        if (e == 'u') {
          for (int k = 1; k <= 4; ++k)
            if (i_ + size_t(k) >= s_.size() || !std::isxdigit(static_cast<unsigned char>(s_[i_ + size_t(k)]))) return false;
          i_ += 5;
          continue;
        }
        if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) return false;
      }
      ++i_;
    }
    return false;
  }
  bool number() {
    const size_t start = i_;
    if (peek('-')) ++i_;
    if (i_ >= s_.size() || !std::isdigit(static_cast<unsigned char>(s_[i_]))) return false;
    if (s_[i_] == '0') ++i_;
    else while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
    if (peek('.')) {
      ++i_;
      const size_t digits = i_;
      while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
      if (i_ == digits) return false;
    }
    return i_ > start;
  }
  bool literal(std::string_view word) {
    if (s_.substr(i_, word.size()) != word) return false;
    i_ += word.size();
    return true;
  }
  bool peek(char c) const { return i_ < s_.size() && s_[i_] == c; }
  void skip_ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t')) ++i_;
  }

  std::string_view s_;
  size_t i_ = 0;
};

bool is_json(std::string_view text) { return JsonChecker(text).valid(); }

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TraceEvent event(TraceKind kind, std::string name, std::string from, std::string to,
                 std::vector<std::pair<std::string, std::string>> fields = {}, int processor = 0,
                 uint64_t time_ns = 0) {
  TraceEvent e;
  e.kind = kind;
  e.name = std::move(name);
  e.from = std::move(from);
  e.to = std::move(to);
  e.fields = std::move(fields);
  e.processor = processor;
  e.time_ns = time_ns;
  return e;
}

// A call cycle on two processors, with awkward strings in it.
std::vector<TraceEvent> call_cycle() {
  std::vector<TraceEvent> events = {
      event(TraceKind::Call, "NdisClMakeCall", "client", "ndis", {{"NdisVcHandle", "Vc#1"}}, 0, 1'000),
      event(TraceKind::Callback, "ProtocolCmMakeCall", "ndis", "atm-cm", {{"CallMgrVcContext", "0x10"}}, 0, 1'500),
      event(TraceKind::CallbackReturn, "ProtocolCmMakeCall", "atm-cm", "ndis", {{"status", "NDIS_STATUS_PENDING"}}, 0, 2'000),
      event(TraceKind::Return, "NdisClMakeCall", "ndis", "client", {{"status", "NDIS_STATUS_PENDING"}}, 0, 2'001),
      event(TraceKind::Event, "vc.state", "ndis", "", {{"from", "CREATED"}, {"to", "MAKING; \"pending\"\n#1"}}, 1, 3'000),
      event(TraceKind::Finding, "CM-001", "", "", {{"function", "NdisMCmMakeCallComplete"}, {"message", "tab\there"}}, 1, 4'000),
  };
  for (size_t i = 0; i < events.size(); ++i) events[i].sequence = i + 1;
  return events;
}

TEST(JsonEscape, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(json_escape("plain"), "plain");
  EXPECT_EQ(json_escape("a\"b\\c"), "a\\\"b\\\\c");
  EXPECT_EQ(json_escape("\n\r\t\b\f"), "\\n\\r\\t\\b\\f");
  EXPECT_EQ(json_escape(std::string("\x01\x1f\x7f", 3)), "\\u0001\\u001f\\u007f");
  EXPECT_EQ(json_escape(std::string("nul\0x", 5)), "nul\\u0000x");
}

TEST(JsonEscape, KeepsValidUtf8AndEscapesInvalidBytes) {
  EXPECT_EQ(json_escape("h\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"), "h\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
  EXPECT_EQ(json_escape("\xFF"), "\\u00ff");
  EXPECT_EQ(json_escape("\xC3"), "\\u00c3") << "truncated sequence";
  EXPECT_EQ(json_escape("\xC0\xAF"), "\\u00c0\\u00af") << "overlong";
  EXPECT_EQ(json_escape("\xED\xA0\x80"), "\\u00ed\\u00a0\\u0080") << "surrogate";
  EXPECT_TRUE(is_json("\"" + json_escape("\xFF\xFE garbage \x80") + "\""));
}

TEST(JsonLine, HasEveryKeyInAFixedOrder) {
  TraceEvent e = event(TraceKind::Return, "NdisClMakeCall", "ndis", "client",
                       {{"status", "NDIS_STATUS_SUCCESS"}, {"VcHandle", "Vc#1"}, {"VcHandle", "Vc#2"}}, 3, 1234);
  e.sequence = 7;
  e.irql = 2;
  EXPECT_EQ(to_json_line(e),
            "{\"seq\":7,\"time_ns\":1234,\"processor\":3,\"irql\":2,\"kind\":\"Return\",\"name\":\"NdisClMakeCall\","
            "\"from\":\"ndis\",\"to\":\"client\",\"fields\":{\"status\":\"NDIS_STATUS_SUCCESS\",\"VcHandle\":\"Vc#1\","
            "\"VcHandle#2\":\"Vc#2\"}}");
  EXPECT_EQ(to_json_line(TraceEvent{}),
            "{\"seq\":0,\"time_ns\":0,\"processor\":0,\"irql\":0,\"kind\":\"Event\",\"name\":\"\",\"from\":\"\","
            "\"to\":\"\",\"fields\":{}}");
}

TEST(JsonlSink, WritesOneValidJsonObjectPerLine) {
  std::ostringstream out;
  {
    auto sink = make_jsonl_sink(out);
    for (auto& e : call_cycle()) sink->write(e);
    sink->flush();
  }
  auto lines = lines_of(out.str());
  ASSERT_EQ(lines.size(), 6u);
  for (auto& line : lines) {
    EXPECT_TRUE(is_json(line)) << line;
    EXPECT_EQ(line.rfind("{\"seq\":", 0), 0u) << line;
  }
  EXPECT_EQ(lines[0], to_json_line(call_cycle()[0]));
  EXPECT_NE(lines[4].find("MAKING; \\\"pending\\\"\\n#1"), std::string::npos) << lines[4];
}

TEST(ChromeTraceSink, IsOneJsonDocumentWithBalancedSlicesPerProcessor) {
  std::ostringstream out;
  {
    auto sink = make_chrome_trace_sink(out);
    for (auto& e : call_cycle()) sink->write(e);
  }  // the closing brackets come with the sink's end
  const std::string doc = out.str();
  EXPECT_TRUE(is_json(doc)) << doc;
  EXPECT_EQ(doc.rfind("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[", 0), 0u);
  // One named track per processor seen.
  EXPECT_NE(doc.find("\"args\":{\"name\":\"processor 0\"}"), std::string::npos);
  EXPECT_NE(doc.find("\"args\":{\"name\":\"processor 1\"}"), std::string::npos);
  // Calls and callbacks open and close slices; events and findings are instants.
  std::map<std::string, int> depth;  // per tid
  int begins = 0, instants = 0;
  for (auto& line : lines_of(doc)) {
    const auto tid_at = line.find("\"tid\":");
    if (tid_at == std::string::npos) continue;
    const std::string tid = line.substr(tid_at + 6, line.find(',', tid_at) - tid_at - 6);
    if (line.find("\"ph\":\"B\"") != std::string::npos) ++depth[tid], ++begins;
    if (line.find("\"ph\":\"E\"") != std::string::npos) {
      EXPECT_GT(depth[tid], 0) << "an end without a begin: " << line;
      --depth[tid];
    }
    if (line.find("\"ph\":\"i\"") != std::string::npos) ++instants;
  }
  EXPECT_EQ(begins, 2);
  EXPECT_EQ(instants, 2);
  for (auto& [tid, d] : depth) EXPECT_EQ(d, 0) << "unbalanced track " << tid;
  EXPECT_NE(doc.find("\"ts\":1.500"), std::string::npos) << "microseconds with ns decimals";
}

TEST(ChromeTraceSink, EmptyTraceIsStillADocument) {
  std::ostringstream out;
  make_chrome_trace_sink(out).reset();
  EXPECT_TRUE(is_json(out.str())) << out.str();
}

TEST(MermaidSink, DrawsCallsAsArrowsAndReturnsWithTheirStatus) {
  std::ostringstream out;
  {
    auto sink = make_mermaid_sink(out);
    for (auto& e : call_cycle()) sink->write(e);
  }
  const auto lines = lines_of(out.str());
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0], "sequenceDiagram");
  const std::string text = out.str();
  EXPECT_NE(text.find("participant P1 as client"), std::string::npos) << text;
  EXPECT_NE(text.find("participant P2 as ndis"), std::string::npos) << text;
  EXPECT_NE(text.find("participant P3 as atm-cm"), std::string::npos) << text;
  EXPECT_NE(text.find("  P1->>P2: NdisClMakeCall(NdisVcHandle=Vc#35;1)"), std::string::npos) << text;
  EXPECT_NE(text.find("  P3-->>P2: ProtocolCmMakeCall = NDIS_STATUS_PENDING"), std::string::npos) << text;
  EXPECT_NE(text.find("  Note over P2: FINDING CM-001"), std::string::npos) << text;
  // Every participant is declared once; no message text breaks a line or holds a raw ';'.
  size_t declarations = 0;
  for (auto& line : lines) {
    if (line.find("participant") != std::string::npos) ++declarations;
    if (line != "sequenceDiagram") {
      EXPECT_EQ(line.rfind("  ", 0), 0u) << line;
      EXPECT_EQ(std::regex_replace(line, std::regex("#[0-9]+;"), "").find(';'), std::string::npos) << line;
    }
  }
  EXPECT_EQ(declarations, 3u);
}

TEST(MermaidSink, ControlCharactersAndInvalidUtf8NeverReachTheDiagram) {
  std::ostringstream out;
  make_mermaid_sink(out)->write(
      event(TraceKind::Event, "odd", "drv", "", {{"bytes", std::string("a\x01" "b\xFF" "c\xC3\xA9", 7)}}));
  EXPECT_NE(out.str().find("Note over P1: odd bytes=a b?c\xC3\xA9\n"), std::string::npos) << out.str();
}

TEST(MemoryTraceSink, KeepsEventsAndCountsByKindAndName) {
  auto sink = make_memory_sink();
  for (auto& e : call_cycle()) sink->write(e);
  EXPECT_EQ(sink->size(), 6u);
  EXPECT_EQ(sink->count(TraceKind::Callback), 1u);
  EXPECT_EQ(sink->count(TraceKind::Finding, "CM-001"), 1u);
  EXPECT_EQ(sink->count(TraceKind::Finding, "CM-002"), 0u);
  EXPECT_EQ(sink->events()[0].name, "NdisClMakeCall");
  EXPECT_EQ(lines_of(sink->to_jsonl()).size(), 6u);
  sink->clear();
  EXPECT_EQ(sink->size(), 0u);
}

std::filesystem::path temp_path(const std::string& name) {
  return std::filesystem::temp_directory_path() / ("condis_trace_" + std::to_string(::getpid()) + "_" + name);
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(FileSinks, WriteToTheirFilesAndCloseThem) {
  const auto jsonl = temp_path("run.jsonl");
  const auto chrome = temp_path("run.json");
  const auto mermaid = temp_path("run.mmd");
  {
    auto a = make_jsonl_sink(jsonl);
    auto b = make_chrome_trace_sink(chrome);
    auto c = make_mermaid_sink(mermaid);
    ASSERT_TRUE(a && b && c);
    for (auto& e : call_cycle()) {
      a->write(e);
      b->write(e);
      c->write(e);
    }
  }
  EXPECT_EQ(lines_of(read_file(jsonl)).size(), 6u);
  EXPECT_TRUE(is_json(read_file(chrome)));
  EXPECT_EQ(read_file(mermaid).rfind("sequenceDiagram\n", 0), 0u);
  std::filesystem::remove(jsonl);
  std::filesystem::remove(chrome);
  std::filesystem::remove(mermaid);
}

TEST(FileSinks, UnwritablePathGivesNullWhichTheTracerIgnores) {
  const std::filesystem::path bad = "/nonexistent-dir/condis/run.jsonl";
  EXPECT_EQ(make_jsonl_sink(bad), nullptr);
  EXPECT_EQ(make_chrome_trace_sink(bad), nullptr);
  EXPECT_EQ(make_mermaid_sink(bad), nullptr);
  Tracer tracer;
  tracer.add_sink(make_jsonl_sink(bad));
  EXPECT_FALSE(tracer.enabled());
  tracer.emit(TraceEvent{});  // no sink, no crash
}

TEST(TraceSinks, RuntimeTracesReachEverySinkWithSequenceAndTime) {
  Config config;
  auto memory = make_memory_sink();
  std::ostringstream jsonl;
  config.trace_sinks = {memory, make_jsonl_sink(jsonl)};
  auto rt = std::move(Runtime::create(config).value());
  RuntimeCore& core = rt->core();
  core.scheduler().post_at(5'000, [&] {
    TraceEvent e;
    e.name = "tick";
    core.tracer().emit(std::move(e));
  }, {exec::kDispatch, 0, "timer"});
  rt->run_until_idle();
  ASSERT_EQ(memory->count(TraceKind::Event, "tick"), 1u);
  TraceEvent tick;
  for (auto& e : memory->events())
    if (e.name == "tick") tick = e;
  EXPECT_EQ(tick.time_ns, 5'000u);
  EXPECT_EQ(tick.irql, exec::kDispatch);
  EXPECT_GE(tick.sequence, 1u);
  EXPECT_NE(jsonl.str().find("\"name\":\"tick\""), std::string::npos);
  rt->shutdown();
}

}  // namespace
}  // namespace condis
