// Synchronisation for tests that must prove something about concurrency without
// sleeping and hoping: every wait here has a timeout and reports whether it succeeded.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace attest_test {

// Completes only when `parties` threads are inside ArriveAndWait at the same time.
class Rendezvous {
 public:
  explicit Rendezvous(int parties) : parties_(parties) {}
  bool ArriveAndWait(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    if (++arrived_ >= parties_) {
      all_here_.notify_all();
      return true;
    }
    return all_here_.wait_for(lock, timeout, [this] { return arrived_ >= parties_; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable all_here_;
  int parties_;
  int arrived_ = 0;
};

// A one-shot signal: Set() once, Wait() until it was set or the timeout passed.
class Signal {
 public:
  void Set() {
    std::lock_guard lock(mutex_);
    set_ = true;
    changed_.notify_all();
  }
  bool Wait(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [this] { return set_; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool set_ = false;
};

}  // namespace attest_test
