// The public Runtime: a thin façade over RuntimeCore. Driver loading, adapters and binding
// live in host_drivers.cpp.
#include "condis/host.hpp"

#include "runtime/runtime_core.hpp"

namespace condis {

Expected<std::unique_ptr<Runtime>> Runtime::create(Config config) {
  if (config.processors == 0) return Error{int32_t(0xC000000D), "Config.processors must be at least 1"};
  if (config.processors > 64) return Error{int32_t(0xC000000D), "Config.processors is at most 64"};
  return std::unique_ptr<Runtime>(new Runtime(std::make_unique<RuntimeCore>(std::move(config))));
}

Runtime::Runtime(std::unique_ptr<RuntimeCore> core) : core_(std::move(core)) {}
Runtime::~Runtime() = default;

const Config& Runtime::config() const { return core_->config(); }

void Runtime::run_until_idle() {
  CurrentRuntimeScope scope(core_.get());
  core_->scheduler().run_until_idle();
}

void Runtime::advance(std::chrono::nanoseconds duration) {
  CurrentRuntimeScope scope(core_.get());
  core_->scheduler().advance(uint64_t(duration.count()));
}

uint64_t Runtime::now_ns() const { return core_->scheduler().now_ns(); }

std::vector<Finding> Runtime::findings() const { return core_->verifier().findings(); }
size_t Runtime::finding_count(std::string_view rule) const { return core_->verifier().count(rule); }
void Runtime::clear_findings() { core_->verifier().clear(); }
void Runtime::add_trace_sink(std::shared_ptr<TraceSink> sink) { core_->tracer().add_sink(std::move(sink)); }

LeakReport Runtime::shutdown() { return core_->shutdown(); }
LeakReport Runtime::leak_report() const { return core_->leak_report(); }

}  // namespace condis
