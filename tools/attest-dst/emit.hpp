// Spec -> C++ header: the code emitter of attest-dst.
//
// The generated header declares one abstract class per interface, `struct Actors`,
// `ValidateActors`, one runner per scenario, `RunAll`, `RunAllWithReport`, `Main` and
// the `kScenarios` table, all on top of the runtime in <attest/dst.hpp>. Calls and
// scripts are wrapped in `#line` directives so that compile errors and failed
// `require::` assertions point at the spec, not at the generated file.
#pragma once

#include <string>

#include "spec.hpp"

namespace attest::dst::gen {

struct EmitOptions {
  std::string namespace_override;  // --namespace; empty = spec.package
  std::string spec_path;           // as shown in the banner and in #line directives
  // The generated header's path as the compiler will see it (the -o argument). The
  // `#line` directives that return from spec text to generated code name this file;
  // empty falls back to "<spec_path> (generated)", so diagnostics never name a file
  // that does not exist under that name. Also part of the include guard.
  std::string output_path;
};

// Returns the whole generated header, deterministic byte for byte. Precondition: the
// spec passed validation (part A's job). Throws std::invalid_argument when the spec
// would make the generated names collide (an interface called `Actors`, say), which
// validation does not know about.
std::string GenerateHeader(const Spec& spec, const EmitOptions& options);

// The identifier of a scenario's runner: "strict-priority_v2" -> "RunScenarioStrictPriorityV2".
// Deterministic; exposed so tests and docs can name runners without generating code.
std::string ScenarioRunnerName(const std::string& scenario_name);

}  // namespace attest::dst::gen
