// attest_docker_netem: Impair(Delay(100ms)) on a real node, measured. Where the kernel
// has netem, the delay must show in the time the node takes to talk to a peer, and go
// away after Repair. Where it has none (this machine), the library says so and this
// test reports itself skipped with that reason (exit 77), never passed.
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "docker_support.hpp"

using namespace std::chrono_literals;

namespace {

// Median time of GET n1 /call?addr=n2: n1 connects to n2 over the Docker network.
double MedianMs(attest::docker::DockerCluster& cluster) {
  std::vector<double> samples;
  const auto endpoint = cluster.Endpoint("n1");
  const std::string path = "/call?addr=" + cluster.Addr("n2") + "&path=/health";
  for (int i = 0; i < 15; ++i) {
    const auto started = std::chrono::steady_clock::now();
    const int status = docker_test::Status(endpoint, path);
    const auto took =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    if (status == 200) samples.push_back(took);
  }
  if (samples.empty()) return -1;
  std::sort(samples.begin(), samples.end());
  return samples[samples.size() / 2];
}

}  // namespace

int main() {
  ::setenv("ATTEST_LOG_DIR", ATTEST_TEST_LOG_DIR, 0);
  const std::string problem = docker_test::EngineProblem();
  if (!problem.empty()) {
    std::printf("SKIPPED: no Docker engine to test against: %s\n", problem.c_str());
    return 77;
  }
  docker_test::Events events;
  attest::docker::DockerCluster cluster(docker_test::NodeConfig(2));
  int status = 0;
  try {
    cluster.StartAll(events.Sink());
    const double before = MedianMs(cluster);
    try {
      cluster.Impair({"n1"}, {attest::Delay(100ms)}, events.Sink());
    } catch (const attest::InfrastructureError& e) {
      const std::string message = e.what();
      if (message.find("no netem qdisc") == std::string::npos) throw;
      std::printf("SKIPPED: this kernel cannot delay packets, so the delay cannot be measured here:\n%s\n",
                  message.c_str());
      cluster.ShutdownAll(events.Sink());
      return 77;
    }
    const double during = MedianMs(cluster);
    cluster.Repair({"n1"}, events.Sink());
    const double after = MedianMs(cluster);
    std::printf(
        "n1 -> n2 request, median of 15: %.1f ms before, %.1f ms with Delay(100ms) on n1, %.1f ms after "
        "Repair\n",
        before, during, after);
    // n1's SYN and its request are both delayed, and so is its answer to the test.
    if (before < 0 || during < 0 || after < 0) {
      std::printf("FAILED: a request failed\n");
      status = 1;
    } else if (during - before < 150) {
      std::printf("FAILED: the delay did not show (expected at least 150 ms more)\n");
      status = 1;
    } else if (after - before > 60) {
      std::printf("FAILED: Repair did not remove the delay\n");
      status = 1;
    } else {
      std::printf("PASSED\n");
    }
  } catch (const std::exception& e) {
    std::printf("FAILED: %s\n", e.what());
    status = 1;
  }
  cluster.ShutdownAll(events.Sink());
  return status;
}
