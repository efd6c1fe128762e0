// Mermaid sequence-diagram sink: a call cycle as arrows between the drivers and "ndis".
// Participants are declared as they first appear, under generated ids (P1, P2, ...) so that any
// driver name is a valid label.
#include <map>
#include <mutex>
#include <string>

#include "condis/trace_sinks.hpp"
#include "trace/sink_output.hpp"
#include "trace/utf8.hpp"

namespace condis {
namespace {

// Message and label text: Mermaid ends a message at a newline or ';' and reads '#' as the start
// of an entity code, so those are written as entities or spaces; other control characters
// become spaces and bytes that are not UTF-8 become '?', so the diagram is always valid text.
std::string mermaid_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == ';') out += "#59;";
    else if (c == '#') out += "#35;";
    else if (c < 0x20 || c == 0x7F) out += ' ';
    else if (c < 0x80) out += char(c);
    else if (const size_t length = trace_detail::utf8_sequence_length(s, i); length > 0) {
      out.append(s.substr(i, length));
      i += length;
      continue;
    } else out += '?';
    ++i;
  }
  return out;
}

std::string field_list(const TraceEvent& event) {
  std::string out;
  for (auto& [key, value] : event.fields) {
    if (!out.empty()) out += ", ";
    out += key + "=" + value;
  }
  return out;
}

std::string status_of(const TraceEvent& event) {
  for (auto& [key, value] : event.fields)
    if (key == "status") return value;
  return {};
}

class MermaidSink final : public TraceSink {
 public:
  explicit MermaidSink(trace_detail::SinkOutput output) : output_(std::move(output)) {
    output_.stream() << "sequenceDiagram\n";
  }
  ~MermaidSink() override { output_.stream().flush(); }

  void write(const TraceEvent& event) override {
    std::lock_guard lock(mutex_);
    std::string out;
    const std::string from = participant(event.from.empty() ? "ndis" : event.from, out);
    const std::string to = participant(event.to.empty() ? "ndis" : event.to, out);
    switch (event.kind) {
      case TraceKind::Call:
      case TraceKind::Callback:
        out += "  " + from + "->>" + to + ": " + mermaid_text(event.name + "(" + field_list(event) + ")") + "\n";
        break;
      case TraceKind::Return:
      case TraceKind::CallbackReturn: {
        std::string status = status_of(event);
        std::string label = status.empty() ? event.name : event.name + " = " + status;
        out += "  " + from + "-->>" + to + ": " + mermaid_text(label) + "\n";
        break;
      }
      case TraceKind::Event: {
        std::string fields = field_list(event);
        out += "  Note over " + from + ": " + mermaid_text(fields.empty() ? event.name : event.name + " " + fields) + "\n";
        break;
      }
      case TraceKind::Finding:
        out += "  Note over " + from + ": " + mermaid_text("FINDING " + event.name + " " + field_list(event)) + "\n";
        break;
    }
    output_.stream() << out;
  }

  void flush() override {
    std::lock_guard lock(mutex_);
    output_.stream().flush();
  }

 private:
  // The id of a participant, declaring it (into out) the first time it appears.
  std::string participant(const std::string& name, std::string& out) {
    auto [it, inserted] = ids_.emplace(name, std::string());
    if (inserted) {
      it->second = "P" + std::to_string(ids_.size());
      out += "  participant " + it->second + " as " + mermaid_text(name) + "\n";
    }
    return it->second;
  }

  std::mutex mutex_;
  trace_detail::SinkOutput output_;
  std::map<std::string, std::string> ids_;
};

}  // namespace

std::shared_ptr<TraceSink> make_mermaid_sink(std::ostream& out) {
  return std::make_shared<MermaidSink>(trace_detail::SinkOutput(out));
}

std::shared_ptr<TraceSink> make_mermaid_sink(const std::filesystem::path& path) {
  auto file = trace_detail::SinkOutput::open(path);
  if (!file) return nullptr;
  return std::make_shared<MermaidSink>(trace_detail::SinkOutput(std::move(file)));
}

}  // namespace condis
