// Wording helpers shared by loading and validation: lists of names and "did you mean"
// hints for near misses (`paralel`, `Clam`), so a typo is fixed from the message alone.
#pragma once

#include <string>
#include <vector>

namespace attest::dst::gen {

// "a, b, c" in the given order; "(none)" for an empty list.
std::string JoinNames(const std::vector<std::string>& names);

// The candidate `name` is most likely a misspelling of: within two edits (or differing
// only in case), closer for short names; "" when none is.
std::string ClosestName(const std::string& name, const std::vector<std::string>& candidates);

// "; did you mean 'parallel'?" for ClosestName's answer, else "".
std::string DidYouMean(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace attest::dst::gen
