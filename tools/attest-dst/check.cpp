#include "check.hpp"

#include <utility>

#include "load.hpp"
#include "validate.hpp"

namespace attest::dst::gen {
namespace {

CheckedSpec Check(LoadResult loaded) {
  CheckedSpec checked{std::move(loaded.spec), std::move(loaded.diagnostics)};
  // Validation runs even after shape errors (it only judges what was read), so one run
  // shows every problem.
  for (Diagnostic& diagnostic : Validate(checked.spec)) {
    checked.diagnostics.push_back(std::move(diagnostic));
  }
  SortDiagnostics(checked.diagnostics);
  return checked;
}

}  // namespace

CheckedSpec CheckSpecText(std::string_view text, const std::string& path) {
  return Check(LoadSpecText(text, path));
}

CheckedSpec CheckSpecFile(const std::string& path) { return Check(LoadSpecFile(path)); }

std::string FormatDiagnostics(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const Diagnostic& diagnostic : diagnostics) out += FormatDiagnostic(diagnostic) + "\n";
  return out;
}

}  // namespace attest::dst::gen
