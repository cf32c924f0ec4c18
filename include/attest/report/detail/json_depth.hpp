// How deeply a JSON text nests, found before parsing it.
//
// nlohmann parses without recursion, but dump() and comparisons recurse once per level:
// a body of 100000 '[' from a server would overflow the stack when the failure text is
// rendered. attest therefore reads JSON from outside (response bodies) only up to
// kMaxJsonDepth levels, checked by one cheap scan before the parser runs.
//
//   if (JsonNestsDeeperThan(body, kMaxJsonDepth)) { /* report it, do not parse */ }
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace attest::detail {

// The deepest nesting of arrays and objects attest parses.
inline constexpr std::size_t kMaxJsonDepth = 1000;

// True when `text` opens more than `limit` arrays or objects inside one another.
// Brackets inside strings do not count. The text need not be valid JSON: this only
// decides whether the parser may look at it.
inline bool JsonNestsDeeperThan(std::string_view text, std::size_t limit = kMaxJsonDepth) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // the escaped character, whatever it is
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

// Why a body too deep was not read, for failure text.
inline std::string JsonTooDeepText() {
  return "it nests arrays and objects more than " + std::to_string(kMaxJsonDepth) +
         " levels deep, which attest does not parse";
}

}  // namespace attest::detail
