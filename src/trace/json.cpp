// JSON text for trace events, written by hand: the core library takes no JSON dependency.
#include <cstdio>
#include <string>

#include "condis/trace_sinks.hpp"
#include "trace/utf8.hpp"

namespace condis {
namespace {

void append_u00(std::string& out, unsigned char c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\u%04x", unsigned(c));
  out += buf;
}

void append_string(std::string& out, std::string_view s) {
  out += '"';
  out += json_escape(s);
  out += '"';
}

}  // namespace

const char* trace_kind_name(TraceKind kind) {
  switch (kind) {
    case TraceKind::Call: return "Call";
    case TraceKind::Return: return "Return";
    case TraceKind::Callback: return "Callback";
    case TraceKind::CallbackReturn: return "CallbackReturn";
    case TraceKind::Event: return "Event";
    case TraceKind::Finding: return "Finding";
  }
  return "Unknown";
}

std::string json_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"': out += "\\\""; ++i; continue;
      case '\\': out += "\\\\"; ++i; continue;
      case '\n': out += "\\n"; ++i; continue;
      case '\r': out += "\\r"; ++i; continue;
      case '\t': out += "\\t"; ++i; continue;
      case '\b': out += "\\b"; ++i; continue;
      case '\f': out += "\\f"; ++i; continue;
      default: break;
    }
    if (c < 0x20 || c == 0x7F) {
      append_u00(out, c);
      ++i;
      continue;
    }
    const size_t length = trace_detail::utf8_sequence_length(s, i);
    if (length == 0) {
      append_u00(out, c);
      ++i;
      continue;
    }
    out.append(s.substr(i, length));
    i += length;
  }
  return out;
}

std::string to_json_line(const TraceEvent& event) {
  std::string out;
  out.reserve(128);
  out += "{\"seq\":";
  out += std::to_string(event.sequence);
  out += ",\"time_ns\":";
  out += std::to_string(event.time_ns);
  out += ",\"processor\":";
  out += std::to_string(event.processor);
  out += ",\"irql\":";
  out += std::to_string(event.irql);
  out += ",\"kind\":\"";
  out += trace_kind_name(event.kind);
  out += "\",\"name\":";
  append_string(out, event.name);
  out += ",\"from\":";
  append_string(out, event.from);
  out += ",\"to\":";
  append_string(out, event.to);
  out += ",\"fields\":{";
  for (size_t i = 0; i < event.fields.size(); ++i) {
    const std::string& key = event.fields[i].first;
    // A repeated key is numbered by its occurrence; field lists are short.
    size_t occurrence = 1;
    for (size_t k = 0; k < i; ++k)
      if (event.fields[k].first == key) ++occurrence;
    if (i > 0) out += ',';
    append_string(out, occurrence == 1 ? key : key + "#" + std::to_string(occurrence));
    out += ':';
    append_string(out, event.fields[i].second);
  }
  out += "}}";
  return out;
}

}  // namespace condis
