#include "services/checks.hpp"

namespace condis::services {

std::string irql_name(exec::Irql irql) {
  switch (irql) {
    case exec::kPassive: return "PASSIVE_LEVEL";
    case exec::kApc: return "APC_LEVEL";
    case exec::kDispatch: return "DISPATCH_LEVEL";
    default: return "DIRQL(" + std::to_string(irql) + ")";
  }
}

namespace {
void report_irql(Verifier* v, const char* rule, std::string_view function, const std::string& required,
                 exec::Irql irql) {
  v->finding(rule, function)
      .value("IRQL", irql_name(irql))
      .message("called at " + irql_name(irql))
      .expected(std::string(function) + " is called at " + required)
      .remedy(irql > exec::kPassive ? "call it outside the spin lock or timer callback (queue an NDIS I/O work item "
                                      "to reach PASSIVE_LEVEL)"
                                    : "call it while holding the spin lock that the caller is expected to hold");
}
}  // namespace

bool require_passive(RuntimeCore* rt, std::string_view function) {
  const exec::Irql irql = exec::current_irql();
  if (irql == exec::kPassive) return true;
  if (Verifier* v = checking(rt)) report_irql(v, "SVC-001", function, "PASSIVE_LEVEL", irql);
  return false;
}

bool require_below_dispatch(RuntimeCore* rt, std::string_view function) {
  const exec::Irql irql = exec::current_irql();
  if (irql < exec::kDispatch) return true;
  if (Verifier* v = checking(rt)) report_irql(v, "SVC-002", function, "PASSIVE_LEVEL or APC_LEVEL", irql);
  return false;
}

bool require_at_most_dispatch(RuntimeCore* rt, std::string_view function) {
  const exec::Irql irql = exec::current_irql();
  if (irql <= exec::kDispatch) return true;
  if (Verifier* v = checking(rt)) report_irql(v, "SVC-003", function, "IRQL <= DISPATCH_LEVEL", irql);
  return false;
}

bool require_dispatch(RuntimeCore* rt, std::string_view function, bool warning) {
  const exec::Irql irql = exec::current_irql();
  if (warning ? irql >= exec::kDispatch : irql == exec::kDispatch) return true;
  if (Verifier* v = checking(rt)) {
    v->finding("SVC-004", function)
        .severity(warning ? Severity::Warning : Severity::Error)
        .value("IRQL", irql_name(irql))
        .message("called at " + irql_name(irql))
        .expected(std::string(function) + (warning ? " is called at IRQL >= DISPATCH_LEVEL (a thread below it may "
                                                     "migrate between processors)"
                                                   : " is called at DISPATCH_LEVEL"))
        .remedy(warning ? "use the value only while at DISPATCH_LEVEL (hold a spin lock)"
                        : "call it with the spin lock held (at DISPATCH_LEVEL), or use the non-Dpr variant");
  }
  return false;
}

void trace_service(RuntimeCore& rt, const char* name,
                   std::initializer_list<std::pair<const char*, std::string>> fields) {
  if (!rt.tracer().enabled()) return;
  TraceEvent e;
  e.kind = TraceKind::Event;
  e.name = name;
  e.from = "driver";
  e.to = "ndis";
  for (auto& [key, value] : fields) e.fields.emplace_back(key, value);
  rt.tracer().emit(std::move(e));
}

RuntimeCore* resolve_owner(const void* handle, std::string_view function) {
  RuntimeCore* rt = RuntimeCore::for_handle(handle);
  HandleError error = HandleError::Forged;
  ObjectType type = ObjectType::None;
  if (rt && RuntimeCore::owner_of(handle) == rt && rt->handles().resolve_any(handle, &type, &error)) {
    if (type == ObjectType::MiniportDriver || type == ObjectType::ProtocolDriver || type == ObjectType::Adapter ||
        type == ObjectType::Binding)
      return rt;
    error = HandleError::WrongType;
  } else if (handle == nullptr) {
    error = HandleError::Null;
  }
  if (Verifier* v = checking(rt))
    v->finding("SVC-033", function)
        .handle("NdisHandle", handle)
        .message(std::string("the handle is not a live driver, adapter or binding handle (") +
                 std::string(handle_error_name(error)) + ")")
        .expected("the NdisMiniportDriverHandle, MiniportAdapterHandle, NdisProtocolHandle or NdisBindingHandle "
                  "the resource is charged to")
        .remedy("pass the adapter handle from MiniportInitializeEx, the binding handle, or the driver handle");
  return nullptr;
}

}  // namespace condis::services
