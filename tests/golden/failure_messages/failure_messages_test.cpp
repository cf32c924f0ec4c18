// Golden tests of failure messages from real checks against real loopback servers.
// What varies from run to run (ports, elapsed times, attempt counts, line numbers)
// is replaced by placeholders before the comparison; everything else must match.
#include <atomic>
#include <chrono>
#include <memory>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "attest/attest.hpp"
#include "attest/testing/server.hpp"
#include "support/catch.hpp"
#include "support/collecting_reporter.hpp"
#include "support/golden.hpp"

using namespace attest;
using namespace std::chrono_literals;
using attest::testing::TestServer;

namespace {

std::string Normalize(std::string text) {
  text = std::regex_replace(text, std::regex(R"(127\.0\.0\.1:\d+)"), "127.0.0.1:PORT");
  text = std::regex_replace(text, std::regex(R"(failure_messages_test\.cpp:\d+)"),
                            "failure_messages_test.cpp:LINE");
  text = std::regex_replace(text, std::regex(R"(after \d+(\.\d+)?(ns|us|ms|s) )"), "after T ");
  text = std::regex_replace(text, std::regex(R"(\(\d+ attempts?\))"), "(N attempts)");
  return text;
}

// Runs `body` as the only test of a suite and returns its normalised failure text.
std::string FailureOf(std::vector<std::pair<std::string, std::string>> endpoints, Suite::Body body,
                      std::vector<Option> options = {}) {
  Suite suite = New(WithEndpoints(std::move(endpoints)), WithPollInterval(20ms));
  for (auto& option : options) suite.With(std::move(option));
  attest::testing::CollectingReporter reporter;
  auto result = suite.Test("golden", std::move(body)).RunWithResult(reporter);
  REQUIRE(result.tests.size() == 1);
  REQUIRE(result.tests[0].failure.has_value());
  return Normalize(FormatFailure(*result.tests[0].failure));
}

void Golden(const std::string& name, const std::string& text) {
  attest::testing::CheckGoldenFile(ATTEST_GOLDEN_DIR, name, text);
}

// A three-node cluster: n1 leads, n2 and n3 follow; /kv/missing is a 404.
struct ThreeNodes {
  std::vector<std::unique_ptr<TestServer>> servers;
  std::vector<std::pair<std::string, std::string>> endpoints;

  ThreeNodes() {
    for (std::string role : {"leader", "follower", "follower"}) {
      auto server = std::make_unique<TestServer>();
      server->Http().Get("/cluster/info", [role](const httplib::Request&, httplib::Response& res) {
        res.set_content(R"({"role":")" + role + R"(","term":2,"leader":"n1","peers":["n2","n3"]})",
                        "application/json");
      });
      server->Http().Get("/kv/missing", [](const httplib::Request&, httplib::Response& res) {
        res.status = 404;
        res.set_content("key not found\n", "text/plain");
      });
      server->Http().Put("/kv/key", [](const httplib::Request&, httplib::Response& res) {
        res.status = 500;
        res.set_content(R"({"error":"disk full","retry":false})", "application/json");
      });
      server->Start();
      endpoints.emplace_back("n" + std::to_string(servers.size() + 1), server->Address());
      servers.push_back(std::move(server));
    }
  }
  std::vector<std::pair<std::string, std::string>> Only(int n) const { return {endpoints.at(n - 1)}; }
};

}  // namespace

TEST_CASE("golden: single node, wrong status with a JSON body and a hint", "[golden]") {
  ThreeNodes cluster;
  Golden("single_node_status", FailureOf(cluster.Only(1), [](Do& d) {
           d.PUT(Node("n1"), "/kv/key", "value")
               .Status(Is(200))
               .Hint("Check that your HTTP handler registers PUT /kv/{key} and returns 200.")
               .Run();
         }));
}

TEST_CASE("golden: all nodes, two of three pass", "[golden]") {
  ThreeNodes cluster;
  Golden("all_nodes_two_of_three", FailureOf(cluster.endpoints, [](Do& d) {
           d.GET(d.AllNodes(), "/cluster/info").JSON("role", Is("follower")).Hint("Only one leader.").Run();
         }));
}

TEST_CASE("golden: exactly one node, but two pass", "[golden]") {
  ThreeNodes cluster;
  Golden("exactly_one_but_two", FailureOf(cluster.endpoints, [](Do& d) {
           d.GET(d.ExactlyOneNode(), "/cluster/info").JSON("role", Is("follower")).Run();
         }));
}

TEST_CASE("golden: request timeout", "[golden]") {
  TestServer slow;
  slow.Http().Get("/slow", [](const httplib::Request&, httplib::Response& res) {
    std::this_thread::sleep_for(800ms);
    res.set_content("late", "text/plain");
  });
  slow.Start();
  Golden("request_timeout",
         FailureOf({{"n1", slow.Address()}}, [](Do& d) { d.GET(Node("n1"), "/slow").Status(Is(200)).Run(); },
                   {WithRequestTimeout(200ms)}));
}

TEST_CASE("golden: connection refused", "[golden]") {
  const auto address = "127.0.0.1:" + std::to_string(attest::testing::UnusedPort());
  Golden("connection_refused", FailureOf({{"n1", address}}, [](Do& d) {
           d.GET(Node("n1"), "/health").Status(Is(200)).Hint("Is the server listening on its port?").Run();
         }));
}

TEST_CASE("golden: JSON path missing", "[golden]") {
  ThreeNodes cluster;
  Golden("json_path_missing", FailureOf(cluster.Only(1), [](Do& d) {
           d.GET(Node("n1"), "/cluster/info").Status(Is(200)).JSON("log.0.term", GreaterThan(1)).Run();
         }));
}

TEST_CASE("golden: body is not JSON", "[golden]") {
  ThreeNodes cluster;
  Golden("body_not_json", FailureOf(cluster.Only(1), [](Do& d) {
           d.GET(Node("n1"), "/kv/missing").JSON("value", Is("x")).Run();
         }));
}

TEST_CASE("golden: Eventually that never passes", "[golden]") {
  ThreeNodes cluster;
  Golden("eventually_never_passes", FailureOf(cluster.endpoints, [](Do& d) {
           d.GET(d.AtLeastOneNode("n2", "n3"), "/cluster/info")
               .Eventually(300ms)
               .JSON("role", Is("leader"))
               .Hint("A follower should take over once the leader is gone.")
               .Run();
         }));
}

TEST_CASE("golden: Consistently that breaks at attempt 3", "[golden]") {
  TestServer server;
  std::atomic<int> calls{0};
  server.Http().Get("/cluster/info", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(++calls >= 3 ? R"({"leader":"n2"})" : R"({"leader":null})", "application/json");
  });
  server.Start();
  Golden("consistently_breaks", FailureOf({{"n1", server.Address()}}, [](Do& d) {
           d.GET(Node("n1"), "/cluster/info")
               .Consistently(5s)
               .JSON("leader", IsNull())
               .Hint("A minority partition must not elect a leader.")
               .Run();
         }));
}

TEST_CASE("golden: a check built but never run", "[golden]") {
  ThreeNodes cluster;
  Golden("dropped_check", FailureOf(cluster.Only(1), [](Do& d) {
           auto check = d.GET(Node("n1"), "/cluster/info").Status(Is(200));
           (void)check;
         }));
}

TEST_CASE("golden: an exception from the test body", "[golden]") {
  ThreeNodes cluster;
  Golden("user_exception",
         FailureOf(cluster.Only(1), [](Do&) { throw std::runtime_error("leader lookup failed"); }));
}
