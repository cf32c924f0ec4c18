// Node lifecycle against the real engine: a cluster packed with WithBinary starts with
// each node at its address; Stop, Kill, Start and Restart keep address, port and data;
// SIGTERM reaches the program under docker's init; Stop falls back to SIGKILL.
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <set>
#include <string>

#include "docker_support.hpp"
#include "support/catch.hpp"

using namespace std::chrono_literals;
using attest::docker::DockerCluster;
using docker_test::Body;
using docker_test::Contains;
using docker_test::Events;

TEST_CASE(
    "Three nodes start from a packed program, each at its own address with its peers and data directory") {
  Events events;
  DockerCluster cluster(docker_test::NodeConfig(3));
  cluster.StartAll(events.Sink());
  CHECK(cluster.Nodes() == std::vector<std::string>{"n1", "n2", "n3"});
  CHECK(cluster.ImageTag().rfind("attest-binary/attest_test_node:", 0) == 0);
  std::set<int> ports;
  for (const auto& node : cluster.Nodes()) {
    CAPTURE(node);
    CHECK(cluster.IsUp(node));
    const auto endpoint = cluster.Endpoint(node);
    CHECK(endpoint.host == "127.0.0.1");
    ports.insert(endpoint.port);
    const std::string env = Body(endpoint, "/env");
    CHECK(Contains(env, "ADDR=" + cluster.Addr(node) + "\n"));
    CHECK(Contains(env, "DATA_DIR=/data\n"));
    CHECK(Contains(env, "HOSTNAME=" + node + "\n"));
    for (const auto& peer : cluster.Nodes()) {
      if (peer != node) CHECK(Contains(env, cluster.Addr(peer)));
    }
    // Published on loopback only.
    const std::string published = docker_test::Docker({"port", cluster.ContainerName(node)});
    CHECK(Contains(published, "127.0.0.1:" + std::to_string(endpoint.port)));
    CHECK_FALSE(Contains(published, "0.0.0.0"));
  }
  CHECK(ports.size() == 3);
  const std::string subnet = cluster.Subnet();
  CHECK(cluster.Addr("n1").rfind(subnet.substr(0, subnet.rfind('.')), 0) == 0);
  CHECK(Contains(events.All(), "3 nodes up"));
  const std::string run = cluster.RunId();
  CHECK_FALSE(docker_test::ResourcesOf(run).empty());
  cluster.ShutdownAll(events.Sink());
  CHECK(docker_test::ResourcesOf(run).empty());
}

TEST_CASE("Stop, Kill, Start and Restart keep a node's address, port and data") {
  Events events;
  auto config = docker_test::NodeConfig(2);
  DockerCluster cluster(config);
  cluster.StartAll(events.Sink());
  const auto endpoint = cluster.Endpoint("n1");
  const auto addr = cluster.Addr("n1");
  REQUIRE(docker_test::Put(endpoint, "/data/k", "v1"));

  cluster.Stop("n1", events.Sink());
  CHECK_FALSE(cluster.IsUp("n1"));
  CHECK(cluster.IsUp("n2"));
  CHECK(docker_test::Status(endpoint, "/health") != 200);
  cluster.Start("n1", events.Sink());
  CHECK(cluster.IsUp("n1"));
  CHECK(cluster.Endpoint("n1") == endpoint);
  CHECK(cluster.Addr("n1") == addr);
  CHECK(Body(endpoint, "/data/k") == "v1");

  REQUIRE(docker_test::Put(endpoint, "/data/k", "v2"));
  cluster.Kill("n1", events.Sink());
  CHECK_FALSE(cluster.IsUp("n1"));
  cluster.Start("n1", events.Sink());
  CHECK(Body(endpoint, "/data/k") == "v2");

  REQUIRE(docker_test::Put(endpoint, "/data/k", "v3"));
  cluster.Restart("n1", SIGTERM, events.Sink());
  CHECK(Body(endpoint, "/data/k") == "v3");
  REQUIRE(docker_test::Put(endpoint, "/data/k", "v4"));
  cluster.Restart("n1", SIGKILL, events.Sink());
  CHECK(cluster.IsUp("n1"));
  CHECK(Body(endpoint, "/data/k") == "v4");
  CHECK(cluster.Endpoint("n1") == endpoint);
  CHECK(Contains(Body(endpoint, "/env"), "ADDR=" + addr));
  // n2 has a volume of its own.
  CHECK(docker_test::Status(cluster.Endpoint("n2"), "/data/k") == 404);
  cluster.ShutdownAll(events.Sink());
}

TEST_CASE("The DSL drives a Docker cluster: lifecycle calls, selectors, Fetch and Addr") {
  docker_test::Collecting reporter;
  auto suite = attest::New(attest::WithCluster(3), attest::WithBinary(docker_test::NodeProgram()),
                           attest::WithName("dsl"))
                   .Test("Data Survives Every Kind Of Restart", [](attest::Do& d) {
                     d.PUT(attest::Node("n1"), "/data/key", "value").Status(attest::Is(200)).Run();
                     d.Stop("n1");
                     CHECK_FALSE(d.Fetch("n1", "/health").has_value());
                     CHECK(d.Names(d.AllNodes()) == std::vector<std::string>{"n2", "n3"});
                     d.GET(d.AllNodes(), "/health").Status(attest::Is(200)).Run();
                     d.Start("n1");
                     d.GET(attest::Node("n1"), "/data/key").Body(attest::Is("value")).Run();
                     d.Kill("n3");
                     CHECK(d.Names(d.AllNodes()) == std::vector<std::string>{"n1", "n2"});
                     d.Restart("n1", SIGKILL);
                     d.Restart("n2");
                     d.Start("n3");
                     d.GET(attest::Node("n1"), "/data/key").Body(attest::Is("value")).Run();
                     d.GET(d.AllNodes(), "/health").Status(attest::Is(200)).Run();
                     const auto env = d.Fetch("n2", "/env");
                     REQUIRE(env.has_value());
                     CHECK(Contains(env->Body, "ADDR=" + d.Addr("n2")));
                   });
  const bool passed = suite.Run(reporter);
  INFO(reporter.failures);
  INFO(reporter.events);
  CHECK(passed);
}

TEST_CASE("SIGTERM reaches the program under docker's init, and Stop waits for it to exit") {
  Events events;
  DockerCluster cluster(docker_test::NodeConfig(1));
  cluster.StartAll(events.Sink());
  const auto started = std::chrono::steady_clock::now();
  cluster.Stop("n1", events.Sink());
  CHECK(std::chrono::steady_clock::now() - started < 4s);  // not the 5s shutdown timeout
  CHECK(Contains(events.All(), "n1 stopped (exit status 0)"));
  const auto tail = cluster.LogTail("n1", 5);
  REQUIRE_FALSE(tail.empty());
  CHECK(tail.back() == "test node: received SIGTERM, shutting down");
  const std::string dir = cluster.LogDirectory();
  cluster.ShutdownAll(events.Sink());
  std::filesystem::remove_all(dir);  // LogTail kept it
}

TEST_CASE("Stop sends SIGKILL to a program that ignores SIGTERM once the shutdown timeout is over") {
  Events events;
  auto config = docker_test::NodeConfig(1, {"--ignore-sigterm"});
  config.node_shutdown_timeout = 700ms;
  DockerCluster cluster(config);
  cluster.StartAll(events.Sink());
  const auto started = std::chrono::steady_clock::now();
  cluster.Stop("n1", events.Sink());
  const auto took = std::chrono::steady_clock::now() - started;
  CHECK(took >= 700ms);
  CHECK(took < 10s);
  CHECK(Contains(events.All(), "still running 700ms after SIGTERM, so it got SIGKILL"));
  CHECK_FALSE(cluster.IsUp("n1"));
  cluster.Start("n1", events.Sink());
  CHECK(cluster.IsUp("n1"));
  cluster.ShutdownAll(events.Sink());
}
