// The step executor driven by hand (ScenarioRun), with real threads: ordering,
// overlap, cancellation, timeouts, jitter and scripts.
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <attest/dst.hpp>

#include "support/catch.hpp"
#include "support/sync.hpp"

using attest::dst::ActorCalls;
using attest::dst::Context;
using attest::dst::ParallelCall;
using attest::dst::RunOptions;
using attest::dst::ScenarioFailure;
using attest::dst::ScenarioRun;
using attest::dst::SpecLocation;
using namespace std::chrono_literals;

namespace {

using Clock = std::chrono::steady_clock;
using attest_test::Rendezvous;
using attest_test::Signal;

// Thread-safe event log.
class Events {
 public:
  void Add(std::string event) {
    std::lock_guard lock(mutex_);
    events_.push_back(std::move(event));
  }
  std::vector<std::string> Get() const {
    std::lock_guard lock(mutex_);
    return events_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> events_;
};

ParallelCall Call(std::string text, int line, std::function<void(Context&)> fn) {
  return ParallelCall{std::move(text), {"spec.yaml", line}, std::move(fn)};
}

template <class F>
ScenarioFailure ExpectFailure(F&& fn) {
  try {
    fn();
  } catch (const ScenarioFailure& failure) {
    return failure;
  }
  FAIL("the step passed");
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("each actor runs its calls in order, on its own thread", "[dst][executor]") {
  Context ctx(11);
  RunOptions options;
  options.jitter = 2ms;
  ScenarioRun run(ctx, "ordering", options);
  std::mutex mutex;
  std::map<std::string, std::vector<int>> order;
  std::map<std::string, std::vector<std::thread::id>> threads;
  std::vector<ActorCalls> lanes;
  // Names that outlive the step, as the generated code's literals do.
  static const std::vector<std::string> kActors = {"a", "b", "c"};
  for (const std::string& actor : kActors) {
    ActorCalls lane{actor, {}};
    for (int i = 0; i < 20; ++i) {
      lane.calls.push_back(Call("Step()", i + 1, [&, actor, i](Context& call_ctx) {
        call_ctx.SleepFor(std::chrono::microseconds(call_ctx.Random().Below(200)));
        std::lock_guard lock(mutex);
        order[actor].push_back(i);
        threads[actor].push_back(std::this_thread::get_id());
      }));
    }
    lanes.push_back(std::move(lane));
  }
  run.Parallel("s1", {"spec.yaml", 1}, std::move(lanes));
  std::vector<int> expected(20);
  for (int i = 0; i < 20; ++i) expected[i] = i;
  for (const std::string& actor : kActors) {
    CHECK(order[actor] == expected);
    const auto& ids = threads[actor];
    CHECK(std::all_of(ids.begin(), ids.end(), [&](auto id) { return id == ids.front(); }));
    CHECK(ids.front() != std::this_thread::get_id());
  }
  CHECK(threads["a"].front() != threads["b"].front());
  CHECK(threads["b"].front() != threads["c"].front());
}

TEST_CASE("the actors of a parallel step run at the same time", "[dst][executor]") {
  Context ctx(12);
  ScenarioRun run(ctx, "overlap");
  SECTION("four actors meet inside their calls") {
    Rendezvous meeting(4);
    auto meet = [&](Context&) {
      if (!meeting.ArriveAndWait(10s)) throw std::runtime_error("waited 10s alone");
    };
    run.Parallel("s1", {"spec.yaml", 1},
                 {{"a", {Call("Meet()", 2, meet)}},
                  {"b", {Call("Meet()", 3, meet)}},
                  {"c", {Call("Meet()", 4, meet)}},
                  {"d", {Call("Meet()", 5, meet)}}});
  }
  SECTION("the same check fails when the other party never comes") {
    Rendezvous meeting(2);
    auto failure = ExpectFailure([&] {
      run.Parallel("s1", {"spec.yaml", 1}, {{"a", {Call("Meet()", 2, [&](Context&) {
                                               if (!meeting.ArriveAndWait(100ms)) {
                                                 throw std::runtime_error("waited alone");
                                               }
                                             })}}});
    });
    CHECK(failure.Cause() == "std::runtime_error: waited alone");
  }
}

TEST_CASE("the first failure cancels the other actors and names actor and call", "[dst][executor]") {
  Context ctx(13);
  ScenarioRun run(ctx, "cancel");
  Events events;
  bool interrupted = false;
  Signal b_waiting;
  const auto start = Clock::now();
  auto failure = ExpectFailure([&] {
    run.Parallel("s1", {"spec.yaml", 1},
                 {{"a",
                   {Call("Warm()", 3,
                         [&](Context&) {
                           if (!b_waiting.Wait(10s)) throw std::runtime_error("b never waited");
                         }),
                    Call("Throw(\"boom\")", 4, [](Context&) { throw std::runtime_error("boom"); }),
                    Call("After()", 5, [&](Context&) { events.Add("a after"); })}},
                  {"b",
                   {Call("Wait(ctx)", 7,
                         [&](Context& c) {
                           b_waiting.Set();
                           interrupted = !c.SleepFor(20s);
                         }),
                    Call("After()", 8, [&](Context&) { events.Add("b after"); })}}});
  });
  CHECK(Clock::now() - start < 10s);
  CHECK(interrupted);
  CHECK(events.Get().empty());
  CHECK(failure.Scenario() == "cancel");
  CHECK(failure.Step() == "s1");
  CHECK(failure.Actor() == "a");
  CHECK(failure.Call() == "Throw(\"boom\")");
  CHECK(failure.Location() == "spec.yaml:4");
  CHECK(failure.Cause() == "std::runtime_error: boom");
  CHECK(failure.Seed() == 13);
  CHECK(std::string(failure.what()) ==
        "scenario \"cancel\" failed at step \"s1\", actor \"a\", call \"Throw(\"boom\")\" "
        "(spec.yaml:4); iteration 1, seed 13\n"
        "  cause: std::runtime_error: boom\n"
        "  reproduce: ATTEST_DST_SEED=13");
  REQUIRE(failure.CauseException());
  CHECK_THROWS_AS(std::rethrow_exception(failure.CauseException()), std::runtime_error);
}

TEST_CASE("calls, actors and locations own their text, so they may be built from temporaries",
          "[dst][executor]") {
  Context ctx(17);
  ScenarioRun run(ctx, "owned");
  std::vector<ActorCalls> lanes;
  {
    // Every string here dies before the step runs (ASan sees a use after free if a
    // struct keeps a view instead of a copy).
    std::string actor = "actor-" + std::to_string(1);
    std::string call = "Fail(" + std::string(20, 'x') + ")";
    std::string file = "specs/" + std::string("generated-at-run-time.yaml");
    lanes.push_back(ActorCalls{actor, {ParallelCall{call, SpecLocation{file, 9}, [](Context&) {
                                                      throw std::runtime_error("no");
                                                    }}}});
  }
  const SpecLocation where{std::string("step-") + "file.yaml", 3};
  auto failure = ExpectFailure([&] { run.Parallel("s1", where, std::move(lanes)); });
  CHECK(failure.Actor() == "actor-1");
  CHECK(failure.Call() == "Fail(" + std::string(20, 'x') + ")");
  CHECK(failure.Location() == "specs/generated-at-run-time.yaml:9");
}

TEST_CASE("later failures are logged, not reported as the cause", "[dst][executor]") {
  Context ctx(14);
  Events log;
  ctx.SetLogger([&](std::string_view line) { log.Add(std::string(line)); });
  ScenarioRun run(ctx, "second");
  Signal b_waiting;
  auto failure = ExpectFailure([&] {
    run.Parallel("s1", {"spec.yaml", 1},
                 {{"a",
                   {Call("First()", 2,
                         [&](Context&) {
                           if (!b_waiting.Wait(10s)) throw std::logic_error("b never started");
                           throw std::runtime_error("first");
                         })}},
                  {"b", {Call("Second()", 3, [&](Context& c) {
                     b_waiting.Set();
                     c.SleepFor(20s);  // woken by a's failure
                     throw std::logic_error("second");
                   })}}});
  });
  CHECK(failure.Cause() == "std::runtime_error: first");
  const auto lines = log.Get();
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] ==
        "step \"s1\": actor \"b\" also failed after the step was cancelled: "
        "std::logic_error: second");
}

TEST_CASE("exceptions of any type stay inside the actor thread", "[dst][executor]") {
  Context ctx(15);
  ScenarioRun run(ctx, "odd");
  auto failure = ExpectFailure([&] {
    run.Parallel("s1", {"spec.yaml", 1}, {{"a", {Call("Odd()", 2, [](Context&) { throw 42; })}}});
  });
  CHECK(failure.Cause() == "exception of type int (not a std::exception)");
}

TEST_CASE("a step that outlives its timeout fails naming the actor and call still running",
          "[dst][executor]") {
  Context ctx(16);
  RunOptions options;
  options.step_timeout = 200ms;
  ScenarioRun run(ctx, "slow", options);
  bool cancelled = false;
  const auto start = Clock::now();
  auto failure = ExpectFailure([&] {
    run.Parallel("s1", {"spec.yaml", 1},
                 {{"fast", {Call("Quick()", 3, [](Context&) {})}},
                  {"stuck", {Call("Quick()", 5, [](Context&) {}), Call("Hang(ctx)", 6, [&](Context& c) {
                               cancelled = !c.SleepFor(30s);
                             })}}});
  });
  const auto took = Clock::now() - start;
  CHECK(took >= 200ms);
  CHECK(took < 10s);
  CHECK(cancelled);  // the hanging call was cancelled, then joined
  CHECK(failure.Actor() == "stuck");
  CHECK(failure.Call() == "Hang(ctx)");
  CHECK(failure.Location() == "spec.yaml:6");
  CHECK(failure.Cause() ==
        "step \"s1\" timed out after 200ms; still running: stuck: Hang(ctx) (spec.yaml:6)");
}

TEST_CASE("jitter delays are seeded, bounded and differ between seeds", "[dst][executor][jitter]") {
  using attest::dst::detail::JitterDelay;
  const auto jitter = std::chrono::nanoseconds(10ms);
  CHECK(JitterDelay(1, "sc", "s1", "a", jitter) == JitterDelay(1, "sc", "s1", "a", jitter));
  CHECK(JitterDelay(1, "sc", "s1", "a", 0ms) == 0ns);
  std::vector<std::chrono::nanoseconds> seen;
  for (std::uint64_t seed = 0; seed < 50; ++seed) {
    const auto delay = JitterDelay(seed, "sc", "s1", "a", jitter);
    CHECK(delay >= 0ns);
    CHECK(delay <= jitter);
    seen.push_back(delay);
  }
  std::sort(seen.begin(), seen.end());
  CHECK(std::unique(seen.begin(), seen.end()) - seen.begin() > 45);
  // Steps and actors get their own delays under one seed.
  CHECK(JitterDelay(1, "sc", "s1", "a", jitter) != JitterDelay(1, "sc", "s2", "a", jitter));
  CHECK(JitterDelay(1, "sc", "s1", "a", jitter) != JitterDelay(1, "sc", "s1", "b", jitter));
}

TEST_CASE("with jitter, actors start after their seeded delays, in the same order for the same seed",
          "[dst][executor][jitter]") {
  using attest::dst::detail::JitterDelay;
  const auto jitter = std::chrono::nanoseconds(500ms);
  const std::vector<std::string> actors = {"w1", "w2", "w3"};
  // A seed whose delays are at least 120ms apart, so thread start-up noise (TSan and
  // a loaded machine included) cannot reorder the starts.
  std::uint64_t seed = 1;
  std::vector<std::chrono::nanoseconds> delays;
  for (;; ++seed) {
    delays.clear();
    for (const auto& actor : actors) delays.push_back(JitterDelay(seed, "jit", "s1", actor, jitter));
    auto sorted = delays;
    std::sort(sorted.begin(), sorted.end());
    if (sorted[1] - sorted[0] >= 120ms && sorted[2] - sorted[1] >= 120ms) break;
  }
  std::vector<std::string> expected_order = actors;
  std::sort(expected_order.begin(), expected_order.end(), [&](const auto& a, const auto& b) {
    auto index = [&](const std::string& name) {
      return std::find(actors.begin(), actors.end(), name) - actors.begin();
    };
    return delays[index(a)] < delays[index(b)];
  });

  for (int attempt = 0; attempt < 2; ++attempt) {
    Context ctx(seed);
    RunOptions options;
    options.jitter = jitter;
    ScenarioRun run(ctx, "jit", options);
    Events starts;
    std::mutex mutex;
    std::map<std::string, std::chrono::nanoseconds> offsets;
    const auto step_start = Clock::now();
    std::vector<ActorCalls> lanes;
    for (const auto& actor : actors) {
      lanes.push_back({actor, {Call("Start()", 2, [&, actor](Context&) {
                         std::lock_guard lock(mutex);
                         offsets[actor] = Clock::now() - step_start;
                         starts.Add(actor);
                       })}});
    }
    run.Parallel("s1", {"spec.yaml", 1}, std::move(lanes));
    CHECK(starts.Get() == expected_order);
    for (std::size_t i = 0; i < actors.size(); ++i) CHECK(offsets[actors[i]] >= delays[i]);
  }
}

TEST_CASE("script steps run on the calling thread and share variables with calls", "[dst][executor]") {
  Context ctx(17);
  ScenarioRun run(ctx, "vars");
  std::thread::id script_thread;
  int read_in_call = 0;
  run.Script("set", {"spec.yaml", 2}, [&](Context&) {
    script_thread = std::this_thread::get_id();
    attest::dst::set("n", 41);
  });
  run.Parallel("use", {"spec.yaml", 4}, {{"a", {Call("Use()", 5, [&](Context&) {
                                            read_in_call = attest::dst::get<int>("n");
                                            attest::dst::set("m", read_in_call + 1);
                                          })}}});
  run.Script("check", {"spec.yaml", 7},
             [&](Context&) { attest::dst::require::Equal(42, attest::dst::get<int>("m")); });
  CHECK(script_thread == std::this_thread::get_id());
  CHECK(read_in_call == 41);
  CHECK(run.Vars().Get<int>("m") == 42);
}

TEST_CASE("a script failure names the step and the script's location", "[dst][executor]") {
  Context ctx(18);
  ScenarioRun run(ctx, "script");
  auto failure = ExpectFailure([&] {
    run.Script("s9", {"spec.yaml", 30}, [](Context&) { throw std::out_of_range("no task 7"); });
  });
  CHECK(failure.Step() == "s9");
  CHECK(failure.Actor().empty());
  CHECK(failure.Call().empty());
  CHECK(std::string(failure.what()) ==
        "scenario \"script\" failed at step \"s9\" (script) (spec.yaml:30); iteration 1, seed 18\n"
        "  cause: std::out_of_range: no task 7\n"
        "  reproduce: ATTEST_DST_SEED=18");
}

TEST_CASE("a script has the step timeout as deadline and fails when it overruns it", "[dst][executor]") {
  Context ctx(19);
  RunOptions options;
  options.step_timeout = 50ms;
  ScenarioRun run(ctx, "slow-script", options);
  bool cut_short = false;
  auto failure = ExpectFailure([&] {
    run.Script("slow", {"spec.yaml", 3}, [&](Context& c) {
      cut_short = !c.SleepFor(10s);
      std::this_thread::sleep_for(20ms);
    });
  });
  CHECK(cut_short);
  CHECK_THAT(failure.Cause(), Catch::Matchers::StartsWith("script step \"slow\" ran for "));
  CHECK_THAT(failure.Cause(), Catch::Matchers::EndsWith(", longer than the step timeout of 50ms"));
}

TEST_CASE("a cancelled run fails the next step before it starts", "[dst][executor]") {
  Context ctx(20);
  ScenarioRun run(ctx, "stopped");
  ctx.Cancel();
  bool ran = false;
  auto failure = ExpectFailure([&] {
    run.Parallel("s2", {"spec.yaml", 8}, {{"a", {Call("X()", 9, [&](Context&) { ran = true; })}}});
  });
  CHECK_FALSE(ran);
  CHECK(failure.Cause() == "the run was cancelled (or its deadline passed) before step \"s2\" started");
}

TEST_CASE("unusable RunOptions are rejected by name", "[dst][executor]") {
  Context ctx(21);
  RunOptions options;
  options.repeat = 0;
  CHECK_THROWS_WITH(ScenarioRun(ctx, "x", options), "RunOptions.repeat must be at least 1, got 0");
  options.repeat = 1;
  options.step_timeout = 0ms;
  CHECK_THROWS_WITH(ScenarioRun(ctx, "x", options), "RunOptions.step_timeout must be positive, got 0ns");
  options.step_timeout = 1s;
  options.jitter = -1ms;
  CHECK_THROWS_WITH(ScenarioRun(ctx, "x", options), "RunOptions.jitter must not be negative, got -1000000ns");
}
