// The two ways attest writes durations, used by every message and report.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace attest::detail {

// A measured duration, rounded for reading: "850ns", "420us", "3.5ms", "12ms",
// "1.25s", "2m05s".
inline std::string DurationText(std::chrono::nanoseconds duration) {
  const std::int64_t ns = duration.count();
  if (ns < 0) return "-" + DurationText(std::chrono::nanoseconds(-ns));
  char buffer[48];
  if (ns < 1'000) {
    std::snprintf(buffer, sizeof buffer, "%lldns", static_cast<long long>(ns));
  } else if (ns < 1'000'000) {
    std::snprintf(buffer, sizeof buffer, "%lldus", static_cast<long long>(ns / 1'000));
  } else if (ns < 10'000'000) {
    std::snprintf(buffer, sizeof buffer, "%.1fms", static_cast<double>(ns) / 1e6);
  } else if (ns < 1'000'000'000) {
    std::snprintf(buffer, sizeof buffer, "%lldms", static_cast<long long>(ns / 1'000'000));
  } else if (ns < 60'000'000'000) {
    std::snprintf(buffer, sizeof buffer, "%.2fs", static_cast<double>(ns) / 1e9);
  } else {
    const long long seconds = ns / 1'000'000'000;
    std::snprintf(buffer, sizeof buffer, "%lldm%02llds", seconds / 60, seconds % 60);
  }
  return buffer;
}

// A configured duration, in the largest unit that states it exactly, the way it was
// most likely written: "2s", "150ms", "1500us", "12ns".
inline std::string ExactDurationText(std::chrono::nanoseconds duration) {
  const std::int64_t count = duration.count();
  if (count != 0 && count % 1'000'000'000 == 0) return std::to_string(count / 1'000'000'000) + "s";
  if (count != 0 && count % 1'000'000 == 0) return std::to_string(count / 1'000'000) + "ms";
  if (count != 0 && count % 1'000 == 0) return std::to_string(count / 1'000) + "us";
  return std::to_string(count) + "ns";
}

}  // namespace attest::detail
