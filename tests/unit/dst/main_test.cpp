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
  const int status = attest::dst::detail::RunMainWith<Actors>(
      static_cast<int>(args.size()), argv.data(), table, validate, init, out, err);
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
  return RunMain(dsttest::failing::kScenarios, &dsttest::failing::ValidateActors, init,
                 std::move(args));
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
  const auto result = TaskStoreMain(
      {"--scenario", "two-workers-drain", "--scenario=strict_priority", "--repeat", "2", "--seed",
       "99", "--jitter-ms", "1"});
  INFO(result.out << result.err);
  CHECK(result.status == 0);
  CHECK_THAT(result.out, Catch::Matchers::StartsWith("PASS two-workers-drain (iteration 1, seed 99, "));
  CHECK_THAT(result.out, Catch::Matchers::Contains("\nPASS strict_priority (iteration 1, seed 99, "));
  CHECK_THAT(result.out, Catch::Matchers::Contains(
                             "\nPASS strict_priority (iteration 2, seed " +
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
       "e2e: --scenario \"nope\": no such scenario (known: strict_priority, two-workers-drain, "
       "variables_across_steps)\n(run e2e --help for usage)\n"},
      {{"--repeat", "0"},
       "e2e: --repeat expects a whole number of at least 1, got \"0\"\n(run e2e --help for usage)\n"},
      {{"--seed", "-3"},
       "e2e: --seed expects an unsigned 64-bit integer, got \"-3\"\n(run e2e --help for usage)\n"},
      {{"--jitter-ms"}, "e2e: --jitter-ms needs a value\n(run e2e --help for usage)\n"},
      {{"--list=yes"}, "e2e: --list takes no value\n(run e2e --help for usage)\n"},
      {{"--bogus"}, "e2e: unknown argument \"--bogus\"\n(run e2e --help for usage)\n"},
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
  CHECK_THAT(result.out, Catch::Matchers::StartsWith("usage: e2e [options]\n"));
  for (const char* option : {"--list", "--scenario NAME", "--repeat N", "--seed S",
                             "--jitter-ms N", "--step-timeout-ms N", "--continue-on-error",
                             "ATTEST_DST_SEED"}) {
    CHECK_THAT(result.out, Catch::Matchers::Contains(option));
  }
}
