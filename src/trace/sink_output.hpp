// Where a file-or-stream sink writes: a caller's stream (borrowed) or a file it opened (owned).
#pragma once

#include <filesystem>
#include <fstream>
#include <memory>
#include <ostream>

namespace condis::trace_detail {

class SinkOutput {
 public:
  explicit SinkOutput(std::ostream& out) : out_(&out) {}
  explicit SinkOutput(std::unique_ptr<std::ofstream> file) : file_(std::move(file)), out_(file_.get()) {}

  // nullptr if the file cannot be created.
  static std::unique_ptr<std::ofstream> open(const std::filesystem::path& path) {
    auto file = std::make_unique<std::ofstream>(path, std::ios::binary | std::ios::trunc);
    if (!file->is_open()) return nullptr;
    return file;
  }

  std::ostream& stream() { return *out_; }

 private:
  std::unique_ptr<std::ofstream> file_;
  std::ostream* out_;
};

}  // namespace condis::trace_detail
