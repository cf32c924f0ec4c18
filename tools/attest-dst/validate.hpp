// The meaning of a spec: names the compiler will accept, no duplicates, every reference
// resolved, every call matching a method of its actor's interface. Works on the Spec that
// load.hpp produced (whose shape it has checked) and reports every problem it finds.
#pragma once

#include <vector>

#include "diagnostic.hpp"
#include "spec.hpp"

namespace attest::dst::gen {

// Reports, each at the position of the offending element:
//  - a version other than dst/hybrid/v1alpha1, a package that is not a C++ namespace;
//  - interface, method, parameter and instance names that are not C++ identifiers or are
//    keywords, an interface named like something the generated header defines;
//  - duplicate interfaces, instances, scenarios, step ids (per scenario), actors in one
//    step, and methods (same name and parameter types; overloads are fine);
//  - malformed signatures and calls (read again here with the reason and column);
//  - instances of unknown interfaces, unknown actors, unknown methods, and calls whose
//    argument count no overload accepts (defaults considered).
// Empty when the spec is fine.
std::vector<Diagnostic> Validate(const Spec& spec);

}  // namespace attest::dst::gen
