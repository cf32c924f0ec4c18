// The errors users meet, provoked for real: each names the thing and says what to do.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "docker_support.hpp"
#include "support/catch.hpp"

using namespace std::chrono_literals;
using attest::docker::DockerCluster;
using docker_test::Contains;
using docker_test::Events;

namespace {

// The message StartAll fails with; the cluster is cleaned up either way.
std::string StartError(const attest::SuiteConfig& config) {
  Events events;
  DockerCluster cluster(config);
  std::string message;
  try {
    cluster.StartAll(events.Sink());
  } catch (const std::exception& e) {
    message = e.what();
  }
  const std::string run = cluster.RunId();
  const std::string logs = cluster.LogDirectory();
  cluster.ShutdownAll(events.Sink());
  CHECK(docker_test::ResourcesOf(run).empty());
  std::filesystem::remove_all(logs);
  return message;
}

}  // namespace

TEST_CASE("A missing image says attest never pulls and how to get one") {
  auto config = docker_test::NodeConfig(1);
  config.binary.clear();
  config.image = "attest-test/no-such-image:1";
  const std::string message = StartError(config);
  CHECK(Contains(message, "\"attest-test/no-such-image:1\" is not on the Docker engine"));
  CHECK(Contains(message, "never pulls"));
  CHECK(Contains(message, "WithBinary"));
}

TEST_CASE("A failing Dockerfile build shows the build's output") {
  char name[] = "/tmp/attest-docker-build-XXXXXX";
  const std::string context = ::mkdtemp(name);
  std::ofstream(context + "/Dockerfile") << "FROM scratch\nRUN /attest-no-such-program\n";
  auto config = docker_test::NodeConfig(1);
  config.binary.clear();
  config.dockerfile_context = context;
  config.dockerfile = "Dockerfile";
  const std::string message = StartError(config);
  std::filesystem::remove_all(context);
  CHECK(Contains(message, "WithDockerfile: building the node image from " + context + "/Dockerfile failed"));
  CHECK(Contains(message, "command: docker build"));
  CHECK(Contains(message, "RUN /attest-no-such-program"));
  // The failed step's container does not stay behind.
  CHECK_FALSE(Contains(docker_test::Docker({"ps", "-a", "--no-trunc", "--format", "{{.Command}}"}),
                       "/attest-no-such-program"));
}

TEST_CASE("A missing Dockerfile or program is named") {
  auto config = docker_test::NodeConfig(1);
  config.binary.clear();
  config.dockerfile_context = "/nonexistent/attest-context";
  config.dockerfile = "Dockerfile";
  CHECK(Contains(StartError(config), "the build context /nonexistent/attest-context is not a directory"));
  config = docker_test::NodeConfig(1);
  config.binary = "/nonexistent/attest-program";
  CHECK(Contains(StartError(config), "WithBinary: the program /nonexistent/attest-program does not exist"));
}

TEST_CASE("A subnet another network holds is reported as taken") {
  attest::docker::Cli cli;
  const std::string network = "attest-test-subnet-" + attest::docker::NewRunId();
  const auto created =
      cli.Run({"network", "create", "--subnet", "10.0.231.0/24", "--label", "attest.test=1", network});
  REQUIRE(created.Ok());
  auto config = docker_test::NodeConfig(1);
  config.subnet = "10.0.231.0/24";
  const std::string message = StartError(config);
  (void)cli.Run({"network", "rm", network});
  CHECK(Contains(message, "WithSubnet(\"10.0.231.0/24\"): the subnet is taken"));
}

TEST_CASE("Without WithSubnet a taken default subnet is skipped, not an error") {
  attest::docker::Cli cli;
  const std::string network = "attest-test-default-" + attest::docker::NewRunId();
  const bool holds_default =
      cli.Run({"network", "create", "--subnet", "10.0.42.0/24", "--label", "attest.test=1", network}).Ok();
  Events events;
  DockerCluster cluster(docker_test::NodeConfig(1));
  cluster.StartAll(events.Sink());
  CHECK(cluster.Subnet() != "10.0.42.0/24");  // held by this test or by a concurrent run
  cluster.ShutdownAll(events.Sink());
  if (holds_default) (void)cli.Run({"network", "rm", network});
}

TEST_CASE("A subnet too small for the nodes is refused before anything starts") {
  auto config = docker_test::NodeConfig(6);
  config.subnet = "10.0.232.0/29";
  try {
    DockerCluster cluster(config);
    FAIL("accepted six nodes in a /29");
  } catch (const attest::UsageError& e) {
    CHECK(Contains(e.what(),
                   "WithSubnet(\"10.0.232.0/29\") is too small for WithCluster(6): it has room for 5"));
  }
}

TEST_CASE("A node that exits at start fails the start with its exit status and its last lines") {
  const std::string message = StartError(docker_test::NodeConfig(2, {"--exit-at-start", "3"}));
  CHECK(Contains(message, "exited while starting (exit status 3"));
  CHECK(Contains(message, "refusing to start, as asked"));
  CHECK(Contains(message, "fatal: configuration missing"));
  CHECK(Contains(message, "full log: "));
}

TEST_CASE("A node that never answers /health with 200 fails after the start timeout, with its log") {
  auto config = docker_test::NodeConfig(1, {"--unhealthy"});
  config.node_start_timeout = 2500ms;
  const std::string message = StartError(config);
  INFO(message);
  CHECK(Contains(message, "node n1 did not answer GET /health with 200 within 2500ms (answered 503)"));
  CHECK(Contains(message, "WithNodeStartTimeout"));
  CHECK(Contains(message, "listening on"));
}

TEST_CASE("An unknown node is named with the nodes the cluster has") {
  Events events;
  DockerCluster cluster(docker_test::NodeConfig(2));
  CHECK_THROWS_WITH(cluster.Stop("n9", events.Sink()),
                    Catch::Contains("unknown node \"n9\"; the cluster has n1, n2"));
  CHECK_THROWS_WITH(cluster.Endpoint("n3"), Catch::Contains("unknown node \"n3\""));
}

TEST_CASE("A host port taken while its node is down fails the start and names the port") {
  Events events;
  DockerCluster cluster(docker_test::NodeConfig(1));
  cluster.StartAll(events.Sink());
  const int port = cluster.Endpoint("n1").port;
  cluster.Stop("n1", events.Sink());
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  REQUIRE(::listen(fd, 1) == 0);
  try {
    cluster.Start("n1", events.Sink());
    FAIL("started on a taken port");
  } catch (const attest::InfrastructureError& e) {
    CHECK(Contains(e.what(), "node n1 cannot start again: its port 127.0.0.1:" + std::to_string(port)));
    CHECK(Contains(e.what(), "taken by another program"));
  }
  ::close(fd);
  cluster.ShutdownAll(events.Sink());
}

TEST_CASE("A suite without an image source says what to give") {
  auto config = docker_test::NodeConfig(2);
  config.binary.clear();
  CHECK_THROWS_WITH(DockerCluster(config),
                    Catch::Contains("WithCluster(2) needs to know what to run on its nodes"));
}

TEST_CASE("A docker CLI that is not there is named, with what to install") {
  Events events;
  DockerCluster cluster(docker_test::NodeConfig(1), attest::docker::Cli("/nonexistent/docker"));
  try {
    cluster.StartAll(events.Sink());
    FAIL("no error");
  } catch (const attest::InfrastructureError& e) {
    CHECK(Contains(e.what(), "\"/nonexistent/docker\" could not be run"));
    CHECK(Contains(e.what(), "apt-get install docker.io"));
  }
  cluster.ShutdownAll(events.Sink());
}

TEST_CASE("An engine that does not answer is named, with how to start one") {
  const char* previous = std::getenv("DOCKER_HOST");
  const std::string saved = previous ? previous : "";
  ::setenv("DOCKER_HOST", "unix:///nonexistent/attest-docker.sock", 1);
  std::string message;
  {
    Events events;
    DockerCluster cluster(docker_test::NodeConfig(1));
    try {
      cluster.StartAll(events.Sink());
    } catch (const attest::InfrastructureError& e) {
      message = e.what();
    }
    cluster.ShutdownAll(events.Sink());
  }
  if (previous) {
    ::setenv("DOCKER_HOST", saved.c_str(), 1);
  } else {
    ::unsetenv("DOCKER_HOST");
  }
  CHECK(Contains(message, "the Docker engine is not running"));
  CHECK(Contains(message, "scripts/docker-engine.sh"));
}
