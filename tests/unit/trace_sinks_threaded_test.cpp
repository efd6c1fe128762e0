// Trace sinks written from several threads at once (run under TSan by `make test-tsan`).
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "condis/trace_sinks.hpp"

namespace condis {
namespace {

constexpr int kThreads = 4;
constexpr int kPerThread = 500;

void write_from_threads(TraceSink& sink) {
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&sink, t] {
      for (int i = 0; i < kPerThread; ++i) {
        TraceEvent e;
        e.name = "event";
        e.processor = t;
        e.fields.emplace_back("i", std::to_string(i));
        sink.write(e);
      }
    });
  for (auto& t : threads) t.join();
}

TEST(TraceSinksThreaded, MemorySinkKeepsEveryEventWhileBeingRead) {
  auto sink = make_memory_sink();
  std::thread reader([&] {
    while (sink->size() < size_t(kThreads * kPerThread)) (void)sink->count(TraceKind::Event);
  });
  write_from_threads(*sink);
  reader.join();
  EXPECT_EQ(sink->size(), size_t(kThreads * kPerThread));
}

TEST(TraceSinksThreaded, JsonlLinesNeverInterleave) {
  std::ostringstream out;
  auto sink = make_jsonl_sink(out);
  write_from_threads(*sink);
  std::istringstream in(out.str());
  int lines = 0;
  for (std::string line; std::getline(in, line); ++lines) {
    ASSERT_EQ(line.rfind("{\"seq\":", 0), 0u) << line;
    ASSERT_EQ(line.substr(line.size() - 2), "}}") << line;
  }
  EXPECT_EQ(lines, kThreads * kPerThread);
}

TEST(TraceSinksThreaded, ChromeAndMermaidSinksTakeConcurrentWrites) {
  std::ostringstream chrome, mermaid;
  {
    auto a = make_chrome_trace_sink(chrome);
    auto b = make_mermaid_sink(mermaid);
    std::thread ta([&] { write_from_threads(*a); });
    write_from_threads(*b);
    ta.join();
  }
  EXPECT_EQ(chrome.str().substr(chrome.str().size() - 3), "]}\n");
  // One note per event plus the header and the participant declaration.
  size_t notes = 0;
  for (size_t at = mermaid.str().find("Note over"); at != std::string::npos; at = mermaid.str().find("Note over", at + 1)) ++notes;
  EXPECT_EQ(notes, size_t(kThreads * kPerThread));
}

}  // namespace
}  // namespace condis
