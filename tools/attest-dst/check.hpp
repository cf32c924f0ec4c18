// Load and validate in one go: what the CLI and the tests use.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "diagnostic.hpp"
#include "spec.hpp"

namespace attest::dst::gen {

struct CheckedSpec {
  Spec spec;                            // complete only when Ok()
  std::vector<Diagnostic> diagnostics;  // shape and meaning, in file order
  bool Ok() const { return diagnostics.empty(); }
};

CheckedSpec CheckSpecText(std::string_view text, const std::string& path);
CheckedSpec CheckSpecFile(const std::string& path);

// All diagnostics, one formatted line each ("file:line:col: error: ...\n").
std::string FormatDiagnostics(const std::vector<Diagnostic>& diagnostics);

}  // namespace attest::dst::gen
