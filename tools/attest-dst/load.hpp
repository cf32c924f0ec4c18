// YAML -> Spec. Reads a dst/hybrid/v1alpha1 spec with yaml-cpp and records where every
// element came from (1-based line and column).
//
// Loading checks the shape of the document: YAML syntax, unknown or repeated keys,
// the kind of each value (mapping, list, text), missing or empty sections, a step with
// both or neither of parallel/script, an actor without calls. It goes on after a problem
// so that one run reports all of them; what it could read is still in `spec`. Meaning
// (names, references, calls against signatures) is validate.hpp's job, and check.hpp
// runs both.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "diagnostic.hpp"
#include "spec.hpp"

namespace attest::dst::gen {

inline constexpr std::string_view kSpecVersion = "dst/hybrid/v1alpha1";

struct LoadResult {
  Spec spec;
  std::vector<Diagnostic> diagnostics;  // in file order
};

// `path` is only used to name the file in positions and messages.
LoadResult LoadSpecText(std::string_view text, const std::string& path);

// Reads the file first; an unreadable file is a diagnostic naming the path and the reason.
LoadResult LoadSpecFile(const std::string& path);

}  // namespace attest::dst::gen
