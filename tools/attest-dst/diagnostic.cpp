#include "diagnostic.hpp"

#include <algorithm>
#include <tuple>

namespace attest::dst::gen {

std::string FormatDiagnostic(const Diagnostic& diagnostic) {
  std::string text = diagnostic.pos.file;
  if (diagnostic.pos.line > 0) {
    text += ':' + std::to_string(diagnostic.pos.line);
    if (diagnostic.pos.column > 0) text += ':' + std::to_string(diagnostic.pos.column);
  }
  return text + ": error: " + diagnostic.message;
}

void SortDiagnostics(std::vector<Diagnostic>& diagnostics) {
  auto key = [](const Diagnostic& d) { return std::tie(d.pos.file, d.pos.line, d.pos.column); };
  std::stable_sort(diagnostics.begin(), diagnostics.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  diagnostics.erase(std::unique(diagnostics.begin(), diagnostics.end(),
                                [&](const Diagnostic& a, const Diagnostic& b) {
                                  return key(a) == key(b) && a.message == b.message;
                                }),
                    diagnostics.end());
}

}  // namespace attest::dst::gen
