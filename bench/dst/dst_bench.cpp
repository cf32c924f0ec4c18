// Measures what attest's DST runtime costs on top of the threads it must start anyway:
//
//  1. a parallel step of 8 actors, one trivial call each (microseconds per step), next
//     to spawning and joining 8 std::threads by hand doing the same call, in the same
//     run and interleaved round by round so both see the same machine state;
//  2. 1,000 repeats of a small scenario (a parallel step of 2 actors and a script)
//     through RunAllWithReport.
//
//   attest_bench_dst [steps-per-round] [rounds]
#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <attest/dst.hpp>

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kActors = 8;

std::atomic<long> g_calls{0};

void TrivialCall() { g_calls.fetch_add(1, std::memory_order_relaxed); }

double MicrosPerStep(Clock::duration elapsed, int steps) {
  return std::chrono::duration<double, std::micro>(elapsed).count() / steps;
}

double ByHand(int steps) {
  const auto start = Clock::now();
  for (int s = 0; s < steps; ++s) {
    std::vector<std::thread> threads;
    threads.reserve(kActors);
    for (int a = 0; a < kActors; ++a) threads.emplace_back(TrivialCall);
    for (auto& thread : threads) thread.join();
  }
  return MicrosPerStep(Clock::now() - start, steps);
}

const std::array<std::string, kActors> kNames = {"a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8"};

double WithExecutor(int steps) {
  attest::dst::Context ctx(1);
  attest::dst::ScenarioRun run(ctx, "bench");
  const auto start = Clock::now();
  for (int s = 0; s < steps; ++s) {
    std::vector<attest::dst::ActorCalls> lanes;
    lanes.reserve(kActors);
    for (const std::string& name : kNames) {
      lanes.push_back({name, {{"Call()", {"bench.yaml", 1}, [](attest::dst::Context&) { TrivialCall(); }}}});
    }
    run.Parallel("s", {"bench.yaml", 1}, std::move(lanes));
  }
  return MicrosPerStep(Clock::now() - start, steps);
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// The small scenario for the repeat benchmark.
struct Actors {
  std::shared_ptr<std::atomic<int>> counter;
};
void Validate(const Actors&) {}
void SmallScenario(attest::dst::Context& ctx, const Actors& actors, const attest::dst::RunOptions& options) {
  attest::dst::ScenarioRun run(ctx, "small", options);
  auto add = [&](attest::dst::Context&) { actors.counter->fetch_add(1); };
  run.Parallel("s1", {"bench.yaml", 1},
               {{"left", {{"Add()", {"bench.yaml", 2}, add}, {"Add()", {"bench.yaml", 3}, add}}},
                {"right", {{"Add()", {"bench.yaml", 4}, add}}}});
  run.Script("s2", {"bench.yaml", 5}, [&](attest::dst::Context&) {
    attest::dst::set("total", actors.counter->load());
    attest::dst::require::Equal(3, attest::dst::get<int>("total"));
  });
}
constexpr std::array<attest::dst::ScenarioEntry<Actors>, 1> kScenarios{{{"small", "", &SmallScenario}}};

}  // namespace

int main(int argc, char** argv) {
  const int steps = argc > 1 ? std::max(1, std::atoi(argv[1])) : 500;
  const int rounds = argc > 2 ? std::max(1, std::atoi(argv[2])) : 7;

  // Warm up the allocator and the thread machinery once.
  ByHand(50);
  WithExecutor(50);
  std::vector<double> hand, executor;
  for (int r = 0; r < rounds; ++r) {
    hand.push_back(ByHand(steps));
    executor.push_back(WithExecutor(steps));
  }
  const double hand_us = Median(hand);
  const double executor_us = Median(executor);
  std::printf("parallel step, %d actors, trivial calls (%d rounds of %d steps, median):\n", kActors, rounds,
              steps);
  std::printf("  threads by hand      %8.1f us/step\n", hand_us);
  std::printf("  attest::dst executor %8.1f us/step\n", executor_us);
  std::printf("  ratio                %8.2fx (goal: within 2x)\n", executor_us / hand_us);

  auto init = [](attest::dst::Context&) { return Actors{std::make_shared<std::atomic<int>>(0)}; };
  attest::dst::Context ctx(7);
  attest::dst::RunOptions options;
  options.repeat = 1000;
  options.seed = 7;
  const auto start = Clock::now();
  const auto report = attest::dst::RunAllWithReport<Actors>(ctx, kScenarios, &Validate, init, options);
  const double total_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  std::printf(
      "1,000 repeats of a small scenario (2 actors, 3 calls, 1 script): %.1f ms total, "
      "%.1f us/run, %d failed\n",
      total_ms, total_ms * 1000.0 / report.total_runs, report.failed_runs);
  return report.Passed() && g_calls.load() > 0 ? 0 : 1;
}
