// Whole scenarios from generated headers: real concurrent actors, failures as the
// spec names them, repeats, seeds and their reproduction.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <attest/dst.hpp>

#include "support/catch.hpp"
#include "taskstore_actors.hpp"

using attest::dst::Context;
using attest::dst::RunOptions;
using attest::dst::ScenarioFailure;
using namespace std::chrono_literals;

namespace {

// Sets (or clears) ATTEST_DST_SEED for one test and restores it afterwards.
class SeedEnvironment {
 public:
  explicit SeedEnvironment(const char* value) {
    if (const char* old = std::getenv("ATTEST_DST_SEED")) old_ = old;
    if (value) {
      ::setenv("ATTEST_DST_SEED", value, 1);
    } else {
      ::unsetenv("ATTEST_DST_SEED");
    }
  }
  ~SeedEnvironment() {
    if (old_.empty()) {
      ::unsetenv("ATTEST_DST_SEED");
    } else {
      ::setenv("ATTEST_DST_SEED", old_.c_str(), 1);
    }
  }

 private:
  std::string old_;
};

struct ProbeSet {
  std::shared_ptr<dsttest::Signal> waiting = std::make_shared<dsttest::Signal>();
  std::shared_ptr<dsttest::Probe> p1 = std::make_shared<dsttest::Probe>(waiting);
  std::shared_ptr<dsttest::Probe> p2 = std::make_shared<dsttest::Probe>(waiting);
  dsttest::failing::Actors Actors() const { return {p1, p2}; }
};

ScenarioFailure RunFailing(const std::string& name, ProbeSet& probes) {
  const auto& table = dsttest::failing::kScenarios;
  auto entry = std::find_if(table.begin(), table.end(), [&](const auto& e) { return e.name == name; });
  REQUIRE(entry != table.end());
  Context ctx(777);
  try {
    entry->run(ctx, probes.Actors(), {});
  } catch (const ScenarioFailure& failure) {
    return failure;
  }
  FAIL("scenario " << name << " passed");
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("the task store scenarios pass with real concurrent workers", "[dst][scenarios]") {
  SeedEnvironment no_seed(nullptr);
  Context ctx;
  dsttest::taskstore::RunAll(ctx, dsttest::MakeTaskStoreActors);
  RunOptions options;
  options.repeat = 10;
  options.jitter = 1ms;
  const auto report = dsttest::taskstore::RunAllWithReport(ctx, dsttest::MakeTaskStoreActors, options);
  INFO((report.runs.empty() ? std::string() : report.runs.back().error));
  CHECK(report.total_runs == 30);
  CHECK(report.failed_runs == 0);
  CHECK(report.Passed());
}

TEST_CASE("the generated table lists the scenarios, and runners can be called alone", "[dst][scenarios]") {
  const auto& table = dsttest::taskstore::kScenarios;
  REQUIRE(table.size() == 3);
  CHECK(std::string(table[1].name) == "two-workers-drain");
  CHECK(std::string(table[1].description) ==
        "two workers drain the store concurrently, never claiming a task twice");
  Context ctx(3);
  dsttest::taskstore::RunScenarioTwoWorkersDrain(ctx, dsttest::MakeTaskStoreActors(ctx));
}

TEST_CASE("a scenario table built at run time owns its names", "[dst][scenarios]") {
  // Rows made from strings that are gone before the run: ScenarioEntry keeps copies.
  std::vector<attest::dst::ScenarioEntry<dsttest::taskstore::Actors>> table;
  for (const auto& generated : dsttest::taskstore::kScenarios) {
    std::string name = "copy of " + generated.name;
    table.push_back({name, generated.description + " (again)", generated.run});
  }
  Context ctx(5);
  auto init = dsttest::MakeTaskStoreActors;
  const auto report = attest::dst::RunAllWithReport<dsttest::taskstore::Actors>(
      ctx, table, &dsttest::taskstore::ValidateActors, init);
  CHECK(report.Passed());
  REQUIRE(report.runs.size() == 3);
  CHECK(report.runs[1].scenario == "copy of two-workers-drain");
}

TEST_CASE("a failed require:: in a script names the spec line and the step", "[dst][scenarios]") {
  ProbeSet probes;
  const auto failure = RunFailing("script_require", probes);
  CHECK(failure.Step() == "compare");
  CHECK(failure.Location() == "specs/failing.yaml:22");
  CHECK(failure.Cause() ==
        "specs/failing.yaml:23: require::Equal failed: n must be 2\n  expected 2, actual 1");
  CHECK(std::string(failure.what()) ==
        "scenario \"script_require\" failed at step \"compare\" (script) "
        "(specs/failing.yaml:22); iteration 1, seed 777\n"
        "  cause: specs/failing.yaml:23: require::Equal failed: n must be 2\n"
        "      expected 2, actual 1\n"
        "  reproduce: ATTEST_DST_SEED=777");
}

TEST_CASE("a call that throws cancels the other actor and is named with its spec line", "[dst][scenarios]") {
  ProbeSet probes;
  const auto failure = RunFailing("call_throws", probes);
  CHECK(failure.Step() == "s1");
  CHECK(failure.Actor() == "p1");
  CHECK(failure.Call() == "Throw(\"boom\")");
  CHECK(failure.Location() == "specs/failing.yaml:32");
  CHECK(failure.Cause() == "std::runtime_error: boom");
  CHECK(probes.p1->Records() == std::vector<std::string>{"p1 first"});
  CHECK(probes.p2->Records() == std::vector<std::string>{"p2 first"});
  CHECK(probes.p2->Interrupted());
  CHECK(probes.p2->Waited() < 10s);
}

TEST_CASE("get<T> with the wrong type inside a call names variable and both types", "[dst][scenarios]") {
  ProbeSet probes;
  const auto failure = RunFailing("wrong_type", probes);
  CHECK(failure.Actor() == "p1");
  CHECK(failure.Call() == "Record(get<std::string>(\"count\"))");
  CHECK(failure.Cause() == "get<std::string>(\"count\"): variable \"count\" holds a long, not a std::string");
}

TEST_CASE("repeats get distinct seeds that the same options reproduce", "[dst][scenarios]") {
  SeedEnvironment no_seed(nullptr);
  Context ctx;
  RunOptions options;
  options.repeat = 4;
  options.seed = 1000;
  const auto first = dsttest::taskstore::RunAllWithReport(ctx, dsttest::MakeTaskStoreActors, options);
  const auto second = dsttest::taskstore::RunAllWithReport(ctx, dsttest::MakeTaskStoreActors, options);
  REQUIRE(first.total_runs == 12);
  std::set<std::uint64_t> seeds;
  for (std::size_t i = 0; i < first.runs.size(); ++i) {
    CHECK(first.runs[i].iteration == static_cast<int>(i / 3) + 1);
    CHECK(first.runs[i].seed == second.runs[i].seed);
    CHECK(first.runs[i].seed == attest::dst::detail::IterationSeed(1000, first.runs[i].iteration));
    CHECK(first.runs[i].duration > 0ns);
    seeds.insert(first.runs[i].seed);
  }
  CHECK(first.runs[0].seed == 1000);
  CHECK(seeds.size() == 4);  // one per iteration, shared by its scenarios
}

TEST_CASE("ATTEST_DST_SEED overrides the seed, and a malformed value is an error", "[dst][scenarios]") {
  RunOptions options;
  options.seed = 5;
  Context ctx(6);
  {
    SeedEnvironment seed("424242");
    const auto report = dsttest::taskstore::RunAllWithReport(ctx, dsttest::MakeTaskStoreActors, options);
    REQUIRE_FALSE(report.runs.empty());
    CHECK(report.runs[0].seed == 424242);
  }
  {
    SeedEnvironment seed("12ab");
    CHECK_THROWS_WITH(
        dsttest::taskstore::RunAllWithReport(ctx, dsttest::MakeTaskStoreActors, options),
        "ATTEST_DST_SEED=\"12ab\" is not a seed: expected an unsigned 64-bit integer such as 12345");
  }
  {
    SeedEnvironment no_seed(nullptr);
    const auto report = dsttest::taskstore::RunAllWithReport(ctx, dsttest::MakeTaskStoreActors, options);
    CHECK(report.runs[0].seed == 5);
    const auto from_ctx = dsttest::taskstore::RunAllWithReport(ctx, dsttest::MakeTaskStoreActors);
    CHECK(from_ctx.runs[0].seed == 6);
  }
}

TEST_CASE("continue_on_error decides whether a failure ends the run", "[dst][scenarios]") {
  SeedEnvironment no_seed(nullptr);
  Context ctx(8);
  auto init = [](Context&) { return ProbeSet().Actors(); };
  RunOptions options;
  options.repeat = 2;
  const auto stopped = dsttest::failing::RunAllWithReport(ctx, init, options);
  CHECK(stopped.total_runs == 1);
  CHECK(stopped.failed_runs == 1);
  CHECK(stopped.runs[0].scenario == "script_require");
  options.continue_on_error = true;
  const auto all = dsttest::failing::RunAllWithReport(ctx, init, options);
  CHECK(all.total_runs == 6);
  CHECK(all.failed_runs == 6);
  CHECK(all.runs[5].iteration == 2);
  CHECK(all.runs[5].scenario == "wrong_type");
  CHECK_THAT(all.runs[5].error, Catch::Matchers::Contains("; iteration 2, seed "));
  CHECK_THAT(all.runs[5].error,
             Catch::Matchers::EndsWith("ATTEST_DST_SEED=" + std::to_string(all.runs[5].seed)));
}

// A last-writer race: the scenario passes only when writerB writes after writerA, which
// depends on the jitter schedule and therefore on the seed.
namespace race {

class Register {
 public:
  void Write(std::string value) {
    std::lock_guard lock(mutex_);
    value_ = std::move(value);
  }
  std::string Value() const {
    std::lock_guard lock(mutex_);
    return value_;
  }

 private:
  mutable std::mutex mutex_;
  std::string value_;
};

struct Actors {
  std::shared_ptr<Register> reg;
};

void Validate(const Actors&) {}

void RunLastWriter(Context& ctx, const Actors& actors, const RunOptions& options) {
  attest::dst::ScenarioRun run(ctx, "last_writer", options);
  run.Parallel(
      "write", {"race.yaml", 1},
      {{"writerA", {{"Write(\"A\")", {"race.yaml", 2}, [&](Context&) { actors.reg->Write("A"); }}}},
       {"writerB", {{"Write(\"B\")", {"race.yaml", 3}, [&](Context&) { actors.reg->Write("B"); }}}}});
  run.Script("check", {"race.yaml", 4},
             [&](Context&) { attest::dst::require::Equal(std::string("B"), actors.reg->Value()); });
}

const std::array<attest::dst::ScenarioEntry<Actors>, 1> kScenarios{{
    {"last_writer", "B must write last", &RunLastWriter},
}};

}  // namespace race

TEST_CASE("a seed that failed replays the same interleaving and fails again", "[dst][scenarios]") {
  using attest::dst::detail::JitterDelay;
  const auto jitter = std::chrono::nanoseconds(300ms);
  auto gap = [&](std::uint64_t seed) {
    return JitterDelay(seed, "last_writer", "write", "writerB", jitter) -
           JitterDelay(seed, "last_writer", "write", "writerA", jitter);
  };
  auto init = [](Context&) { return race::Actors{std::make_shared<race::Register>()}; };
  RunOptions options;
  options.repeat = 12;
  options.seed = 31337;
  options.jitter = jitter;
  options.continue_on_error = true;
  Context ctx;
  attest::dst::RunReport report;
  {
    SeedEnvironment no_seed(nullptr);
    report =
        attest::dst::RunAllWithReport<race::Actors>(ctx, race::kScenarios, &race::Validate, init, options);
  }
  REQUIRE(report.total_runs == 12);
  std::optional<std::uint64_t> failing_seed, passing_seed;
  for (const auto& run : report.runs) {
    // Only where the planned starts are 120ms apart is the outcome beyond thread noise
    // (sanitizers and a loaded machine included).
    const auto planned = gap(run.seed);
    if (planned > 120ms) {
      CHECK(run.Passed());
      passing_seed = run.seed;
    } else if (planned < -120ms) {
      CHECK_FALSE(run.Passed());
      CHECK_THAT(run.error, Catch::Matchers::Contains("expected \"B\", actual \"A\""));
      failing_seed = run.seed;
    }
  }
  REQUIRE(failing_seed);
  REQUIRE(passing_seed);

  options.repeat = 1;
  options.seed = 1;  // ignored: the environment wins
  {
    SeedEnvironment replay(std::to_string(*failing_seed).c_str());
    const auto again =
        attest::dst::RunAllWithReport<race::Actors>(ctx, race::kScenarios, &race::Validate, init, options);
    REQUIRE(again.total_runs == 1);
    CHECK(again.runs[0].seed == *failing_seed);
    CHECK_FALSE(again.runs[0].Passed());
    CHECK_THAT(again.runs[0].error, Catch::Matchers::Contains("expected \"B\", actual \"A\""));
  }
  {
    SeedEnvironment replay(std::to_string(*passing_seed).c_str());
    const auto again =
        attest::dst::RunAllWithReport<race::Actors>(ctx, race::kScenarios, &race::Validate, init, options);
    CHECK(again.runs[0].Passed());
  }
}
