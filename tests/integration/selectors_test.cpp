// Selector pass rules against three real servers with different answers.
#include <memory>
#include <string>
#include <vector>

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

// n1 is the leader, n2 and n3 follow.
struct ThreeNodes {
  std::vector<std::unique_ptr<TestServer>> servers;
  attest::testing::Endpoints endpoints;

  ThreeNodes() {
    for (std::string role : {"leader", "follower", "follower"}) {
      auto server = std::make_unique<TestServer>();
      server->Http().Get("/cluster/info", [role](const httplib::Request&, httplib::Response& res) {
        res.set_content(R"({"role":")" + role + R"(","term":7})", "application/json");
      });
      server->Start();
      endpoints.emplace_back("n" + std::to_string(servers.size() + 1), server->Address());
      servers.push_back(std::move(server));
    }
  }
};

}  // namespace

TEST_CASE("AllNodes passes only when every node passes", "[selectors]") {
  ThreeNodes cluster;
  CHECK(RunOne(cluster.endpoints, [](Do& d) {
          d.GET(d.AllNodes(), "/cluster/info").JSON("term", Is(7)).Run();
        }).passed);
  auto result = RunOne(cluster.endpoints, [](Do& d) {
    d.GET(d.AllNodes(), "/cluster/info").JSON("role", Is("follower")).Run();
  });
  REQUIRE_FALSE(result.passed);
  const auto text = FailureText(result);
  CHECK_THAT(text, Says("all nodes [n1, n2, n3]"));
  CHECK_THAT(text, Says("2 of 3 nodes passed; all must pass"));
  CHECK_THAT(text, Says("json role: expected follower, got leader"));
  // Only the failing node is shown.
  CHECK_THAT(text, Says("GET http://" + cluster.endpoints[0].second + "/cluster/info"));
  CHECK(text.find(cluster.endpoints[1].second) == std::string::npos);
}

TEST_CASE("AllNodes with names checks only those", "[selectors]") {
  ThreeNodes cluster;
  auto result = RunOne(cluster.endpoints, [](Do& d) {
    d.GET(d.AllNodes("n2", "n3"), "/cluster/info").JSON("role", Is("follower")).Run();
  });
  INFO(FailureText(result));
  CHECK(result.passed);
}

TEST_CASE("ExactlyOneNode: one passes, or the failure shows every node that did", "[selectors]") {
  ThreeNodes cluster;
  CHECK(RunOne(cluster.endpoints, [](Do& d) {
          d.GET(d.ExactlyOneNode(), "/cluster/info").JSON("role", Is("leader")).Run();
        }).passed);
  auto result = RunOne(cluster.endpoints, [](Do& d) {
    d.GET(d.ExactlyOneNode(), "/cluster/info").JSON("role", Is("follower")).Run();
  });
  REQUIRE_FALSE(result.passed);
  const auto text = FailureText(result);
  CHECK_THAT(text, Says("exactly one of [n1, n2, n3]"));
  CHECK_THAT(text, Says("2 of 3 nodes passed; exactly one must pass"));
  CHECK_THAT(text, Says(cluster.endpoints[1].second));
  CHECK_THAT(text, Says(cluster.endpoints[2].second));
}

TEST_CASE("AtLeastOneNode passes with one, fails with none", "[selectors]") {
  ThreeNodes cluster;
  CHECK(RunOne(cluster.endpoints, [](Do& d) {
          d.GET(d.AtLeastOneNode(), "/cluster/info").JSON("role", Is("leader")).Run();
        }).passed);
  auto result = RunOne(cluster.endpoints, [](Do& d) {
    d.GET(d.AtLeastOneNode(), "/cluster/info").JSON("role", Is("candidate")).Run();
  });
  REQUIRE_FALSE(result.passed);
  CHECK_THAT(FailureText(result), Says("0 of 3 nodes passed; at least one must pass"));
}

TEST_CASE("ExceptNodes checks every other node, and Names feeds one selector into another", "[selectors]") {
  ThreeNodes cluster;
  auto result = RunOne(cluster.endpoints, [](Do& d) {
    d.GET(d.ExceptNodes("n1"), "/cluster/info").JSON("role", Is("follower")).Run();
    CHECK(d.Names(d.ExceptNodes("n1")) == std::vector<std::string>{"n2", "n3"});
    CHECK(d.Nodes() == std::vector<std::string>{"n1", "n2", "n3"});
    d.GET(d.ExactlyOneNode(d.Names(d.ExceptNodes("n3"))), "/cluster/info").JSON("role", Is("leader")).Run();
    d.GET(d.AllNodes(d.Names(d.ExceptNodes("n1")), "n1"), "/cluster/info").JSON("term", Is(7)).Run();
  });
  INFO(FailureText(result));
  CHECK(result.passed);
  auto failing = RunOne(cluster.endpoints, [](Do& d) {
    d.GET(d.ExceptNodes("n3"), "/cluster/info").JSON("role", Is("follower")).Run();
  });
  REQUIRE_FALSE(failing.passed);
  CHECK_THAT(FailureText(failing), Says("all nodes except [n3]: [n1, n2]"));
  CHECK_THAT(FailureText(failing), Says("1 of 2 nodes passed; all must pass"));
}

TEST_CASE("an unknown node fails with the list of known names", "[selectors][errors]") {
  ThreeNodes cluster;
  for (auto body : std::vector<Suite::Body>{
           [](Do& d) { d.GET(Node("n7"), "/cluster/info").Status(Is(200)).Run(); },
           [](Do& d) { d.GET(d.AllNodes("n1", "n7"), "/cluster/info").Status(Is(200)).Run(); },
           [](Do& d) { (void)d.Names(d.ExceptNodes("n7")); },
       }) {
    auto result = RunOne(cluster.endpoints, body);
    REQUIRE_FALSE(result.passed);
    CHECK_THAT(FailureText(result), Says("unknown node \"n7\"; the cluster has [n1, n2, n3]"));
  }
}

TEST_CASE("a selector that matches no node fails instead of passing vacuously", "[selectors][errors]") {
  ThreeNodes cluster;
  auto result = RunOne(cluster.endpoints, [](Do& d) {
    d.GET(d.ExceptNodes("n1", "n2", "n3"), "/cluster/info").Status(Is(200)).Run();
  });
  REQUIRE_FALSE(result.passed);
  CHECK_THAT(FailureText(result), Says("no running node matches the selector"));
}
