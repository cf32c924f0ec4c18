// Percentiles of timed samples, and how the benchmark prints durations.
#pragma once

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

namespace attest::bench {

using Samples = std::vector<std::chrono::nanoseconds>;

struct SampleSummary {
  std::size_t count = 0;
  std::chrono::nanoseconds p50{}, p90{}, p99{}, max{};
};

// Nearest-rank percentile: the same rule attest's own latency rows use, so the
// two columns of part (b) are read the same way.
inline std::chrono::nanoseconds Percentile(const Samples& sorted, int percent) {
  std::size_t rank = (sorted.size() * static_cast<std::size_t>(percent) + 99) / 100;
  rank = std::clamp<std::size_t>(rank, 1, sorted.size());
  return sorted[rank - 1];
}

inline SampleSummary Summarize(Samples samples) {
  if (samples.empty()) throw std::logic_error("Summarize: no samples were taken");
  std::sort(samples.begin(), samples.end());
  return SampleSummary{samples.size(), Percentile(samples, 50), Percentile(samples, 90),
                       Percentile(samples, 99), samples.back()};
}

// Microseconds with one decimal: loopback requests take tens of them.
inline std::string Micros(std::chrono::nanoseconds d) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f us", static_cast<double>(d.count()) / 1e3);
  return buffer;
}

// CPU time the calling thread has used so far. Wall time swings on a loaded machine;
// the CPU a request costs its caller stays comparable between the two sides.
inline std::chrono::nanoseconds ThreadCpuTime() {
  timespec now{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec);
}

inline double Ratio(std::chrono::nanoseconds a, std::chrono::nanoseconds b) {
  return b.count() == 0 ? 0.0 : static_cast<double>(a.count()) / static_cast<double>(b.count());
}

}  // namespace attest::bench
