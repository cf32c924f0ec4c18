// Wording helpers shared by loading and validation: lists of names and "did you mean"
// hints for near misses (`paralel`, `Clam`), so a typo is fixed from the message alone.
#pragma once

#include <string>
#include <vector>

namespace attest::dst::gen {

// "a, b, c" in the given order; "(none)" for an empty list.
std::string JoinNames(const std::vector<std::string>& names);

// "; did you mean 'parallel'?" when one candidate is within two edits of `name` (or
// differs only in case), else "".
std::string DidYouMean(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace attest::dst::gen
