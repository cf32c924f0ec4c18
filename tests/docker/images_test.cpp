// Where the nodes' image comes from: a packed program (cached by content, no shell
// inside), an image already on the engine, a Dockerfile context; and the helper image.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "docker_support.hpp"
#include "support/catch.hpp"

using attest::docker::Cli;
using attest::docker::DockerCluster;
using docker_test::Contains;
using docker_test::Events;

namespace {

struct TempDir {
  std::string path;
  TempDir() {
    char name[] = "/tmp/attest-docker-test-XXXXXX";
    path = ::mkdtemp(name);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

std::string PackedNodeImage() { return attest::docker::EnsureBinaryImage(Cli(), docker_test::NodeProgram()); }

}  // namespace

TEST_CASE("A packed program is cached by content: the second time nothing is packed") {
  const std::string first = PackedNodeImage();
  bool imported = true;
  const std::string second = attest::docker::EnsureBinaryImage(Cli(), docker_test::NodeProgram(), &imported);
  CHECK_FALSE(imported);  // found by its content tag: nothing packed, nothing imported
  CHECK(second == first);
}

TEST_CASE("A program's arguments are not in its image: suites with other arguments share it") {
  // Were they baked in, two suites running the program with other arguments at once
  // would each pack its own image and remove the other's as an older one.
  auto config = docker_test::NodeConfig(1, {"--unhealthy"});
  const attest::docker::NodeImage prepared = attest::docker::PrepareNodeImage(Cli(), config);
  CHECK(prepared.tag == PackedNodeImage());
  CHECK(prepared.command == std::vector<std::string>{"--unhealthy"});
}

TEST_CASE("A packed image holds the program and its libraries, and no shell") {
  const std::string tag = PackedNodeImage();
  const auto shell = Cli().Run({"run", "--rm", "--entrypoint", "/bin/sh", tag, "-c", "true"});
  CHECK_FALSE(shell.Ok());
  const std::string config =
      docker_test::Docker({"image", "inspect", "--format", "{{json .Config.Entrypoint}}", tag});
  CHECK(Contains(config, "/attest/bin/attest_test_node"));
}

TEST_CASE("WithImage runs an image that is already on the engine") {
  Events events;
  auto config = docker_test::NodeConfig(1);
  config.binary.clear();
  config.image = PackedNodeImage();
  DockerCluster cluster(config);
  cluster.StartAll(events.Sink());
  CHECK(cluster.ImageTag() == config.image);
  CHECK(docker_test::Status(cluster.Endpoint("n1"), "/health") == 200);
  cluster.ShutdownAll(events.Sink());
}

TEST_CASE("WithImage wins over WithBinary, so the runner's --image replaces a suite's program") {
  Events events;
  auto config = docker_test::NodeConfig(1);
  config.binary = "/nonexistent/program/that/would/fail";
  config.image = PackedNodeImage();
  DockerCluster cluster(config);
  cluster.StartAll(events.Sink());
  CHECK(cluster.ImageTag() == config.image);
  cluster.ShutdownAll(events.Sink());
}

TEST_CASE("WithDockerfile builds the context and runs what it built") {
  TempDir context;
  std::ofstream(context.path + "/Dockerfile")
      << "FROM " << PackedNodeImage() << "\nENV EXTRA=from-dockerfile\n";
  Events events;
  auto config = docker_test::NodeConfig(1);
  config.binary.clear();
  config.dockerfile_context = context.path;
  config.dockerfile = "Dockerfile";
  DockerCluster cluster(config);
  cluster.StartAll(events.Sink());
  CHECK(cluster.ImageTag().rfind("attest-dockerfile/", 0) == 0);
  CHECK(Contains(docker_test::Body(cluster.Endpoint("n1"), "/env"), "EXTRA=from-dockerfile"));
  cluster.ShutdownAll(events.Sink());
  (void)Cli().Run({"image", "rm", cluster.ImageTag()});  // built from a temporary context
}

TEST_CASE("The helper image carries this host's iptables and tc, and they run in it") {
  const std::string helper = attest::docker::EnsureHelperImage(Cli());
  CHECK(helper.rfind("attest-helper/netctl:", 0) == 0);
  const auto tc = Cli().Run({"run", "--rm", helper, "tc", "-V"});
  INFO(tc.Output());
  CHECK(tc.Ok());
  const auto iptables = Cli().Run({"run", "--rm", helper, "iptables-restore", "--version"});
  INFO(iptables.Output());
  CHECK(iptables.Ok());
  CHECK(attest::docker::EnsureHelperImage(Cli()) == helper);
}
