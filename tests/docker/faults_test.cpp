// Partitions and impairments on real nodes, checked by requests the nodes make to
// each other over the Docker network (GET /call on one node makes it call another).
#include <signal.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "docker_support.hpp"
#include "support/catch.hpp"

using namespace std::chrono_literals;
using attest::docker::DockerCluster;
using docker_test::Contains;
using docker_test::Events;

namespace {

using Links = std::map<std::pair<std::string, std::string>, bool>;

// Which node reaches which, every pair asked at once (a cut link costs the node's 1s timeout).
Links Reachability(DockerCluster& cluster) {
  Links links;
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const auto& from : cluster.Nodes()) {
    if (!cluster.IsUp(from)) continue;
    for (const auto& to : cluster.Nodes()) {
      if (from != to && cluster.IsUp(to)) pairs.emplace_back(from, to);
    }
  }
  std::vector<int> status(pairs.size(), 0);
  {
    std::vector<std::jthread> threads;
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      threads.emplace_back([&, i] {
        status[i] = docker_test::Status(cluster.Endpoint(pairs[i].first),
                                        "/call?addr=" + cluster.Addr(pairs[i].second) + "&path=/health");
      });
    }
  }
  for (std::size_t i = 0; i < pairs.size(); ++i) links[pairs[i]] = status[i] == 200;
  return links;
}

// The links a partition into `groups` leaves: within a group only.
Links Expected(DockerCluster& cluster, const std::vector<std::vector<std::string>>& groups) {
  auto group_of = [&](const std::string& node) {
    for (std::size_t g = 0; g < groups.size(); ++g) {
      for (const auto& member : groups[g]) {
        if (member == node) return static_cast<int>(g);
      }
    }
    return -1;
  };
  Links links;
  for (const auto& from : cluster.Nodes()) {
    if (!cluster.IsUp(from)) continue;
    for (const auto& to : cluster.Nodes()) {
      if (from == to || !cluster.IsUp(to)) continue;
      const int a = group_of(from), b = group_of(to);
      links[{from, to}] = a < 0 || b < 0 || a == b;
    }
  }
  return links;
}

std::string Describe(const Links& links) {
  std::string text;
  for (const auto& [pair, up] : links) text += pair.first + "->" + pair.second + (up ? " up\n" : " cut\n");
  return text;
}

void RequireTestProcessReachesAll(DockerCluster& cluster) {
  for (const auto& node : cluster.Nodes()) {
    if (cluster.IsUp(node)) CHECK(docker_test::Status(cluster.Endpoint(node), "/health") == 200);
  }
}

}  // namespace

TEST_CASE("A 2/3 partition cuts exactly the links between the groups, both ways, and Heal restores them") {
  Events events;
  DockerCluster cluster(docker_test::NodeConfig(5));
  cluster.StartAll(events.Sink());
  REQUIRE(Describe(Reachability(cluster)) == Describe(Expected(cluster, {})));

  const std::vector<std::vector<std::string>> groups = {{"n1", "n2"}, {"n3", "n4", "n5"}};
  cluster.Partition(groups, events.Sink());
  CHECK(Describe(Reachability(cluster)) == Describe(Expected(cluster, groups)));
  RequireTestProcessReachesAll(cluster);  // the test's own path is never cut
  CHECK(Contains(events.All(), "partitioned n1,n2 | n3,n4,n5"));

  cluster.Heal(events.Sink());
  CHECK(Describe(Reachability(cluster)) == Describe(Expected(cluster, {})));
  CHECK_FALSE(cluster.NetworkControlUsed().empty());
  cluster.ShutdownAll(events.Sink());
}

TEST_CASE("Isolating one node cuts it from every peer while the others still talk") {
  Events events;
  DockerCluster cluster(docker_test::NodeConfig(3));
  cluster.StartAll(events.Sink());
  const std::vector<std::vector<std::string>> groups = {{"n1"}, {"n2", "n3"}};
  cluster.Partition(groups, events.Sink());
  CHECK(Describe(Reachability(cluster)) == Describe(Expected(cluster, groups)));
  // A second partition replaces the first.
  const std::vector<std::vector<std::string>> other = {{"n1", "n2"}, {"n3"}};
  cluster.Partition(other, events.Sink());
  CHECK(Describe(Reachability(cluster)) == Describe(Expected(cluster, other)));
  cluster.Heal(events.Sink());
  CHECK(Describe(Reachability(cluster)) == Describe(Expected(cluster, {})));
  cluster.ShutdownAll(events.Sink());
}

TEST_CASE(
    "A node keeps its side of a partition across restarts, and a node down at Heal is healed when it "
    "starts") {
  Events events;
  DockerCluster cluster(docker_test::NodeConfig(3));
  cluster.StartAll(events.Sink());
  const std::vector<std::vector<std::string>> groups = {{"n1", "n2"}, {"n3"}};
  cluster.Partition(groups, events.Sink());
  cluster.Restart("n3", SIGKILL, events.Sink());  // a fresh network namespace
  cluster.Restart("n1", SIGTERM, events.Sink());
  CHECK(Describe(Reachability(cluster)) == Describe(Expected(cluster, groups)));

  cluster.Stop("n2", events.Sink());
  cluster.Heal(events.Sink());
  cluster.Start("n2", events.Sink());
  CHECK(Describe(Reachability(cluster)) == Describe(Expected(cluster, {})));
  cluster.ShutdownAll(events.Sink());
}

TEST_CASE("Partitions through the DSL, seen by the nodes' own requests") {
  docker_test::Collecting reporter;
  auto suite = attest::New(attest::WithCluster(3), attest::WithBinary(docker_test::NodeProgram()),
                           attest::WithClusterSettleDuration(50ms))
                   .Test("Split And Heal", [](attest::Do& d) {
                     const std::string to_n3 = "/call?addr=" + d.Addr("n3") + "&path=/health";
                     d.GET(attest::Node("n1"), to_n3).Status(attest::Is(200)).Run();
                     d.Partition({"n1", "n2"}, {"n3"});
                     d.GET(attest::Node("n1"), to_n3).Status(attest::Is(502)).Run();
                     d.GET(attest::Node("n2"), "/call?addr=" + d.Addr("n1") + "&path=/health")
                         .Status(attest::Is(200))
                         .Run();
                     d.GET(d.AllNodes(), "/health").Status(attest::Is(200)).Run();
                     d.Heal();
                     d.GET(attest::Node("n1"), to_n3).Eventually(5s).Status(attest::Is(200)).Run();
                   });
  const bool passed = suite.Run(reporter);
  INFO(reporter.failures);
  CHECK(passed);
}

TEST_CASE("The helper container way packs the host's iptables and tc and cuts links too") {
  Events events;
  auto config = docker_test::NodeConfig(3);
  config.network_control = attest::NetworkControl::Helper;
  DockerCluster cluster(config);
  cluster.StartAll(events.Sink());
  const std::vector<std::vector<std::string>> groups = {{"n1"}, {"n2", "n3"}};
  cluster.Partition(groups, events.Sink());
  CHECK(cluster.NetworkControlUsed() == "helper container");
  CHECK(Describe(Reachability(cluster)) == Describe(Expected(cluster, groups)));
  cluster.Restart("n1", SIGKILL, events.Sink());
  CHECK(Describe(Reachability(cluster)) == Describe(Expected(cluster, groups)));
  cluster.Heal(events.Sink());
  CHECK(Describe(Reachability(cluster)) == Describe(Expected(cluster, {})));
  cluster.ShutdownAll(events.Sink());
}

TEST_CASE("docker exec into nodes without iptables says the tool is missing there") {
  Events events;
  auto config = docker_test::NodeConfig(2);
  config.network_control = attest::NetworkControl::Exec;
  DockerCluster cluster(config);
  cluster.StartAll(events.Sink());
  try {
    cluster.Partition({{"n1"}, {"n2"}}, events.Sink());
    FAIL("the partition claimed to work in an image without iptables");
  } catch (const attest::InfrastructureError& e) {
    INFO(e.what());
    CHECK(Contains(e.what(), "n1"));
    CHECK(Contains(e.what(), "iptables-restore"));
  }
  cluster.ShutdownAll(events.Sink());
}

TEST_CASE("docker exec runs the node image's own iptables when it has them, and cuts links") {
  // A node image with the tools: the packed test node plus the helper image's files.
  char name[] = "/tmp/attest-exec-image-XXXXXX";
  const std::string context = ::mkdtemp(name);
  const std::string node_image =
      attest::docker::EnsureBinaryImage(attest::docker::Cli(), docker_test::NodeProgram());
  const std::string helper_image = attest::docker::EnsureHelperImage(attest::docker::Cli());
  std::ofstream(context + "/Dockerfile")
      << "FROM " << node_image << "\nCOPY --from=" << helper_image << " / /\n";
  Events events;
  auto config = docker_test::NodeConfig(3);
  config.binary.clear();
  config.dockerfile_context = context;
  config.dockerfile = "Dockerfile";
  config.network_control = attest::NetworkControl::Exec;
  DockerCluster cluster(config);
  cluster.StartAll(events.Sink());
  std::filesystem::remove_all(context);
  const std::vector<std::vector<std::string>> groups = {{"n1", "n3"}, {"n2"}};
  cluster.Partition(groups, events.Sink());
  CHECK(cluster.NetworkControlUsed() == "docker exec");
  CHECK(Describe(Reachability(cluster)) == Describe(Expected(cluster, groups)));
  cluster.Restart("n2", SIGTERM, events.Sink());
  CHECK(Describe(Reachability(cluster)) == Describe(Expected(cluster, groups)));
  cluster.Heal(events.Sink());
  CHECK(Describe(Reachability(cluster)) == Describe(Expected(cluster, {})));
  cluster.ShutdownAll(events.Sink());
  (void)attest::docker::Cli().Run({"image", "rm", cluster.ImageTag()});  // built from a temporary context
}

TEST_CASE("Impair either shapes the traffic or says the kernel has no netem; it never pretends") {
  Events events;
  DockerCluster cluster(docker_test::NodeConfig(2));
  cluster.StartAll(events.Sink());
  bool impaired = false;
  try {
    cluster.Impair({"n1", "n2"}, {attest::Delay(20ms), attest::Loss(1)}, events.Sink());
    impaired = true;
  } catch (const attest::InfrastructureError& e) {
    INFO(e.what());
    CHECK(Contains(e.what(), "netem"));
    CHECK(Contains(e.what(), "n1"));
  }
  if (impaired) CHECK(Contains(events.All(), "impaired n1, n2"));  // measured by attest_docker_netem
  // Nothing is left impaired either way: Repair finds nothing, or removes the qdisc.
  cluster.Repair({"n1", "n2"}, events.Sink());
  CHECK(Contains(events.All(), "repaired n1, n2"));
  cluster.ShutdownAll(events.Sink());
}
