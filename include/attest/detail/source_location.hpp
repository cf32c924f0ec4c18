// Where a check was built, captured by a default argument at the call site.
//
// std::source_location would do, but libstdc++'s needs __builtin_source_location,
// which clang 14 lacks; __builtin_FILE/__builtin_LINE work in both compilers.
#pragma once

#include <string>

namespace attest::detail {

struct SourceLocation {
  const char* file = "";
  int line = 0;

  static constexpr SourceLocation Current(const char* file = __builtin_FILE(),
                                          int line = __builtin_LINE()) noexcept {
    return SourceLocation{file, line};
  }

  // "specs/e2e.yaml:31": the file as the compiler (or a #line directive) names it.
  std::string FullString() const { return std::string(file) + ":" + std::to_string(line); }

  // "kv_test.cpp:42": the file name without its directories keeps reports short.
  std::string ToString() const {
    std::string path = file;
    auto slash = path.find_last_of('/');
    if (slash != std::string::npos) path.erase(0, slash + 1);
    return path + ":" + std::to_string(line);
  }
};

}  // namespace attest::detail
