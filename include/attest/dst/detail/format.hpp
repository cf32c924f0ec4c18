// Small text helpers shared by the runtime's messages.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>

namespace attest::dst::detail {

// The shortest exact spelling: "2s", "150ms", "1500us", "12ns".
inline std::string FormatDuration(std::chrono::nanoseconds duration) {
  using namespace std::chrono;
  const auto count = duration.count();
  if (count != 0 && count % 1'000'000'000 == 0) return std::to_string(count / 1'000'000'000) + "s";
  if (count != 0 && count % 1'000'000 == 0) return std::to_string(count / 1'000'000) + "ms";
  if (count != 0 && count % 1'000 == 0) return std::to_string(count / 1'000) + "us";
  return std::to_string(count) + "ns";
}

// Milliseconds with one decimal, for measured times: "12.3ms".
inline std::string FormatMillis(std::chrono::nanoseconds duration) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1fms", static_cast<double>(duration.count()) / 1e6);
  return buffer;
}

}  // namespace attest::dst::detail
