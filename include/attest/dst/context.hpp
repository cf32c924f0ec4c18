// attest::dst::Context: what every actor call and script receives as `ctx`.
//
// It carries cancellation (shared with every child context), an optional deadline,
// the run's seed, a seeded random generator and a logger. Actors should pass it on to
// blocking work and return soon after ctx.Cancelled() turns true: a parallel step
// cancels it when another actor fails or the step times out.
//
//   void Worker::Claim(attest::dst::Context& ctx) {
//     while (!store_->TryClaim()) {
//       if (!ctx.SleepFor(std::chrono::milliseconds(5))) ctx.ThrowIfCancelled();
//     }
//   }
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "attest/detail/cancellation.hpp"
#include "attest/dst/detail/seed.hpp"
#include "attest/error.hpp"

namespace attest::dst {

using Clock = std::chrono::steady_clock;

// Receives one log line (no trailing newline). Called from actor threads concurrently:
// a logger must be thread-safe.
using Logger = std::function<void(std::string_view line)>;

namespace detail {
// Lines from concurrent actors must not interleave mid-line.
inline std::mutex& StderrMutex() {
  static std::mutex mutex;
  return mutex;
}
inline void LogToStderr(std::string_view line) {
  std::lock_guard lock(StderrMutex());
  std::cerr << "[attest-dst] " << line << '\n' << std::flush;
}
}  // namespace detail

class Context {
 public:
  // A root context: not cancelled, no deadline, a random seed, logging to stderr.
  Context() : Context(detail::RandomSeed()) {}
  explicit Context(std::uint64_t seed)
      : scope_(std::make_shared<attest::detail::CancelScope>()), seed_(seed), random_(seed) {}

  // A new cancellation scope under this one: cancelled when this one is (or by its own
  // Cancel(), which leaves this one running). Same seed, deadline and logger.
  [[nodiscard]] Context Child() const {
    Context child = *this;
    child.scope_ = std::make_shared<attest::detail::CancelScope>(scope_);
    child.random_ = RandomGenerator(detail::MixSeed(seed_, scope_->NextChildNumber()));
    return child;
  }
  // A child that also counts as cancelled from `deadline` on (or this one's, if earlier).
  [[nodiscard]] Context WithDeadline(Clock::time_point deadline) const {
    Context child = Child();
    if (!child.deadline_ || deadline < *child.deadline_) child.deadline_ = deadline;
    return child;
  }
  [[nodiscard]] Context WithTimeout(std::chrono::nanoseconds timeout) const {
    return WithDeadline(Clock::now() + timeout);
  }
  // A child running under another seed (one iteration of a repeated run).
  [[nodiscard]] Context WithSeed(std::uint64_t seed) const {
    Context child = Child();
    child.seed_ = seed;
    child.random_ = RandomGenerator(seed);
    return child;
  }
  // The same cancellation scope with its own random stream, derived from the seed and
  // `key` only: each actor of a step draws the same numbers for the same seed, however
  // the threads interleave.
  [[nodiscard]] Context Fork(std::string_view key) const {
    Context fork = *this;
    fork.random_ = RandomGenerator(detail::MixSeed(seed_, detail::Fnv1a(key)));
    return fork;
  }

  // Cancels this context and every context derived from it.
  void Cancel() { scope_->Cancel(); }
  // True once cancelled or past the deadline.
  bool Cancelled() const { return scope_->IsCancelled() || (deadline_ && Clock::now() >= *deadline_); }
  // Throws attest::Cancelled when Cancelled() is true.
  void ThrowIfCancelled() const {
    if (Cancelled()) throw attest::Cancelled();
  }
  // Sleeps for `duration`, waking early when the context is cancelled or its deadline
  // passes. Returns true when the whole duration passed, false when cut short.
  bool SleepFor(std::chrono::nanoseconds duration) const {
    if (Cancelled()) return false;
    if (duration <= std::chrono::nanoseconds::zero()) return true;
    const auto wanted = Clock::now() + std::chrono::duration_cast<Clock::duration>(duration);
    const auto until = deadline_ && *deadline_ < wanted ? *deadline_ : wanted;
    if (!scope_->SleepUntil(until)) return false;
    return until == wanted;
  }
  std::optional<Clock::time_point> Deadline() const { return deadline_; }

  // The seed of the run; printed with every failure (ATTEST_DST_SEED=<seed>).
  std::uint64_t Seed() const noexcept { return seed_; }
  // This context's random generator, seeded from Seed(). Not shared between threads:
  // every actor of a parallel step gets its own context.
  RandomGenerator& Random() noexcept { return random_; }

  // Replaces the logger for this context and the contexts derived from it afterwards.
  void SetLogger(Logger logger) {
    logger_ = logger ? std::make_shared<const Logger>(std::move(logger)) : nullptr;
  }
  void Log(std::string_view line) const {
    if (logger_) {
      (*logger_)(line);
    } else {
      detail::LogToStderr(line);
    }
  }

 private:
  std::shared_ptr<attest::detail::CancelScope> scope_;  // owns its parents
  std::optional<Clock::time_point> deadline_;
  std::uint64_t seed_ = 0;
  RandomGenerator random_;
  std::shared_ptr<const Logger> logger_;
};

}  // namespace attest::dst
