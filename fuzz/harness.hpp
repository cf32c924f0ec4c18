// What the fuzz harnesses share: a check that stops the run when an invariant breaks.
//
// Expected errors (attest::UsageError for a malformed path or pattern, diagnostics for a
// bad spec) are caught in each harness; anything else escaping LLVMFuzzerTestOneInput,
// or a failed RequireInvariant, aborts, which libFuzzer and the replay driver report.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace attest::fuzz {

inline void RequireInvariant(bool holds, const char* what) {
  if (holds) return;
  std::fprintf(stderr, "attest fuzz: invariant broken: %s\n", what);
  std::abort();
}

inline std::string_view AsText(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace attest::fuzz
