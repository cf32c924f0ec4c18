// attest::dst::Context: cancellation shared with children, interruptible sleep,
// deadlines, seeds and random streams, the replaceable logger.
#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <attest/dst.hpp>

#include "support/catch.hpp"

using attest::dst::Context;
using namespace std::chrono_literals;

namespace {
std::chrono::milliseconds Since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
}
}  // namespace

TEST_CASE("a default context is live, has no deadline, and its seed drives Random()", "[dst][context]") {
  Context ctx;
  CHECK_FALSE(ctx.Cancelled());
  CHECK_FALSE(ctx.Deadline().has_value());
  CHECK_NOTHROW(ctx.ThrowIfCancelled());

  Context a(42), b(42), c(43);
  CHECK(a.Seed() == 42);
  std::vector<std::uint64_t> from_a, from_b, from_c;
  for (int i = 0; i < 8; ++i) {
    from_a.push_back(a.Random()());
    from_b.push_back(b.Random()());
    from_c.push_back(c.Random()());
  }
  CHECK(from_a == from_b);
  CHECK(from_a != from_c);
}

TEST_CASE("cancelling a context cancels its children, not its parent", "[dst][context]") {
  Context root(1);
  Context child = root.Child();
  Context grandchild = child.WithTimeout(1h);
  Context sibling = root.Child();

  child.Cancel();
  CHECK(child.Cancelled());
  CHECK(grandchild.Cancelled());
  CHECK_FALSE(root.Cancelled());
  CHECK_FALSE(sibling.Cancelled());

  root.Cancel();
  CHECK(sibling.Cancelled());
  // A child made from a cancelled context starts cancelled.
  CHECK(root.Child().Cancelled());
  try {
    sibling.ThrowIfCancelled();
    FAIL("no exception");
  } catch (const attest::Cancelled& error) {
    CHECK(std::string(error.what()) == "cancelled");
  }
}

TEST_CASE("SleepFor returns early when another thread cancels an ancestor", "[dst][context]") {
  Context root(1);
  Context sleeper = root.Child().Child();
  std::atomic<bool> slept_fully{true};
  std::chrono::milliseconds took{};
  std::thread thread([&] {
    const auto start = std::chrono::steady_clock::now();
    slept_fully = sleeper.SleepFor(30s);
    took = Since(start);
  });
  std::this_thread::sleep_for(50ms);
  root.Cancel();
  thread.join();
  CHECK_FALSE(slept_fully);
  CHECK(took < 10s);
  CHECK_FALSE(sleeper.SleepFor(1ms));  // already cancelled: no sleep at all
}

TEST_CASE("a deadline cuts SleepFor short and counts as cancelled", "[dst][context]") {
  Context root(1);
  Context limited = root.WithTimeout(100ms);
  REQUIRE(limited.Deadline().has_value());
  const auto start = std::chrono::steady_clock::now();
  CHECK_FALSE(limited.SleepFor(20s));
  const auto took = Since(start);
  CHECK(took >= 90ms);
  CHECK(took < 10s);
  CHECK(limited.Cancelled());
  CHECK_FALSE(root.Cancelled());
  CHECK_THROWS_AS(limited.ThrowIfCancelled(), attest::Cancelled);
  // A child keeps the earlier of its own and its parent's deadline.
  CHECK(limited.WithTimeout(1h).Deadline() == limited.Deadline());
  CHECK(root.SleepFor(1ms));
}

TEST_CASE("forks draw reproducible, distinct random streams", "[dst][context]") {
  Context ctx(2024);
  Context w1 = ctx.Fork("scenario/s1/worker1");
  Context w1_again = ctx.Fork("scenario/s1/worker1");
  Context w2 = ctx.Fork("scenario/s1/worker2");
  const auto a = w1.Random()(), b = w1_again.Random()(), c = w2.Random()();
  CHECK(a == b);
  CHECK(a != c);
  CHECK(w1.Seed() == 2024);
  // Forks share the cancellation scope of the context they came from.
  ctx.Cancel();
  CHECK(w2.Cancelled());
  CHECK(Context(7).WithSeed(9).Seed() == 9);
}

TEST_CASE("the logger can be replaced and is inherited by children", "[dst][context]") {
  Context ctx(1);
  std::mutex mutex;
  std::vector<std::string> lines;
  ctx.SetLogger([&](std::string_view line) {
    std::lock_guard lock(mutex);
    lines.emplace_back(line);
  });
  ctx.Log("one");
  ctx.Child().Log("two");
  CHECK(lines == std::vector<std::string>{"one", "two"});
}
