// Cooperative cancellation, the one mechanism for every wait in attest: Eventually and
// Consistently polls, Concurrently workers, node start and health waits, and the
// scenario runtime's contexts all stop early when their scope, or any scope above it,
// is cancelled, or when the process is interrupted.
//
//   CancelScope run;                      // a root
//   CancelScope group(&run);              // cancelled when `run` is, or on its own
//   if (!group.SleepFor(50ms)) return;    // false: cancelled before the time was up
//
// A scope can also own its parent (std::shared_ptr), for contexts that are copied and
// handed to other threads (attest::dst::Context). A scope is installed per thread with
// Guard, so code deep in a call (a Check inside Concurrently) finds its scope.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>

namespace attest::detail {

// Set from a SIGINT/SIGTERM handler (attest::Main installs one): every scope counts as
// cancelled, so waits end, suites stop, and clusters are shut down before exit.
inline std::atomic<bool>& ProcessInterrupted() {
  static std::atomic<bool> interrupted{false};
  return interrupted;
}

class CancelScope {
 public:
  using Clock = std::chrono::steady_clock;

  // A scope under `parent` (null for a root); the parent must outlive it.
  explicit CancelScope(const CancelScope* parent = nullptr) : parent_(parent) {}
  // A scope that keeps its parent alive.
  explicit CancelScope(std::shared_ptr<CancelScope> parent)
      : owned_parent_(std::move(parent)), parent_(owned_parent_.get()) {}
  CancelScope(const CancelScope&) = delete;
  CancelScope& operator=(const CancelScope&) = delete;

  // Cancels this scope and, through IsCancelled, every scope under it; wakes this
  // scope's sleepers at once (those of scopes under it within kPollSlice).
  void Cancel() {
    {
      std::lock_guard lock(mutex_);
      cancelled_.store(true, std::memory_order_release);
    }
    wake_.notify_all();
  }

  bool IsCancelled() const {
    if (ProcessInterrupted().load(std::memory_order_relaxed)) return true;
    for (const CancelScope* scope = this; scope != nullptr; scope = scope->parent_) {
      if (scope->cancelled_.load(std::memory_order_acquire)) return true;
    }
    return false;
  }

  // Sleeps until `until` unless cancelled first; returns false when cancelled. A parent's
  // cancellation or an interrupt is noticed within kPollSlice (a signal handler cannot
  // notify a condition variable, so those are polled).
  bool SleepUntil(Clock::time_point until) const {
    std::unique_lock lock(mutex_);
    while (!IsCancelled()) {
      const auto now = Clock::now();
      if (now >= until) return true;
      wake_.wait_until(lock, std::min(until, now + kPollSlice));
    }
    return false;
  }
  bool SleepFor(std::chrono::nanoseconds duration) const {
    return SleepUntil(Clock::now() + std::chrono::duration_cast<Clock::duration>(duration));
  }

  // 1, 2, 3... for the children made from one scope, so each can get its own random
  // stream, the same for the same seed (attest::dst::Context::Child).
  std::uint64_t NextChildNumber() noexcept {
    return children_made_.fetch_add(1, std::memory_order_relaxed) + 1;
  }

  static constexpr std::chrono::milliseconds kPollSlice{5};

  // The scope of the calling thread (nullptr outside any run).
  static const CancelScope*& Current() {
    thread_local const CancelScope* current = nullptr;
    return current;
  }

  // Installs a scope as the calling thread's current one for a block.
  class Guard {
   public:
    explicit Guard(const CancelScope* scope) : previous_(Current()) { Current() = scope; }
    ~Guard() { Current() = previous_; }
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;

   private:
    const CancelScope* previous_;
  };

 private:
  std::shared_ptr<CancelScope> owned_parent_;
  const CancelScope* parent_;
  std::atomic<bool> cancelled_{false};
  std::atomic<std::uint64_t> children_made_{0};
  mutable std::mutex mutex_;
  mutable std::condition_variable wake_;
};

}  // namespace attest::detail
