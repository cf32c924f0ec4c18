// detail::CancelScope: cooperative cancellation of waits inside a run. Waits that must
// end early are given far more time than the test could take (30s), so a scope that
// failed to wake them would show as a wait that ran long, never as a flaky pass.
#include <atomic>
#include <chrono>
#include <thread>

#include "attest/detail/cancellation.hpp"
#include "support/catch.hpp"
#include "support/sync.hpp"

using attest::detail::CancelScope;
using attest::detail::ProcessInterrupted;
using attest_test::Signal;
using namespace std::chrono_literals;

namespace {

using Clock = std::chrono::steady_clock;

// A wait that was woken, not one that ran out: well under the 30s it was given.
constexpr auto kWoken = 10s;

// Sets ProcessInterrupted for one test and clears it again, whatever the test does.
class Interrupted {
 public:
  Interrupted() { ProcessInterrupted().store(true); }
  ~Interrupted() { ProcessInterrupted().store(false); }
  Interrupted(const Interrupted&) = delete;
  Interrupted& operator=(const Interrupted&) = delete;
};

// Runs scope.SleepFor(30s) on another thread; Finish() joins it and says how it ended.
class Sleeper {
 public:
  explicit Sleeper(const CancelScope& scope)
      : thread_([this, &scope] {
          started_.Set();
          const auto start = Clock::now();
          slept_ = scope.SleepFor(30s);
          took_ = Clock::now() - start;
        }) {
    REQUIRE(started_.Wait(10s));
  }
  ~Sleeper() {
    if (thread_.joinable()) thread_.join();
  }
  Sleeper(const Sleeper&) = delete;
  Sleeper& operator=(const Sleeper&) = delete;

  struct Ending {
    bool slept_through;
    Clock::duration took;
  };
  Ending Finish() {
    thread_.join();
    return {slept_, took_};
  }

 private:
  Signal started_;
  bool slept_ = true;
  Clock::duration took_{};
  std::thread thread_;
};

}  // namespace

TEST_CASE("CancelScope: a new scope is not cancelled, and Cancel cancels it for good",
          "[core][cancellation]") {
  CancelScope scope;
  CHECK_FALSE(scope.IsCancelled());
  scope.Cancel();
  CHECK(scope.IsCancelled());
  scope.Cancel();  // again: no harm
  CHECK(scope.IsCancelled());
}

TEST_CASE("CancelScope: cancelling a parent cancels every scope below it, not above",
          "[core][cancellation]") {
  CancelScope root;
  CancelScope parent(&root);
  CancelScope child(&parent);
  CancelScope sibling(&root);
  parent.Cancel();
  CHECK(parent.IsCancelled());
  CHECK(child.IsCancelled());
  CHECK_FALSE(root.IsCancelled());
  CHECK_FALSE(sibling.IsCancelled());
}

TEST_CASE("CancelScope: cancelling a child leaves its parent and siblings running", "[core][cancellation]") {
  CancelScope parent;
  CancelScope first(&parent);
  CancelScope second(&parent);
  first.Cancel();
  CHECK(first.IsCancelled());
  CHECK_FALSE(parent.IsCancelled());
  CHECK_FALSE(second.IsCancelled());
}

TEST_CASE("CancelScope::SleepFor sleeps the whole time when nobody cancels", "[core][cancellation]") {
  const CancelScope scope;
  const auto start = Clock::now();
  CHECK(scope.SleepFor(30ms));
  CHECK(Clock::now() - start >= 30ms);
  CHECK(scope.SleepFor(0ns));
  CHECK(scope.SleepFor(-5ms));
}

TEST_CASE("CancelScope::SleepFor returns false at once in a cancelled scope", "[core][cancellation]") {
  CancelScope parent;
  const CancelScope child(&parent);
  parent.Cancel();
  const auto start = Clock::now();
  CHECK_FALSE(parent.SleepFor(30s));
  CHECK_FALSE(child.SleepFor(30s));
  CHECK_FALSE(child.SleepFor(0ns));
  CHECK(Clock::now() - start < kWoken);
}

TEST_CASE("CancelScope::SleepFor wakes when its own scope is cancelled", "[core][cancellation]") {
  CancelScope scope;
  Sleeper sleeper(scope);
  std::this_thread::sleep_for(20ms);  // most likely asleep by now; either way it must wake
  scope.Cancel();
  const auto ending = sleeper.Finish();
  CHECK_FALSE(ending.slept_through);
  CHECK(ending.took < kWoken);
}

TEST_CASE("CancelScope::SleepFor wakes when a parent is cancelled", "[core][cancellation]") {
  CancelScope grandparent;
  CancelScope parent(&grandparent);
  const CancelScope child(&parent);
  Sleeper sleeper(child);
  std::this_thread::sleep_for(20ms);
  grandparent.Cancel();
  const auto ending = sleeper.Finish();
  CHECK_FALSE(ending.slept_through);
  CHECK(ending.took < kWoken);
}

TEST_CASE("ProcessInterrupted cancels every scope and ends their sleeps", "[core][cancellation]") {
  CancelScope scope;
  const CancelScope child(&scope);
  REQUIRE_FALSE(scope.IsCancelled());
  Sleeper sleeper(child);
  std::this_thread::sleep_for(20ms);
  {
    Interrupted interrupted;
    const auto ending = sleeper.Finish();
    CHECK_FALSE(ending.slept_through);
    CHECK(ending.took < kWoken);
    CHECK(scope.IsCancelled());
    CHECK(CancelScope().IsCancelled());
  }
  // Clearing the flag uncancels what was never cancelled itself.
  CHECK_FALSE(scope.IsCancelled());
  CHECK_FALSE(child.IsCancelled());
}

TEST_CASE("CancelScope::Guard installs a scope for the calling thread and restores the last",
          "[core][cancellation]") {
  CHECK(CancelScope::Current() == nullptr);
  const CancelScope outer;
  const CancelScope inner(&outer);
  {
    CancelScope::Guard outer_guard(&outer);
    CHECK(CancelScope::Current() == &outer);
    {
      CancelScope::Guard inner_guard(&inner);
      CHECK(CancelScope::Current() == &inner);
      // Another thread has its own current scope: none.
      const CancelScope* seen_elsewhere = &outer;
      std::thread([&] { seen_elsewhere = CancelScope::Current(); }).join();
      CHECK(seen_elsewhere == nullptr);
    }
    CHECK(CancelScope::Current() == &outer);
  }
  CHECK(CancelScope::Current() == nullptr);
}
