// Running whole scenarios: fresh actors per run, seeds per iteration, reports.
//
// The generated header calls these with its own `Actors` type, scenario table and
// ValidateActors; users call the generated RunAll / RunAllWithReport / Main instead.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "attest/detail/strings.hpp"
#include "attest/dst/context.hpp"
#include "attest/dst/detail/seed.hpp"
#include "attest/dst/failure.hpp"
#include "attest/dst/options.hpp"
#include "attest/dst/step.hpp"
#include "attest/error.hpp"

namespace attest::dst {

// One row of the generated `kScenarios` table. Owns its text, so rows can also be
// built at run time (from a file, a filter) without dangling.
template <class Actors>
struct ScenarioEntry {
  std::string name;
  std::string description;
  void (*run)(Context& ctx, const Actors& actors, const RunOptions& options) = nullptr;
};

namespace detail {

// Called by the generated ValidateActors with "name (Interface)" for each null member.
inline void ThrowIfActorsMissing(const std::vector<std::string>& missing) {
  if (missing.empty()) return;
  throw UsageError("Actors returned by init has " + std::to_string(missing.size()) +
                   (missing.size() == 1 ? " null member: " : " null members: ") +
                   attest::detail::Join(missing) + "; init must set every actor");
}

// Iteration 1 runs with the base seed itself, so the seed printed for any iteration,
// given back through ATTEST_DST_SEED, replays that iteration as iteration 1.
inline std::uint64_t IterationSeed(std::uint64_t base, int iteration) {
  return iteration <= 1 ? base : MixSeed(base, static_cast<std::uint64_t>(iteration));
}

// ATTEST_DST_SEED, else the requested seed, else the context's own.
inline std::uint64_t BaseSeed(const Context& ctx, const std::optional<std::uint64_t>& requested) {
  if (auto from_environment = SeedFromEnvironment()) return *from_environment;
  return requested ? *requested : ctx.Seed();
}

template <class Actors, class Init>
void CheckInit() {
  static_assert(std::is_invocable_v<Init&, Context&>,
                "init must be callable as init(ctx) with an attest::dst::Context&");
  if constexpr (std::is_invocable_v<Init&, Context&>) {
    static_assert(std::is_convertible_v<std::invoke_result_t<Init&, Context&>, Actors>,
                  "init(ctx) must return the generated Actors");
  }
}

inline ScenarioFailureInfo FailureInfo(std::string_view scenario, std::string_view step, std::uint64_t seed,
                                       int iteration, std::string cause) {
  ScenarioFailureInfo info;
  info.scenario = scenario;
  info.step = step;
  info.seed = seed;
  info.iteration = iteration;
  info.cause = std::move(cause);
  return info;
}

// One scenario, one iteration: fresh actors, then the steps. Returns the failure.
template <class Actors, class Init>
std::optional<ScenarioFailure> RunOnce(Context& ctx, const ScenarioEntry<Actors>& entry,
                                       void (*validate)(const Actors&), Init& init, const RunOptions& options,
                                       int iteration, std::uint64_t seed) {
  Context run_ctx = ctx.WithSeed(seed);
  std::optional<Actors> actors;
  try {
    actors.emplace(init(run_ctx));
    validate(*actors);
  } catch (...) {
    return ScenarioFailure(FailureInfo(entry.name, "init", seed, iteration, CauseText()),
                           std::current_exception());
  }
  try {
    entry.run(run_ctx, *actors, options);
  } catch (const ScenarioFailure& failure) {
    return failure.WithIteration(iteration);
  } catch (...) {
    // Runners throw ScenarioFailure only; anything else escaped the step machinery.
    return ScenarioFailure(FailureInfo(entry.name, "", seed, iteration, CauseText()),
                           std::current_exception());
  }
  return std::nullopt;
}

// The scenarios at `selected` (indices into `scenarios`), options.repeat times each.
template <class Actors, class Init>
RunReport RunSelected(Context& ctx, std::span<const ScenarioEntry<Actors>> scenarios,
                      const std::vector<std::size_t>& selected, void (*validate)(const Actors&), Init& init,
                      const RunOptions& options, const std::function<void(const RunRecord&)>& on_run = {}) {
  CheckInit<Actors, Init>();
  ValidateRunOptions(options);
  const std::uint64_t base = BaseSeed(ctx, options.seed);
  RunReport report;
  for (int iteration = 1; iteration <= options.repeat; ++iteration) {
    const std::uint64_t seed = IterationSeed(base, iteration);
    for (std::size_t index : selected) {
      const ScenarioEntry<Actors>& entry = scenarios[index];
      const auto start = Clock::now();
      std::optional<ScenarioFailure> failure = RunOnce(ctx, entry, validate, init, options, iteration, seed);
      RunRecord record{.iteration = iteration,
                       .duration = Clock::now() - start,
                       .seed = seed,
                       .error = failure ? failure->what() : std::string(),
                       .scenario = entry.name};
      ++report.total_runs;
      if (failure) ++report.failed_runs;
      if (on_run) on_run(record);
      report.runs.push_back(std::move(record));
      if (failure && !options.continue_on_error) return report;
      if (ctx.Cancelled()) return report;
    }
  }
  return report;
}

template <class Actors>
std::vector<std::size_t> AllIndices(std::span<const ScenarioEntry<Actors>> scenarios) {
  std::vector<std::size_t> all(scenarios.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  return all;
}

}  // namespace detail

// Runs every scenario once, in order, each with fresh actors from init(ctx); throws
// ScenarioFailure on the first failure. Seed: ATTEST_DST_SEED, else ctx.Seed().
template <class Actors, class Init>
void RunAll(Context& ctx, std::span<const ScenarioEntry<Actors>> scenarios, void (*validate)(const Actors&),
            Init& init) {
  detail::CheckInit<Actors, Init>();
  const std::uint64_t seed = detail::BaseSeed(ctx, std::nullopt);
  for (const ScenarioEntry<Actors>& entry : scenarios) {
    if (auto failure = detail::RunOnce(ctx, entry, validate, init, RunOptions{}, 1, seed)) {
      throw *failure;
    }
  }
}

// Runs every scenario options.repeat times and reports each run; stops at the first
// failure unless options.continue_on_error. Throws only for unusable options.
template <class Actors, class Init>
RunReport RunAllWithReport(Context& ctx, std::span<const ScenarioEntry<Actors>> scenarios,
                           void (*validate)(const Actors&), Init& init, const RunOptions& options = {}) {
  return detail::RunSelected<Actors>(ctx, scenarios, detail::AllIndices<Actors>(scenarios), validate, init,
                                     options);
}

}  // namespace attest::dst
