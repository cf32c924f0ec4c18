// Just enough C++ syntax to read the spec's method signatures and calls: split at the
// commas that separate parameters or arguments, and at nothing else. A comma inside
// <>, (), {}, [] or a string/char literal belongs to the enclosing element.
//
// Template brackets are the ambiguous part of C++: a '<' counts as one when it follows a
// name (`vector<`) and a matching '>' closes it before the enclosing bracket does;
// otherwise it is a less-than. So `F(a < b, c)` has two arguments, and
// `F(std::pair<int, int>{1, 2})` has one. (Like the compiler, `F(a < b, c > d)` reads as
// one template argument list; parenthesize comparisons.) In a signature a '<' after a
// name is always a template bracket: `std::map<int, int x` is an error, not two
// parameters.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spec.hpp"

namespace attest::dst::gen {

// Where and why parsing failed; offset counts bytes from the start of the text.
struct SyntaxError {
  std::string message;
  std::size_t offset = 0;
};

// A signature such as `std::int64_t Enqueue(Context& ctx, std::string task = "a,b")`.
// On success `method` holds return type (void when left out), name, parameters and
// trailing qualifiers; signature and pos are left for the caller. On failure `error` is
// set and `name_hint` holds the method name when it could still be read, so that callers
// of a broken method are not reported a second time.
struct SignatureParse {
  std::optional<Method> method;
  std::optional<SyntaxError> error;
  std::string name_hint;
};
SignatureParse ParseSignature(std::string_view text);

// A call such as `Enqueue(ctx, "S_LOW", 1, 1, {})`: method name and trimmed top-level
// arguments. Same contract as ParseSignature.
struct CallParse {
  std::optional<Call> call;
  std::optional<SyntaxError> error;
  std::string name_hint;
};
CallParse ParseCall(std::string_view text);

// The type as the compiler compares it for overloading: whitespace normalized and
// top-level const/volatile dropped (`const int` and `int` declare the same function).
std::string CanonicalParameterType(std::string_view type);

}  // namespace attest::dst::gen
