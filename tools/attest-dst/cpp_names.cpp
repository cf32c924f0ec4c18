#include "cpp_names.hpp"

#include <algorithm>
#include <array>

namespace attest::dst::gen {
namespace {

// [lex.key] (81 keywords) and the 11 alternative tokens of [lex.digraph], C++20; sorted
// for binary search (a test looks every one of them up, so a misplaced entry fails).
constexpr std::array<std::string_view, 92> kKeywords = {
    "alignas",     "alignof",  "and",        "and_eq",    "asm",       "auto",         "bitand",
    "bitor",       "bool",     "break",      "case",      "catch",     "char",         "char16_t",
    "char32_t",    "char8_t",  "class",      "co_await",  "co_return", "co_yield",     "compl",
    "concept",     "const",    "const_cast", "consteval", "constexpr", "constinit",    "continue",
    "decltype",    "default",  "delete",     "do",        "double",    "dynamic_cast", "else",
    "enum",        "explicit", "export",     "extern",    "false",     "float",        "for",
    "friend",      "goto",     "if",         "inline",    "int",       "long",         "mutable",
    "namespace",   "new",      "noexcept",   "not",       "not_eq",    "nullptr",      "operator",
    "or",          "or_eq",    "private",    "protected", "public",    "register",     "reinterpret_cast",
    "requires",    "return",   "short",      "signed",    "sizeof",    "static",       "static_assert",
    "static_cast", "struct",   "switch",     "template",  "this",      "thread_local", "throw",
    "true",        "try",      "typedef",    "typeid",    "typename",  "union",        "unsigned",
    "using",       "virtual",  "void",       "volatile",  "wchar_t",   "while",        "xor",
    "xor_eq",
};

bool IsIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsIdentChar(char c) { return IsIdentStart(c) || (c >= '0' && c <= '9'); }

}  // namespace

bool IsIdentifier(std::string_view text) {
  return !text.empty() && IsIdentStart(text.front()) && std::all_of(text.begin(), text.end(), IsIdentChar);
}

bool IsKeyword(std::string_view text) { return std::binary_search(kKeywords.begin(), kKeywords.end(), text); }

std::string NamespaceProblem(std::string_view text) {
  if (text.empty()) return "it is empty";
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find("::", start);
    const std::string_view part =
        text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (part.empty()) return "it has an empty part between '::'";
    if (!IsIdentifier(part)) return "'" + std::string(part) + "' is not a C++ identifier";
    if (IsKeyword(part)) return "'" + std::string(part) + "' is a C++ keyword";
    if (end == std::string_view::npos) return {};
    start = end + 2;
  }
}

}  // namespace attest::dst::gen
