// Nothing of a run stays behind: after a passing run, a failed test, Ctrl-C (SIGINT)
// and SIGTERM of the test program; after SIGKILL, the next run reaps it (and never
// what a live concurrent run holds). Two runs at once never collide.
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "docker_support.hpp"
#include "support/catch.hpp"

using namespace std::chrono_literals;
using attest::process::Follower;
using docker_test::Contains;

namespace {

// The scenario runner running one stage, its output collected.
class Scenario {
 public:
  explicit Scenario(const std::string& stage)
      : follower_({ATTEST_DOCKER_SCENARIO, "--no-color", "scenario", stage},
                  [this](Follower::Stream, const std::string& line) {
                    std::lock_guard lock(mutex_);
                    output_ += line + "\n";
                  }) {
    REQUIRE(follower_.Started());
  }

  int Pid() const { return follower_.Pid(); }
  std::string Output() {
    std::lock_guard lock(mutex_);
    return output_;
  }
  // Waits for the exit; its status, or -1 after the timeout.
  int Wait(std::chrono::milliseconds timeout = 120s) {
    return follower_.WaitFinished(timeout) ? follower_.ExitStatus() : -1;
  }
  // Waits until `nodes` containers of its run are running (its cluster is up).
  bool WaitForContainers(std::size_t nodes, std::chrono::milliseconds timeout = 90s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      std::size_t containers = 0;
      for (const auto& r : docker_test::ResourcesOwnedBy(Pid())) {
        containers += r.kind == attest::docker::LabelledResource::Kind::Container ? 1 : 0;
      }
      if (containers >= nodes && Contains(Output(), "up in")) return true;
      if (follower_.Finished()) return false;
      std::this_thread::sleep_for(100ms);
    }
    return false;
  }
  void Signal(int sig) { ::kill(Pid(), sig); }

 private:
  std::mutex mutex_;
  std::string output_;
  Follower follower_;
};

std::string ResourceList(long pid) {
  std::string text;
  for (const auto& r : docker_test::ResourcesOwnedBy(pid)) text += r.id + " (run " + r.run + ")\n";
  return text;
}

}  // namespace

TEST_CASE("A passing run leaves nothing on the engine") {
  Scenario run("pass");
  const int status = run.Wait();
  INFO(run.Output());
  CHECK(status == 0);
  CHECK(ResourceList(run.Pid()).empty());
}

TEST_CASE("A run whose test fails leaves nothing on the engine") {
  Scenario run("fail");
  const int status = run.Wait();
  INFO(run.Output());
  CHECK(status == 1);
  CHECK(Contains(run.Output(), "expected 418, got 200"));
  CHECK(ResourceList(run.Pid()).empty());
}

TEST_CASE("Ctrl-C (SIGINT) of a running test program removes its cluster before it exits") {
  Scenario run("wait");
  REQUIRE(run.WaitForContainers(2));
  run.Signal(SIGINT);
  const int status = run.Wait(60s);
  INFO(run.Output());
  CHECK(status == 130);
  CHECK(ResourceList(run.Pid()).empty());
}

TEST_CASE("SIGTERM of a running test program removes its cluster before it exits") {
  Scenario run("wait");
  REQUIRE(run.WaitForContainers(2));
  run.Signal(SIGTERM);
  const int status = run.Wait(60s);
  INFO(run.Output());
  CHECK(status == 130);
  CHECK(ResourceList(run.Pid()).empty());
}

TEST_CASE("What a SIGKILLed run left is reaped by the next run, and a live run's cluster is not") {
  Scenario killed("wait");
  Scenario alive("wait");
  REQUIRE(killed.WaitForContainers(2));
  REQUIRE(alive.WaitForContainers(2));
  killed.Signal(SIGKILL);
  CHECK(killed.Wait(30s) == 128 + SIGKILL);
  CHECK_FALSE(ResourceList(killed.Pid()).empty());  // nobody cleaned up

  // The next run, here in this process: once its nodes are up, it reaps what dead
  // owners left, in the background.
  docker_test::Events events;
  attest::docker::DockerCluster next(docker_test::NodeConfig(1));
  next.StartAll(events.Sink());
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (!ResourceList(killed.Pid()).empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(200ms);
  }
  CHECK(ResourceList(killed.Pid()).empty());
  CHECK_FALSE(ResourceList(alive.Pid()).empty());
  next.ShutdownAll(events.Sink());

  alive.Signal(SIGINT);
  CHECK(alive.Wait(60s) == 130);
  CHECK(ResourceList(alive.Pid()).empty());
}

TEST_CASE("Two runs at once both pass, on different networks, subnets and ports") {
  Scenario first("hold");
  Scenario second("hold");
  const int a = first.Wait();
  const int b = second.Wait();
  INFO(first.Output());
  INFO(second.Output());
  CHECK(a == 0);
  CHECK(b == 0);
  // "2 nodes up in 1.2s (...; network attest-1a2b3c4d 10.0.42.0/24; n1=127.0.0.1:24817, ...)"
  auto network_of = [](const std::string& output) {
    const auto at = output.find("network attest-");
    return at == std::string::npos ? std::string() : output.substr(at, output.find(';', at) - at);
  };
  const std::string net_a = network_of(first.Output());
  const std::string net_b = network_of(second.Output());
  REQUIRE_FALSE(net_a.empty());
  REQUIRE_FALSE(net_b.empty());
  CHECK(net_a != net_b);
  CHECK(net_a.substr(net_a.find(' ', 8)) != net_b.substr(net_b.find(' ', 8)));  // the subnets differ
  CHECK(ResourceList(first.Pid()).empty());
  CHECK(ResourceList(second.Pid()).empty());
}
