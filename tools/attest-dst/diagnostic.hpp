// One problem found in a spec, printed the way compilers print theirs
// (`file:line:col: error: message`) so that editors and CI annotate the right line.
#pragma once

#include <string>
#include <vector>

#include "spec.hpp"

namespace attest::dst::gen {

struct Diagnostic {
  Position pos;
  std::string message;
};

// "e2e.yaml:12:9: error: unknown actor 'worker3' in step 's2'"; a position without a
// line prints as "e2e.yaml: error: ...".
std::string FormatDiagnostic(const Diagnostic& diagnostic);

// In file order (line, then column), keeping the discovery order of ties, and without
// exact repeats.
void SortDiagnostics(std::vector<Diagnostic>& diagnostics);

}  // namespace attest::dst::gen
