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

// The middle value; the mean of the two middle ones for an even count.
//
// Every ratio the benchmark judges is the median of per-round ratios, each taken
// between sides that ran next to each other in that round. This VM's speed swings by up
// to a third within a run; a side's best round is then its luckiest one, and one lucky
// round (never paired with its reference) decided a comparison of bests. A pair shares
// its period, and the median ignores the odd round either way.
inline double Median(std::vector<double> values) {
  if (values.empty()) throw std::logic_error("Median: no values");
  std::sort(values.begin(), values.end());
  const std::size_t middle = values.size() / 2;
  return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2.0;
}

// "0.97x", or with more digits when two would show a real ratio as 0.00x (a 50 us
// request against one waiting 40 ms for a delayed ACK).
inline std::string RatioText(double ratio) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, ratio != 0.0 && ratio < 0.01 ? "%.4fx" : "%.2fx", ratio);
  return buffer;
}

}  // namespace attest::bench
