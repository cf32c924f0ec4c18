// Short human renderings of durations for reports: "850us", "12ms", "2.5s".
#pragma once

#include <chrono>
#include <cstdio>
#include <string>

namespace attest::detail {

inline std::string DurationText(std::chrono::nanoseconds d) {
  using namespace std::chrono;
  char buffer[32];
  const double ns = static_cast<double>(d.count());
  if (d < 1us) {
    std::snprintf(buffer, sizeof buffer, "%lldns", static_cast<long long>(d.count()));
  } else if (d < 1ms) {
    std::snprintf(buffer, sizeof buffer, "%.0fus", ns / 1e3);
  } else if (d < 1s) {
    std::snprintf(buffer, sizeof buffer, "%.0fms", ns / 1e6);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.3gs", ns / 1e9);
  }
  return buffer;
}

}  // namespace attest::detail
