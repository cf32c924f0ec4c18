// Concurrently: indexes, the concurrency limit, failure propagation and latencies.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "attest/attest.hpp"
#include "attest/testing/server.hpp"
#include "support/catch.hpp"
#include "support/run_helpers.hpp"

using namespace attest;
using namespace std::chrono_literals;
using attest::testing::FailureText;
using attest::testing::RunOne;
using attest::testing::Says;
using attest::testing::TestServer;

namespace {

// Counts requests in flight so a test can see the concurrency limit at work.
struct CountingServer {
  TestServer server;
  std::atomic<int> in_flight{0};
  std::atomic<int> peak{0};
  std::atomic<int> served{0};

  explicit CountingServer(std::chrono::milliseconds delay = 0ms) {
    server.Http().Put(R"(/kv/(.*))", [this, delay](const httplib::Request& req, httplib::Response& res) {
      const int now = ++in_flight;
      int seen = peak.load();
      while (now > seen && !peak.compare_exchange_weak(seen, now)) {
      }
      std::this_thread::sleep_for(delay);
      --in_flight;
      ++served;
      res.status = req.body == "bad" ? 500 : 200;
    });
    server.Start();
  }
};

}  // namespace

TEST_CASE("Concurrently runs every 1-based index once and waits for all", "[concurrently]") {
  CountingServer server;
  std::mutex mutex;
  std::multiset<int> seen;
  auto result = RunOne({{"n1", server.server.Address()}}, [&](Do& d) {
    d.Concurrently(100, [&](int i) {
      d.PUT(Node("n1"), "/kv/key" + std::to_string(i), "value" + std::to_string(i)).Status(Is(200)).Run();
      std::lock_guard lock(mutex);
      seen.insert(i);
    });
    CHECK(server.served == 100);  // all finished before Concurrently returned
  });
  INFO(FailureText(result));
  REQUIRE(result.passed);
  REQUIRE(seen.size() == 100);
  CHECK(*seen.begin() == 1);
  CHECK(*seen.rbegin() == 100);
  CHECK(std::set<int>(seen.begin(), seen.end()).size() == 100);
  // Latencies were recorded per node.
  REQUIRE(result.latencies.size() == 1);
  CHECK(result.latencies[0].node == "n1");
  CHECK(result.latencies[0].requests == 100);
  CHECK(result.latencies[0].p50 <= result.latencies[0].p99);
  CHECK(result.latencies[0].p99 <= result.latencies[0].max);
}

TEST_CASE("Concurrently never exceeds WithConcurrencyLimit", "[concurrently]") {
  CountingServer server(20ms);
  auto result = RunOne({{"n1", server.server.Address()}},
                       [&](Do& d) {
                         d.Concurrently(24, [&](int i) {
                           d.PUT(Node("n1"), "/kv/" + std::to_string(i), "v").Status(Is(200)).Run();
                         });
                       },
                       {WithConcurrencyLimit(3)});
  INFO(FailureText(result));
  REQUIRE(result.passed);
  CHECK(server.peak <= 3);
  CHECK(server.peak >= 2);  // it did run in parallel
}

TEST_CASE("the first failure in Concurrently is rethrown and stops the rest", "[concurrently]") {
  CountingServer server(5ms);
  auto result =
      RunOne({{"n1", server.server.Address()}},
             [&](Do& d) {
               d.Concurrently(200, [&](int i) {
                 d.PUT(Node("n1"), "/kv/" + std::to_string(i), i == 5 ? "bad" : "v").Status(Is(200)).Run();
               });
             },
             {WithConcurrencyLimit(4)});
  REQUIRE_FALSE(result.passed);
  const auto text = FailureText(result);
  CHECK_THAT(text, Says("Concurrently #5: PUT /kv/5"));
  CHECK_THAT(text, Says("status: expected 200, got 500"));
  CHECK(server.served < 200);  // the invocations not yet started were cancelled
}

TEST_CASE("an exception from user code inside Concurrently is reported, never terminate", "[concurrently]") {
  CountingServer server;
  auto result = RunOne({{"n1", server.server.Address()}}, [](Do& d) {
    d.Concurrently(10, [](int i) {
      if (i == 3) throw std::runtime_error("user code broke at 3");
    });
  });
  REQUIRE_FALSE(result.passed);
  CHECK_THAT(FailureText(result), Says("user code broke at 3"));
}

TEST_CASE("a failure cancels an Eventually still waiting in a sibling", "[concurrently]") {
  TestServer server;
  server.Http().Get(
      "/never", [](const httplib::Request&, httplib::Response& res) { res.set_content("no", "text/plain"); });
  server.Http().Get("/broken", [](const httplib::Request&, httplib::Response& res) { res.status = 500; });
  server.Start();
  const auto started = std::chrono::steady_clock::now();
  auto result = RunOne({{"n1", server.Address()}}, [](Do& d) {
    d.Concurrently(2, [&](int i) {
      if (i == 1) {
        d.GET(Node("n1"), "/never").Eventually(30s).Body(Is("yes")).Run();
      } else {
        std::this_thread::sleep_for(100ms);
        d.GET(Node("n1"), "/broken").Status(Is(200)).Run();
      }
    });
  });
  REQUIRE_FALSE(result.passed);
  CHECK(std::chrono::steady_clock::now() - started < 5s);
  CHECK_THAT(FailureText(result), Says("Concurrently #2: GET /broken"));
}

TEST_CASE("Concurrently with a negative count is a usage error", "[concurrently][errors]") {
  CountingServer server;
  auto result = RunOne({{"n1", server.server.Address()}}, [](Do& d) { d.Concurrently(-1, [](int) {}); });
  REQUIRE_FALSE(result.passed);
  CHECK_THAT(FailureText(result), Says("Concurrently: the count must not be negative, got -1"));
}
