// Small text helpers shared by the runtime's messages.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>

#include "attest/detail/duration_text.hpp"

namespace attest::dst::detail {

// Configured durations ("2s", "150ms"): see attest/detail/duration_text.hpp.
using attest::detail::ExactDurationText;

// Milliseconds with one decimal, for measured times: "12.3ms".
inline std::string FormatMillis(std::chrono::nanoseconds duration) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1fms", static_cast<double>(duration.count()) / 1e6);
  return buffer;
}

}  // namespace attest::dst::detail
