// The step executor: runs the steps of one scenario run, in order, and turns the first
// failure of a step into a ScenarioFailure.
//
// Parallel steps: one thread per actor, each running its calls in order; the step
// waits for all of them. The first failure cancels the step's context so the other
// actors can stop early; a step that outlives its timeout is cancelled too, and fails
// naming every actor and call still running. Every thread is joined before the step
// returns and no exception ever leaves an actor thread. Script steps run on the
// calling thread, so a test framework's own assertions work in them.
//
// Generated code drives this class; it can also be used by hand:
//
//   attest::dst::ScenarioRun run(ctx, "handmade");
//   run.Parallel("s1", {}, {{"w1", {{"Work()", {}, [&](attest::dst::Context& c) { w1.Work(c); }}}}});
//   run.Script("s2", {}, [&](attest::dst::Context&) { attest::dst::require::True(w1.Done()); });
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "attest/detail/duration_text.hpp"
#include "attest/dst/context.hpp"
#include "attest/dst/detail/describe.hpp"
#include "attest/dst/detail/seed.hpp"
#include "attest/dst/failure.hpp"
#include "attest/dst/options.hpp"
#include "attest/dst/variables.hpp"
#include "attest/error.hpp"

namespace attest::dst {

// A line of the spec: {"e2e.yaml", 21}. Owns its text, so a location built from a
// temporary string stays valid.
struct SpecLocation {
  std::string file;
  int line = 0;
  std::string ToString() const { return file.empty() ? std::string() : file + ":" + std::to_string(line); }
};

// One call of a parallel step, as written in the spec, and the code that makes it.
struct ParallelCall {
  std::string text;
  SpecLocation where;
  std::function<void(Context&)> fn;
};

// The calls one actor makes, in order, in one parallel step.
struct ActorCalls {
  std::string actor;
  std::vector<ParallelCall> calls;
};

namespace detail {

// The start delay of one actor in one step: a function of the seed and the names only,
// so the same seed replays the same schedule, and every step and actor gets its own.
inline std::chrono::nanoseconds JitterDelay(std::uint64_t seed, std::string_view scenario,
                                            std::string_view step, std::string_view actor,
                                            std::chrono::nanoseconds jitter) {
  if (jitter <= std::chrono::nanoseconds::zero()) return std::chrono::nanoseconds::zero();
  std::uint64_t key = MixSeed(seed, Fnv1a(scenario));
  key = MixSeed(key, Fnv1a(step));
  key = MixSeed(key, Fnv1a(actor));
  RandomGenerator random(key);
  const auto range = static_cast<std::uint64_t>(jitter.count()) + 1;
  return std::chrono::nanoseconds(static_cast<std::int64_t>(random.Below(range)));
}

// How often a step that ignores cancellation is reported while it is waited for.
inline constexpr std::chrono::seconds kStuckReportInterval{5};

// The text of the exception being handled, for a failure's cause: attest's own errors
// speak for themselves, others are prefixed with their type.
inline std::string CauseText() {
  try {
    throw;
  } catch (const attest::Error& error) {
    return error.what();
  } catch (const std::exception& error) {
    return CurrentExceptionTypeName() + ": " + error.what();
  } catch (...) {
    return CurrentExceptionText();
  }
}

}  // namespace detail

class ScenarioRun {
 public:
  ScenarioRun(Context& ctx, std::string_view scenario, const RunOptions& options = {})
      : ctx_(ctx), scenario_(scenario), options_(options) {
    detail::ValidateRunOptions(options_);
  }

  // The variables shared by the steps of this run.
  Variables& Vars() noexcept { return variables_; }
  const std::string& Scenario() const noexcept { return scenario_; }

  // Runs one script step on this thread. Its `ctx` has the step timeout as deadline;
  // a script that returns after the timeout fails too, since it cannot be interrupted.
  void Script(std::string_view step, const SpecLocation& where, const std::function<void(Context&)>& body) {
    FailIfCancelledBefore(step, where);
    Context script_ctx = ctx_.WithTimeout(options_.step_timeout);
    detail::ScopedVariables scoped(variables_);
    const auto start = Clock::now();
    try {
      body(script_ctx);
    } catch (...) {
      throw Failure(step, {}, {}, where, detail::CauseText(), std::current_exception());
    }
    const auto took = Clock::now() - start;
    if (took > options_.step_timeout) {
      throw Failure(step, {}, {}, where,
                    "script step \"" + std::string(step) + "\" ran for " +
                        attest::detail::DurationText(took) + ", longer than the step timeout of " +
                        attest::detail::ExactDurationText(options_.step_timeout),
                    nullptr);
    }
  }

  // Runs one parallel step: every actor on its own thread, its calls in order.
  void Parallel(std::string_view step, const SpecLocation& where, std::vector<ActorCalls> lanes) {
    FailIfCancelledBefore(step, where);
    if (lanes.empty()) return;
    ParallelStep(*this, step, std::move(lanes)).Run();
  }

 private:
  ScenarioFailure Failure(std::string_view step, std::string_view actor, std::string_view call,
                          const SpecLocation& where, std::string cause, std::exception_ptr error) const {
    return ScenarioFailure({.scenario = scenario_,
                            .step = std::string(step),
                            .actor = std::string(actor),
                            .call = std::string(call),
                            .location = where.ToString(),
                            .seed = ctx_.Seed(),
                            .iteration = 1,
                            .cause = std::move(cause)},
                           std::move(error));
  }

  void FailIfCancelledBefore(std::string_view step, const SpecLocation& where) const {
    if (ctx_.Cancelled()) {
      throw Failure(
          step, {}, {}, where,
          "the run was cancelled (or its deadline passed) before step \"" + std::string(step) + "\" started",
          nullptr);
    }
  }

  // The state of one parallel step, shared by its actor threads; lives on the stack of
  // Parallel(), which joins every thread before it returns.
  class ParallelStep {
   public:
    ParallelStep(ScenarioRun& run, std::string_view step, std::vector<ActorCalls> lanes)
        : run_(run), step_(step), lanes_(std::move(lanes)), step_ctx_(run.ctx_.Child()) {
      const std::size_t count = lanes_.size();
      progress_ = std::vector<std::atomic<std::size_t>>(count);
      actor_ctxs_.reserve(count);
      delays_.reserve(count);
      for (const ActorCalls& lane : lanes_) {
        actor_ctxs_.push_back(step_ctx_.Fork(run.scenario_ + "/" + std::string(step) + "/" + lane.actor));
        delays_.push_back(
            detail::JitterDelay(run.ctx_.Seed(), run.scenario_, step, lane.actor, run.options_.jitter));
      }
      for (auto& progress : progress_) progress.store(kWaiting, std::memory_order_relaxed);
      remaining_ = count;
    }

    void Run() {
      std::vector<std::thread> threads;
      threads.reserve(lanes_.size());
      for (std::size_t i = 0; i < lanes_.size(); ++i) {
        try {
          threads.emplace_back([this, i] { RunLane(i); });
        } catch (const std::system_error& error) {
          // No thread for this actor (nor the ones after it): fail the step, let the
          // started ones stop, and still join them.
          Record(i, kWaiting,
                 "could not start a thread for actor \"" + lanes_[i].actor + "\": " + error.what(),
                 std::current_exception());
          step_ctx_.Cancel();
          std::lock_guard lock(mutex_);
          remaining_ -= lanes_.size() - i;
          break;
        }
      }
      WaitForLanes();
      for (std::thread& thread : threads) thread.join();
      ThrowOutcome();
    }

   private:
    static constexpr std::size_t kWaiting = static_cast<std::size_t>(-2);  // jitter / not started
    static constexpr std::size_t kDone = static_cast<std::size_t>(-1);

    struct FirstFailure {
      std::size_t lane = 0;
      std::size_t call = 0;  // kWaiting when no call had started
      std::string cause;
      std::exception_ptr error;
    };

    void RunLane(std::size_t index) {
      detail::ScopedVariables scoped(run_.variables_);
      Context& ctx = actor_ctxs_[index];
      std::atomic<std::size_t>& progress = progress_[index];
      const std::vector<ParallelCall>& calls = lanes_[index].calls;
      try {
        if (ctx.SleepFor(delays_[index])) {
          for (std::size_t call = 0; call < calls.size() && !ctx.Cancelled(); ++call) {
            progress.store(call, std::memory_order_release);
            calls[call].fn(ctx);
            completed_calls_.fetch_add(1, std::memory_order_relaxed);
          }
        }
      } catch (...) {
        Record(index, progress.load(std::memory_order_acquire), detail::CauseText(),
               std::current_exception());
        step_ctx_.Cancel();
      }
      progress.store(kDone, std::memory_order_release);
      std::lock_guard lock(mutex_);
      --remaining_;
      all_done_.notify_all();
    }

    // Keeps the first failure; later ones (often consequences of the cancellation) are
    // logged unless they are just the cancellation itself.
    void Record(std::size_t lane, std::size_t call, std::string cause, std::exception_ptr error) {
      {
        std::lock_guard lock(mutex_);
        if (!first_ && !timed_out_) {
          first_ = FirstFailure{lane, call, std::move(cause), std::move(error)};
          return;
        }
      }
      if (cause != "cancelled") {
        step_ctx_.Log("step \"" + step_ + "\": actor \"" + lanes_[lane].actor +
                      "\" also failed after the step was " + "cancelled: " + cause);
      }
    }

    std::string Running(std::size_t lane, std::size_t call) const {
      std::string text = lanes_[lane].actor + ": ";
      if (call == kWaiting) return text + "not started yet (jitter delay)";
      const ParallelCall& c = lanes_[lane].calls[call];
      text += c.text;
      if (!c.where.file.empty()) text += " (" + c.where.ToString() + ")";
      return text;
    }

    void WaitForLanes() {
      std::unique_lock lock(mutex_);
      const auto deadline = Clock::now() + run_.options_.step_timeout;
      if (all_done_.wait_until(lock, deadline, [this] { return remaining_ == 0; })) return;
      timed_out_ = true;
      for (std::size_t i = 0; i < lanes_.size(); ++i) {
        const std::size_t call = progress_[i].load(std::memory_order_acquire);
        if (call != kDone) stuck_.emplace_back(i, call);
      }
      lock.unlock();
      step_ctx_.Cancel();
      lock.lock();
      // Threads cannot be killed safely: wait for the calls to honour the cancellation,
      // saying every few seconds which ones do not.
      const auto cancelled_at = Clock::now();
      while (!all_done_.wait_for(lock, detail::kStuckReportInterval, [this] { return remaining_ == 0; })) {
        std::string still;
        for (std::size_t i = 0; i < lanes_.size(); ++i) {
          const std::size_t call = progress_[i].load(std::memory_order_acquire);
          if (call != kDone) still += (still.empty() ? "" : "; ") + Running(i, call);
        }
        step_ctx_.Log("step \"" + std::string(step_) + "\" of scenario \"" + run_.scenario_ +
                      "\": still waiting " + attest::detail::DurationText(Clock::now() - cancelled_at) +
                      " after cancelling it for " + still +
                      " (calls must return once ctx.Cancelled() is true)");
      }
    }

    void ThrowOutcome() {
      // Only this thread is left; no lock needed.
      if (first_) {
        const ActorCalls& lane = lanes_[first_->lane];
        const bool started = first_->call != kWaiting && first_->call < lane.calls.size();
        const ParallelCall* call = started ? &lane.calls[first_->call] : nullptr;
        throw run_.Failure(step_, lane.actor, call ? call->text : std::string_view(),
                           call ? call->where : SpecLocation{}, std::move(first_->cause), first_->error);
      }
      if (timed_out_) {
        std::string cause = "step \"" + std::string(step_) + "\" timed out after " +
                            attest::detail::ExactDurationText(run_.options_.step_timeout) +
                            "; still running: ";
        for (std::size_t k = 0; k < stuck_.size(); ++k) {
          cause += (k == 0 ? "" : "; ") + Running(stuck_[k].first, stuck_[k].second);
        }
        const auto [lane, call] = stuck_.front();
        const ParallelCall* running = call == kWaiting ? nullptr : &lanes_[lane].calls[call];
        throw run_.Failure(step_, lanes_[lane].actor, running ? running->text : std::string_view(),
                           running ? running->where : SpecLocation{}, std::move(cause), nullptr);
      }
      std::size_t total = 0;
      for (const ActorCalls& lane : lanes_) total += lane.calls.size();
      if (completed_calls_.load() != total) {
        // Nobody failed, yet calls were skipped: the run's own context was cancelled.
        throw run_.Failure(step_, {}, {}, {},
                           "the run was cancelled (or its deadline passed) during step \"" +
                               std::string(step_) + "\"; " + std::to_string(total - completed_calls_.load()) +
                               " of " + std::to_string(total) + " calls did not run",
                           nullptr);
      }
    }

    ScenarioRun& run_;
    std::string step_;
    std::vector<ActorCalls> lanes_;
    Context step_ctx_;
    std::vector<Context> actor_ctxs_;
    std::vector<std::chrono::nanoseconds> delays_;
    std::vector<std::atomic<std::size_t>> progress_;  // the call each actor is in
    std::atomic<std::size_t> completed_calls_{0};

    std::mutex mutex_;
    std::condition_variable all_done_;
    std::size_t remaining_ = 0;                               // guarded by mutex_
    bool timed_out_ = false;                                  // guarded by mutex_
    std::optional<FirstFailure> first_;                       // guarded by mutex_
    std::vector<std::pair<std::size_t, std::size_t>> stuck_;  // (lane, call) at the timeout
  };

  Context& ctx_;
  std::string scenario_;
  RunOptions options_;
  Variables variables_;
};

}  // namespace attest::dst
