// RunOptions (how to run the scenarios) and RunReport (what happened).
//
//   auto report = gen::RunAllWithReport(ctx, init,
//       {.repeat = 100, .continue_on_error = true, .jitter = std::chrono::milliseconds(2)});
//   for (const auto& run : report.runs) if (!run.error.empty()) std::cerr << run.error;
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "attest/error.hpp"

namespace attest::dst {

// How long a step may run before it fails, naming the actor and call still running.
inline constexpr std::chrono::seconds kDefaultStepTimeout{60};

struct RunOptions {
  int repeat = 1;                  // iterations of every scenario, each with its own seed
  bool continue_on_error = false;  // keep running after a failed run
  // Seed of the first iteration; random when empty. ATTEST_DST_SEED overrides it.
  std::optional<std::uint64_t> seed;
  // Each actor of a parallel step starts after a seeded random delay in [0, jitter].
  std::chrono::nanoseconds jitter{0};
  std::chrono::nanoseconds step_timeout{kDefaultStepTimeout};
};

// One scenario, one iteration.
struct RunRecord {
  int iteration = 1;  // 1-based
  std::chrono::nanoseconds duration{};
  std::uint64_t seed = 0;  // ATTEST_DST_SEED=<seed> replays this run
  std::string error;       // ScenarioFailure::what(); empty when the run passed
  std::string scenario;
  bool Passed() const noexcept { return error.empty(); }
};

struct RunReport {
  int total_runs = 0;
  int failed_runs = 0;
  std::vector<RunRecord> runs;  // in the order they ran
  bool Passed() const noexcept { return failed_runs == 0; }
};

namespace detail {
// Options that cannot work fail before anything runs, naming the field.
inline void ValidateRunOptions(const RunOptions& options) {
  if (options.repeat < 1) {
    throw UsageError("RunOptions.repeat must be at least 1, got " + std::to_string(options.repeat));
  }
  if (options.jitter < std::chrono::nanoseconds::zero()) {
    throw UsageError("RunOptions.jitter must not be negative, got " + std::to_string(options.jitter.count()) +
                     "ns");
  }
  if (options.step_timeout <= std::chrono::nanoseconds::zero()) {
    throw UsageError("RunOptions.step_timeout must be positive, got " +
                     std::to_string(options.step_timeout.count()) + "ns");
  }
}
}  // namespace detail

}  // namespace attest::dst
