// The code that docs/node-manager.md shows, compiled here so that the page cannot
// drift from the API (the page quotes the regions between the [name] markers, and
// "docs: node-manager.md quotes compiled code" checks that it quotes them exactly).
// The partition example also runs, against the project's test node.
#include <csignal>
#include <iostream>
#include <string>

#include "docker_support.hpp"
#include "support/catch.hpp"

// Laid out for the page (comments aligned per example), and quoted exactly: formatting
// these lines would break the page's test.
// clang-format off
namespace doc_examples {

using namespace attest;
using namespace std::chrono_literals;

// [image-sources]
// A program built on this machine, packed with its shared libraries (no registry):
Suite FromBinary() { return New(WithCluster(3), WithBinary("build/kv_server", {"--log-level", "debug"})); }
// An image already on the engine (attest never pulls):
Suite FromImage() { return New(WithCluster(3), WithImage("kv-server:test")); }
// An image built from a context first (the build's output is shown when it fails):
Suite FromDockerfile() { return New(WithCluster(3), WithDockerfile("deploy/kv", "Dockerfile.test")); }
// [/image-sources]

// [node-options]
Suite Configured() {
  return New(WithCluster(5), WithBinary("build/kv_server"),
             WithNodePort(9000),                       // where the program listens in its node
             WithSubnet("10.0.99.0/24"),               // pin the network (default: 10.0.42.0/24 when free)
             WithEnv({{"LOG_LEVEL", "debug"}}),        // next to ADDR, PEERS and DATA_DIR
             WithNodeStartTimeout(20s),                // until GET /health answers 200
             WithNodeShutdownTimeout(3s),              // SIGTERM, then SIGKILL after this long
             WithNetworkControl(NetworkControl::Auto), // how faults reach the nodes
             WithKeep(false));                         // true: leave everything for inspection
}
// [/node-options]

Suite SplitAndHeal(const std::string& program) {
  // [faults]
  return New(WithCluster(3), WithBinary(program), WithClusterSettleDuration(100ms))
      .Test("The Minority Cannot Reach The Majority", [](Do& d) {
        const std::string to_n3 = "/call?addr=" + d.Addr("n3") + "&path=/health";
        d.Partition({"n1", "n2"}, {"n3"});  // both ways, between the groups only
        d.GET(Node("n1"), to_n3).Status(Is(502)).Run();
        d.GET(d.AllNodes(), "/health").Status(Is(200)).Run();  // the test still reaches every node
        d.Restart("n3", SIGKILL);  // a restarted node keeps its side of the cut
        d.GET(Node("n1"), to_n3).Status(Is(502)).Run();
        d.Heal();
        d.GET(Node("n1"), to_n3).Eventually(5s).Status(Is(200)).Run();
      });
  // [/faults]
}

// [impair]
Suite SlowNetwork() {
  return New(WithCluster(3), WithBinary("build/kv_server")).Test("Survives A Slow Link", [](Do& d) {
    d.Impair(Node("n1"), Delay(100ms, 20ms), Loss(10));  // n1's outgoing traffic
    d.PUT(Node("n2"), "/kv/x", "1").Status(Is(200)).Run();
    d.Repair();  // every node
  });
}
// [/impair]

// [print-run-log]
bool RunAndShowLogsOnFailure(Suite suite) {
  ConsoleReporter reporter;
  const SuiteResult result = suite.RunWithResult(reporter);
  if (!result.passed && !result.log_directory.empty()) {
    std::cout << "node logs and events, by time:\n";
    PrintRunLog(std::cout, result.log_directory);           // every node
    PrintRunLog(std::cout, result.log_directory, {"n1"}, 50);  // n1's last 50 lines and events
  }
  return result.passed;
}
// [/print-run-log]

}  // namespace doc_examples
// clang-format on

TEST_CASE("The node manager page's partition example passes against the test node") {
  docker_test::Collecting reporter;
  const bool passed = doc_examples::SplitAndHeal(docker_test::NodeProgram()).Run(reporter);
  INFO(reporter.failures);
  CHECK(passed);
  // The others are compiled and built, not run: they name programs and images of a
  // project of one's own.
  CHECK_NOTHROW(doc_examples::FromBinary());
  CHECK_NOTHROW(doc_examples::FromImage());
  CHECK_NOTHROW(doc_examples::FromDockerfile());
  CHECK_NOTHROW(doc_examples::Configured());
  CHECK_NOTHROW(doc_examples::SlowNetwork());
}
