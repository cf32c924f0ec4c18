// Eventually and Consistently against servers whose answers change over time.
#include <atomic>
#include <chrono>
#include <string>

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

// Answers "old" to its first `flip_at - 1` requests and "new" from request `flip_at`
// on, so tests do not depend on how fast this machine is at the moment.
struct FlippingServer {
  static constexpr int kNever = 1 << 30;
  TestServer server;
  const int flip_at;
  std::atomic<int> requests{0};

  explicit FlippingServer(int flip_at_request) : flip_at(flip_at_request) {
    server.Http().Get("/value", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content(++requests >= flip_at ? "new" : "old", "text/plain");
    });
    server.Start();
  }
  attest::testing::Endpoints Endpoints() { return {{"n1", server.Address()}}; }
};

}  // namespace

TEST_CASE("Eventually makes its first attempt at once", "[timing]") {
  FlippingServer server(1);
  const auto started = std::chrono::steady_clock::now();
  // A poll interval far longer than any request, even under TSan on a busy machine: a
  // first attempt made only after one interval would take 20 s.
  auto result = RunOne(server.Endpoints(),
                       [](Do& d) { d.GET(Node("n1"), "/value").Eventually(60s).Body(Is("new")).Run(); },
                       {WithPollInterval(20s)});
  INFO(FailureText(result));
  REQUIRE(result.passed);
  CHECK(std::chrono::steady_clock::now() - started < 10s);
  CHECK(server.requests == 1);
}

TEST_CASE("Eventually retries until a value flips, and stops at the first pass", "[timing]") {
  FlippingServer server(4);
  auto result = RunOne(server.Endpoints(),
                       [](Do& d) { d.GET(Node("n1"), "/value").Eventually(10s).Body(Is("new")).Run(); },
                       {WithPollInterval(20ms)});
  INFO(FailureText(result));
  CHECK(result.passed);
  CHECK(server.requests == 4);
}

TEST_CASE("Eventually that never passes reports the window and the attempts", "[timing]") {
  FlippingServer server(FlippingServer::kNever);
  const auto started = std::chrono::steady_clock::now();
  auto result = RunOne(
      server.Endpoints(),
      [](Do& d) { d.GET(Node("n1"), "/value").Eventually(400ms).Body(Is("new")).Hint("flip it").Run(); },
      {WithPollInterval(50ms)});
  const auto elapsed = std::chrono::steady_clock::now() - started;
  REQUIRE_FALSE(result.passed);
  CHECK(elapsed >= 400ms);
  CHECK(elapsed < 2s);
  const auto text = FailureText(result);
  CHECK_THAT(text, Says("did not pass within 400ms ("));
  CHECK_THAT(text, Says("); the last attempt is shown"));
  CHECK_THAT(text, Says("body: expected new, got old"));
  CHECK_THAT(text, Says("flip it"));
}

TEST_CASE("Eventually without an argument uses WithRetryTimeout", "[timing]") {
  FlippingServer server(FlippingServer::kNever);
  const auto started = std::chrono::steady_clock::now();
  auto result = RunOne(server.Endpoints(),
                       [](Do& d) { d.GET(Node("n1"), "/value").Eventually().Body(Is("new")).Run(); },
                       {WithRetryTimeout(300ms), WithPollInterval(50ms)});
  REQUIRE_FALSE(result.passed);
  CHECK(std::chrono::steady_clock::now() - started < 2s);
  CHECK_THAT(FailureText(result), Says("did not pass within 300ms"));
}

TEST_CASE("Eventually rides out a server that fails some of the time", "[timing]") {
  TestServer server;
  std::atomic<int> calls{0};
  server.Http().Get("/flaky", [&](const httplib::Request&, httplib::Response& res) {
    if (++calls % 3 != 0) {
      res.status = 500;
      res.set_content("boom", "text/plain");
      return;
    }
    res.set_content(R"({"ok":true})", "application/json");
  });
  server.Start();
  auto result = RunOne(
      {{"n1", server.Address()}},
      [](Do& d) { d.GET(Node("n1"), "/flaky").Eventually(2s).Status(Is(200)).JSON("ok", Is(true)).Run(); },
      {WithPollInterval(10ms)});
  INFO(FailureText(result));
  CHECK(result.passed);
  CHECK(calls >= 3);
}

TEST_CASE("Consistently passes when the value holds for the whole window", "[timing]") {
  FlippingServer server(FlippingServer::kNever);
  const auto started = std::chrono::steady_clock::now();
  auto result = RunOne(server.Endpoints(),
                       [](Do& d) { d.GET(Node("n1"), "/value").Consistently(2s).Body(Is("old")).Run(); },
                       {WithPollInterval(20ms)});
  INFO(FailureText(result));
  CHECK(result.passed);
  CHECK(std::chrono::steady_clock::now() - started >= 2s);
  // It kept asking during the window. The window is long next to one request, so that
  // a first request slowed by a sanitizer (over 500 ms seen under TSan) still leaves room.
  CHECK(server.requests >= 2);
}

TEST_CASE("Consistently that breaks at attempt k says so", "[timing]") {
  TestServer server;
  std::atomic<int> calls{0};
  server.Http().Get("/value", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(++calls >= 4 ? "changed" : "steady", "text/plain");
  });
  server.Start();
  auto result = RunOne({{"n1", server.Address()}},
                       [](Do& d) { d.GET(Node("n1"), "/value").Consistently(5s).Body(Is("steady")).Run(); },
                       {WithPollInterval(10ms)});
  REQUIRE_FALSE(result.passed);
  const auto text = FailureText(result);
  CHECK_THAT(text, Says("passed 3 of 4 attempts, then failed at attempt 4 after"));
  CHECK_THAT(text, Says("body: expected steady, got changed"));
}

TEST_CASE("a check cannot be both Eventually and Consistently", "[timing][errors]") {
  FlippingServer server(1);
  auto result = RunOne(server.Endpoints(),
                       [](Do& d) { d.GET(Node("n1"), "/value").Eventually().Consistently().Run(); });
  REQUIRE_FALSE(result.passed);
  CHECK_THAT(FailureText(result), Says("a check is either Eventually or Consistently, not both"));
}

TEST_CASE("Eventually with a zero timeout is refused where it is written", "[timing][errors]") {
  FlippingServer server(1);
  auto result = RunOne(server.Endpoints(), [](Do& d) { d.GET(Node("n1"), "/value").Eventually(0ms).Run(); });
  REQUIRE_FALSE(result.passed);
  CHECK_THAT(FailureText(result), Says("Eventually needs a positive timeout, got 0ms"));
  CHECK_THAT(FailureText(result), Says("timing_test.cpp:"));
}
