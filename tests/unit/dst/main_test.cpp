// The generated Main: listing, selecting, repeating, seeds, exit codes.
#include <sstream>
#include <string>
#include <vector>

#include <attest/dst.hpp>

#include "support/catch.hpp"
#include "taskstore_actors.hpp"

namespace {

struct MainResult {
  int status;
  std::string out;
  std::string err;
};

template <class Actors, std::size_t N, class Init>
MainResult RunMain(const std::array<attest::dst::ScenarioEntry<Actors>, N>& table,
                   void (*validate)(const Actors&), Init init, std::vector<std::string> args) {
  args.insert(args.begin(), "e2e");
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::ostringstream out, err;
  const int status = attest::dst::detail::RunMainWith<Actors>(static_cast<int>(args.size()), argv.data(),
                                                              table, validate, init, out, err);
  return {status, out.str(), err.str()};
}

MainResult TaskStoreMain(std::vector<std::string> args) {
  return RunMain(dsttest::taskstore::kScenarios, &dsttest::taskstore::ValidateActors,
                 dsttest::MakeTaskStoreActors, std::move(args));
}

MainResult FailingMain(std::vector<std::string> args) {
  auto init = [](attest::dst::Context&) {
    auto waiting = std::make_shared<dsttest::Signal>();
    return dsttest::failing::Actors{std::make_shared<dsttest::Probe>(waiting),
                                    std::make_shared<dsttest::Probe>(waiting)};
  };
  return RunMain(dsttest::failing::kScenarios, &dsttest::failing::ValidateActors, init, std::move(args));
}

}  // namespace

TEST_CASE("Main --list prints names and descriptions", "[dst][main]") {
  const auto result = TaskStoreMain({"--list"});
  CHECK(result.status == 0);
  CHECK(result.out ==
        "strict_priority\tthe highest priority task is claimed first\n"
        "two-workers-drain\ttwo workers drain the store concurrently, never claiming a task twice\n"
        "variables_across_steps\ta script stores values that later calls and scripts read\n");
}

TEST_CASE("Main runs the selected scenarios with the given repeat and seed", "[dst][main]") {
  const auto result = TaskStoreMain({"--scenario", "two-workers-drain", "--scenario=strict_priority",
                                     "--repeat", "2", "--seed", "99", "--jitter-ms", "1"});
  INFO(result.out << result.err);
  CHECK(result.status == 0);
  CHECK_THAT(result.out, Catch::Matchers::StartsWith("PASS two-workers-drain (iteration 1, seed 99, "));
  CHECK_THAT(result.out, Catch::Matchers::Contains("\nPASS strict_priority (iteration 1, seed 99, "));
  CHECK_THAT(result.out,
             Catch::Matchers::Contains("\nPASS strict_priority (iteration 2, seed " +
                                       std::to_string(attest::dst::detail::IterationSeed(99, 2)) + ", "));
  CHECK_THAT(result.out, Catch::Matchers::EndsWith("\n4 runs, 0 failed\n"));
  CHECK_THAT(result.out, !Catch::Matchers::Contains("variables_across_steps"));
}

TEST_CASE("Main exits 1 on a failure and prints the reproduction seed", "[dst][main]") {
  const auto result = FailingMain({"--scenario", "call_throws", "--seed", "5"});
  CHECK(result.status == 1);
  CHECK_THAT(result.out, Catch::Matchers::StartsWith("FAIL call_throws (iteration 1, seed 5, "));
  CHECK_THAT(result.out, Catch::Matchers::Contains("actor \"p1\", call \"Throw(\"boom\")\""));
  CHECK_THAT(result.out, Catch::Matchers::Contains("reproduce: ATTEST_DST_SEED=5\n"));
  CHECK_THAT(result.out, Catch::Matchers::EndsWith("1 run, 1 failed\n"));
}

TEST_CASE("Main exits 2 with a clear message on a wrong command line", "[dst][main]") {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"--scenario", "nope"},
       "error: --scenario \"nope\": no such scenario (known: strict_priority, two-workers-drain, "
       "variables_across_steps)\nRun e2e --help for usage.\n"},
      {{"--repeat", "0"},
       "error: --repeat expects a whole number of at least 1, got \"0\"\nRun e2e --help for "
       "usage.\n"},
      {{"--seed", "-3"},
       "error: --seed expects an unsigned 64-bit integer, got \"-3\"\nRun e2e --help for usage.\n"},
      {{"--jitter-ms"}, "error: --jitter-ms needs a value: --jitter-ms N\nRun e2e --help for usage.\n"},
      {{"--list=yes"}, "error: --list takes no value, got \"--list=yes\"\nRun e2e --help for usage.\n"},
      {{"--bogus"}, "error: unknown option --bogus\nRun e2e --help for usage.\n"},
      {{"--scenaro", "x"},
       "error: unknown option --scenaro; did you mean --scenario?\nRun e2e --help for usage.\n"},
      {{"strict_priority"},
       "error: unexpected argument \"strict_priority\" (scenarios are chosen with --scenario "
       "NAME)\nRun e2e --help for usage.\n"},
  };
  for (const auto& c : cases) {
    const auto result = TaskStoreMain(c.args);
    INFO(c.args.front());
    CHECK(result.status == 2);
    CHECK(result.err == c.message);
    CHECK(result.out.empty());
  }
}

TEST_CASE("Main --help describes every option", "[dst][main]") {
  const auto result = TaskStoreMain({"--help"});
  CHECK(result.status == 0);
  CHECK_THAT(result.out, Catch::Matchers::StartsWith("Usage: e2e [options]\n"));
  for (const char* option : {"--list", "--scenario NAME", "--repeat N", "--seed S", "--jitter-ms N",
                             "--step-timeout-ms N", "--continue-on-error", "-h, --help", "ATTEST_DST_SEED"}) {
    CHECK_THAT(result.out, Catch::Matchers::Contains(option));
  }
  // The options part is the shared table format: flag, padding, help in one column.
  CHECK_THAT(result.out,
             Catch::Matchers::Contains(
                 "  --jitter-ms N        delay each actor's start in a parallel step by a seeded\n"
                 "                       random 0..N ms, to vary interleavings (default 0)\n"));
}
