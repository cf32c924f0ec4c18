// Cooperative cancellation for waits inside a run: Eventually/Consistently polls and
// Concurrently workers stop early when their scope (or any enclosing one) is cancelled.
//
// A scope is installed per thread (ScopeGuard); Concurrently gives its workers a child
// scope so that the first failure cancels its siblings but not the rest of the suite.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
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
  explicit CancelScope(const CancelScope* parent = nullptr) : parent_(parent) {}
  CancelScope(const CancelScope&) = delete;
  CancelScope& operator=(const CancelScope&) = delete;

  void Cancel() {
    {
      std::lock_guard lock(mutex_);
      cancelled_.store(true);
    }
    wake_.notify_all();
  }

  bool IsCancelled() const {
    if (ProcessInterrupted().load(std::memory_order_relaxed)) return true;
    for (const CancelScope* s = this; s != nullptr; s = s->parent_) {
      if (s->cancelled_.load()) return true;
    }
    return false;
  }

  // Sleeps for `d` unless cancelled first; returns false when cancelled. A parent's
  // cancellation or an interrupt is noticed within a few milliseconds (polled).
  bool SleepFor(std::chrono::nanoseconds d) const {
    const auto deadline = std::chrono::steady_clock::now() + d;
    std::unique_lock lock(mutex_);
    while (!IsCancelled()) {
      const auto now = std::chrono::steady_clock::now();
      if (now >= deadline) return true;
      auto slice = deadline - now;
      if (slice > kPollSlice) slice = kPollSlice;
      wake_.wait_for(lock, slice);
    }
    return false;
  }

  // The scope of the calling thread (nullptr outside any run).
  static constexpr std::chrono::milliseconds kPollSlice{5};

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
  const CancelScope* parent_;
  std::atomic<bool> cancelled_{false};
  mutable std::mutex mutex_;
  mutable std::condition_variable wake_;
};

}  // namespace attest::detail
