// The golden headers, compiled: their shape is what the spec says, and they run.
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <vector>

// As the headers name themselves (#line), relative to this folder.
#include "../expected/dst/minimal.hpp"
#include "../expected/dst/minimal_custom_ns.hpp"
#include "../expected/dst/taskstore.hpp"
#include "support/catch.hpp"

namespace {

namespace tc = golden::taskcore;

// Interfaces are abstract, deletable through the base, with the spec's signatures.
static_assert(std::is_abstract_v<tc::TaskStore> && std::is_abstract_v<tc::Worker>);
static_assert(std::has_virtual_destructor_v<tc::TaskStore>);
static_assert(std::is_same_v<decltype(&tc::TaskStore::Enqueue),
                             std::int64_t (tc::TaskStore::*)(attest::dst::Context&, std::string, std::int32_t,
                                                             std::int32_t, std::vector<std::string>)>);
static_assert(std::is_same_v<decltype(&tc::TaskStore::Pending), std::size_t (tc::TaskStore::*)() const>);
static_assert(std::is_same_v<decltype(&tc::TaskStore::Stats),
                             std::map<std::string, std::pair<int, int>> (tc::TaskStore::*)(const std::string&)
                                 const noexcept>);
static_assert(
    std::is_same_v<decltype(&tc::Worker::CompleteLast), void (tc::Worker::*)(attest::dst::Context&)>);
static_assert(std::is_same_v<decltype(tc::Actors::taskStore), std::shared_ptr<tc::TaskStore>>);
static_assert(std::is_same_v<decltype(tc::Actors::worker2), std::shared_ptr<tc::Worker>>);
static_assert(tc::kScenarios.size() == 2);
static_assert(
    std::is_same_v<decltype(custom::counting::Actors::counter), std::shared_ptr<custom::counting::Counter>>);

class Store : public tc::TaskStore {
 public:
  explicit Store(std::int64_t first_id) : next_id_(first_id) {}
  std::int64_t Enqueue(attest::dst::Context&, std::string task, std::int32_t, std::int32_t,
                       std::vector<std::string>) override {
    std::lock_guard lock(mutex_);
    tasks_.push_back(std::move(task));
    return next_id_++;
  }
  std::size_t Pending() const override {
    std::lock_guard lock(mutex_);
    return tasks_.size();
  }
  std::map<std::string, std::pair<int, int>> Stats(const std::string&) const noexcept override { return {}; }
  std::string Take() {
    std::lock_guard lock(mutex_);
    if (tasks_.empty()) return {};
    std::string task = tasks_.back();
    tasks_.pop_back();
    return task;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> tasks_;
  std::int64_t next_id_;
};

class Worker : public tc::Worker {
 public:
  explicit Worker(std::shared_ptr<Store> store) : store_(std::move(store)) {}
  void Claim(attest::dst::Context&) override { last_ = store_->Take(); }
  void CompleteLast(attest::dst::Context&) override {}
  std::string LastClaimed() const override { return last_; }

 private:
  std::shared_ptr<Store> store_;
  std::string last_;
};

auto InitWithFirstId(std::int64_t first_id) {
  return [first_id](attest::dst::Context&) {
    auto store = std::make_shared<Store>(first_id);
    return tc::Actors{store, std::make_shared<Worker>(store), std::make_shared<Worker>(store)};
  };
}

class Counter : public minimal::Counter {
 public:
  int Add(int by) override { return total_ += by; }
  int total_ = 0;
};

}  // namespace

TEST_CASE("the scenario table lists names and descriptions in spec order", "[dst][golden]") {
  CHECK(std::string(tc::kScenarios[0].name) == "strict_priority_and_weighted_groups");
  CHECK(std::string(tc::kScenarios[0].description) ==
        "strict tasks claim by \"priority\"; weights order the rest");
  CHECK(std::string(tc::kScenarios[1].name) == "drain-with-two-workers");
  CHECK(tc::kScenarios[1].description.empty());
  CHECK(std::string(minimal::kScenarios[0].name) == "count");
}

TEST_CASE("a generated runner runs its steps with the spec's default arguments", "[dst][golden]") {
  auto counter = std::make_shared<Counter>();
  attest::dst::Context ctx(7);
  minimal::RunAll(ctx, [&](attest::dst::Context&) { return minimal::Actors{counter}; });
  CHECK(counter->total_ == 3);  // Add() with the default 1, then Add(2)
}

TEST_CASE("ValidateActors names every null actor with its interface", "[dst][golden]") {
  tc::Actors actors;
  actors.worker1 = std::make_shared<Worker>(std::make_shared<Store>(1));
  try {
    tc::ValidateActors(actors);
    FAIL("null actors were accepted");
  } catch (const attest::UsageError& error) {
    CHECK(std::string(error.what()) ==
          "Actors returned by init has 2 null members: taskStore (TaskStore), worker2 (Worker); "
          "init must set every actor");
  }
  attest::dst::Context ctx(1);
  try {
    tc::RunAll(ctx, [&](attest::dst::Context&) { return actors; });
    FAIL("RunAll ran with null actors");
  } catch (const attest::dst::ScenarioFailure& failure) {
    CHECK(failure.Step() == "init");
    CHECK(failure.Scenario() == "strict_priority_and_weighted_groups");
    CHECK_THAT(failure.Cause(), Catch::Matchers::Contains("taskStore (TaskStore), worker2 (Worker)"));
  }
}

TEST_CASE("a failed require:: in a generated script names the spec line", "[dst][golden]") {
  attest::dst::Context ctx(99);
  try {
    // Ids start at -5, so the script's Enqueue returns -3 and `require::True(id > 0)` on
    // line 38 of the spec fails.
    tc::RunAll(ctx, InitWithFirstId(-5));
    FAIL("the scenario passed");
  } catch (const attest::dst::ScenarioFailure& failure) {
    CHECK(failure.Scenario() == "strict_priority_and_weighted_groups");
    CHECK(failure.Step() == "s3");
    CHECK(failure.Actor().empty());
    CHECK(failure.Location() == "specs/taskstore.yaml:37");
    CHECK(failure.Cause() == "specs/taskstore.yaml:38: require::True failed\n  expected true, got false");
    CHECK(failure.Seed() == 99);
  }
}

TEST_CASE("get<T> of a variable no step set fails the call, naming the spec line", "[dst][golden]") {
  attest::dst::Context ctx(5);
  attest::dst::RunOptions options;
  options.continue_on_error = true;
  const auto report = tc::RunAllWithReport(ctx, InitWithFirstId(1), options);
  REQUIRE(report.total_runs == 2);
  CHECK(report.failed_runs == 1);
  CHECK(report.runs[0].Passed());
  const auto& failed = report.runs[1];
  CHECK(failed.scenario == "drain-with-two-workers");
  CHECK_THAT(failed.error, Catch::Matchers::StartsWith(
                               "scenario \"drain-with-two-workers\" failed at step \"enqueue\", actor "
                               "\"taskStore\", call \"Enqueue(ctx, get<std::string>(\"name\"), 2, 1, {\"x\", "
                               "\"y\"})\" (specs/taskstore.yaml:45); iteration 1, seed 5\n"));
  CHECK_THAT(failed.error,
             Catch::Matchers::Contains("get<std::string>(\"name\"): no variable \"name\" was set "
                                       "in this scenario run (set so far: none)"));
  CHECK_THAT(failed.error, Catch::Matchers::EndsWith("reproduce: ATTEST_DST_SEED=5"));
}
