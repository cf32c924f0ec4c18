// attest_docker_scenario: a challenge runner the cleanup tests start as a child
// process, then let finish, interrupt, kill, or run twice at once.
//   pass   two nodes, a passing test
//   fail   one node, a failing test
//   wait   two nodes, a test that waits for minutes (ended by a signal)
//   hold   two nodes, a test that keeps the cluster for three seconds, then passes
#include <attest/attest.hpp>

#include <chrono>
#include <thread>

using namespace attest;
using namespace std::chrono_literals;

namespace {

Suite Pass() {
  return New(WithCluster(2), WithBinary(ATTEST_TEST_NODE)).Test("Every Node Is Healthy", [](Do& d) {
    d.GET(d.AllNodes(), "/health").Status(Is(200)).Run();
  });
}

Suite Fail() {
  return New(WithCluster(1), WithBinary(ATTEST_TEST_NODE)).Test("Expects A Teapot", [](Do& d) {
    d.GET(Node("n1"), "/health")
        .Status(Is(418))
        .Hint("the node is no teapot: this test fails on purpose")
        .Run();
  });
}

Suite Wait() {
  return New(WithCluster(2), WithBinary(ATTEST_TEST_NODE)).Test("Waits For Data That Never Comes", [](Do& d) {
    d.GET(Node("n1"), "/data/never").Eventually(600s).Status(Is(200)).Run();
  });
}

Suite Hold() {
  return New(WithCluster(2), WithBinary(ATTEST_TEST_NODE)).Test("Holds The Cluster A While", [](Do& d) {
    std::this_thread::sleep_for(3s);
    d.GET(d.AllNodes(), "/health").Status(Is(200)).Run();
  });
}

}  // namespace

ATTEST_REGISTER_CHALLENGE(docker_scenario) {
  Challenge challenge{.name = "Docker scenarios", .summary = "Clusters for the cleanup tests."};
  challenge.AddStage("pass", "Passes", Pass);
  challenge.AddStage("fail", "Fails", Fail);
  challenge.AddStage("wait", "Waits", Wait);
  challenge.AddStage("hold", "Holds", Hold);
  RegisterChallenge("scenario", std::move(challenge));
}

int main(int argc, char** argv) { return attest::Main(argc, argv); }
