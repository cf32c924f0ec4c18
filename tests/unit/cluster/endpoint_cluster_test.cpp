// EndpointCluster: nodes that already run somewhere. It reports where they answer and
// refuses every lifecycle and network fault, since attest does not own those nodes.
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "attest/cluster/endpoints.hpp"
#include "attest/error.hpp"
#include "support/catch.hpp"

using attest::EndpointCluster;
using attest::http::Endpoint;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using namespace std::chrono_literals;

namespace {

using Nodes = std::vector<std::pair<std::string, std::string>>;

const Nodes kNodes = {{"n1", "127.0.0.1:8081"}, {"n2", "localhost:8082"}, {"n3", "[::1]:8083"}};

// Collects what a cluster tells the report.
struct Events {
  std::vector<std::string> seen;
  attest::ClusterEventSink Sink() {
    return [this](const std::string& text) { seen.push_back(text); };
  }
};

std::string ErrorOf(const std::function<void()>& call) {
  try {
    call();
  } catch (const attest::UsageError& error) {
    return error.what();
  }
  return "";
}

const std::string kRefusal =
    ": the nodes of this suite are not managed by attest (they were given with WithEndpoints), "
    "so attest cannot start, stop or cut them; use a cluster that attest starts (WithCluster "
    "with a node backend) for this test";

}  // namespace

TEST_CASE("EndpointCluster lists its nodes in the order given, all up", "[cluster][endpoints]") {
  const EndpointCluster cluster(kNodes);
  CHECK(cluster.Nodes() == std::vector<std::string>{"n1", "n2", "n3"});
  for (const auto& node : cluster.Nodes()) CHECK(cluster.IsUp(node));
}

TEST_CASE("EndpointCluster: each node's endpoint and address are as given", "[cluster][endpoints]") {
  const EndpointCluster cluster(kNodes);
  CHECK(cluster.Endpoint("n1") == Endpoint{"127.0.0.1", 8081});
  CHECK(cluster.Endpoint("n2") == Endpoint{"localhost", 8082});
  CHECK(cluster.Endpoint("n3") == Endpoint{"::1", 8083});
  CHECK(cluster.Endpoint("n3").ToString() == "[::1]:8083");
  CHECK(cluster.Addr("n1") == "127.0.0.1:8081");
  CHECK(cluster.Addr("n3") == "[::1]:8083");  // as written, for peers and messages
}

TEST_CASE("EndpointCluster: an unknown node is a usage error naming it", "[cluster][endpoints]") {
  const EndpointCluster cluster(kNodes);
  CHECK(ErrorOf([&] { (void)cluster.Endpoint("n4"); }) == "unknown node n4");
  CHECK(ErrorOf([&] { (void)cluster.Addr("N1"); }) == "unknown node N1");
}

TEST_CASE("EndpointCluster: a bad address is refused when the cluster is made, naming the node",
          "[cluster][endpoints]") {
  CHECK(ErrorOf([] {
          EndpointCluster cluster(Nodes{{"n1", "127.0.0.1:8081"}, {"n2", "127.0.0.1"}});
        }) ==
        "WithEndpoints: node n2 has address \"127.0.0.1\": no host:port (expected host:port, e.g. "
        "127.0.0.1:8081)");
  CHECK(ErrorOf([] {
          EndpointCluster cluster(Nodes{{"n1", "127.0.0.1:0"}});
        }) ==
        "WithEndpoints: node n1 has address \"127.0.0.1:0\": the port must be between 1 and 65535 "
        "(expected host:port, e.g. 127.0.0.1:8081)");
}

TEST_CASE("EndpointCluster: StartAll says which running nodes it uses, ShutdownAll is quiet",
          "[cluster][endpoints]") {
  EndpointCluster cluster(kNodes);
  Events events;
  cluster.StartAll(events.Sink());
  cluster.ShutdownAll(events.Sink());
  CHECK(events.seen ==
        std::vector<std::string>{"using running nodes n1=127.0.0.1:8081, n2=localhost:8082, n3=[::1]:8083"});
}

TEST_CASE("EndpointCluster refuses every lifecycle and fault call, naming WithEndpoints",
          "[cluster][endpoints]") {
  EndpointCluster cluster(kNodes);
  Events events;
  const auto sink = events.Sink();
  CHECK(ErrorOf([&] { cluster.Start("n1", sink); }) == "Start(\"n1\")" + kRefusal);
  CHECK(ErrorOf([&] { cluster.Stop("n2", sink); }) == "Stop(\"n2\")" + kRefusal);
  CHECK(ErrorOf([&] { cluster.Kill("n3", sink); }) == "Kill(\"n3\")" + kRefusal);
  CHECK(ErrorOf([&] { cluster.Restart("n1", 15, sink); }) == "Restart(\"n1\")" + kRefusal);
  CHECK(ErrorOf([&] { cluster.Partition({{"n1"}, {"n2", "n3"}}, sink); }) == "Partition" + kRefusal);
  CHECK(ErrorOf([&] { cluster.Heal(sink); }) == "Heal" + kRefusal);
  CHECK(ErrorOf([&] { cluster.Impair({"n1"}, {attest::Delay(10ms)}, sink); }) == "Impair" + kRefusal);
  CHECK(ErrorOf([&] { cluster.Repair({"n1"}, sink); }) == "Repair" + kRefusal);
  // Refusing changes nothing: no events, every node still up.
  CHECK(events.seen.empty());
  for (const auto& node : cluster.Nodes()) CHECK(cluster.IsUp(node));
}

TEST_CASE("EndpointCluster keeps the Cluster defaults for logs", "[cluster][endpoints]") {
  EndpointCluster cluster(kNodes);
  cluster.MarkTest("a test");
  CHECK(cluster.LogTail("n1", 10).empty());
  CHECK(cluster.LogDirectory().empty());
}
