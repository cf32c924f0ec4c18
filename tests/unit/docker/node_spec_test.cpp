// The exact `docker run` and `docker network create` arguments, and each node's environment.
#include <attest/cluster/docker/node_spec.hpp>

#include <algorithm>

#include "support/catch.hpp"

using attest::docker::NodeSpec;

namespace {

NodeSpec Sample() {
  NodeSpec spec;
  spec.name = "n1";
  spec.container = "attest-1a2b3c4d-n1";
  spec.network = "attest-1a2b3c4d";
  spec.ip = "10.0.42.2";
  spec.node_port = 8080;
  spec.host_port = 24817;
  spec.volume = "attest-1a2b3c4d-n1";
  spec.image = "attest-binary/server:0123456789abcdef";
  spec.env = attest::docker::NodeEnvironment({"10.0.42.2", "10.0.42.3"}, 0, 8080, {});
  spec.labels = {{"attest.run", "1a2b3c4d"}, {"attest.suite", "a, b"}};
  spec.volume_labels = {{"attest.run", "1a2b3c4d"}};
  return spec;
}

}  // namespace

TEST_CASE("docker run starts a node detached, under an init, at its address, published on loopback only") {
  const auto args = attest::docker::RunArgs(Sample());
  const std::vector<std::string> expected = {
      "run",
      "-d",
      "--init",
      "--name",
      "attest-1a2b3c4d-n1",
      "--hostname",
      "n1",
      "--network",
      "attest-1a2b3c4d",
      "--ip",
      "10.0.42.2",
      "-p",
      "127.0.0.1:24817:8080",
      "--mount",
      "type=volume,source=attest-1a2b3c4d-n1,target=/data,volume-label=attest.run=1a2b3c4d",
      "--log-driver",
      "json-file",
      "--label",
      "attest.run=1a2b3c4d",
      "--label",
      "attest.suite=a, b",
      "-e",
      "ADDR=10.0.42.2:8080",
      "-e",
      "PEERS=10.0.42.3:8080",
      "-e",
      "DATA_DIR=/data",
      "attest-binary/server:0123456789abcdef"};
  CHECK(args == expected);
  for (const auto& arg : args) CHECK(arg.find("0.0.0.0") == std::string::npos);
}

TEST_CASE("Nodes controlled with docker exec get NET_ADMIN, others do not") {
  NodeSpec spec = Sample();
  auto args = attest::docker::RunArgs(spec);
  CHECK(std::find(args.begin(), args.end(), "NET_ADMIN") == args.end());
  spec.net_admin = true;
  args = attest::docker::RunArgs(spec);
  const auto cap = std::find(args.begin(), args.end(), "--cap-add");
  REQUIRE(cap != args.end());
  CHECK(*(cap + 1) == "NET_ADMIN");
  CHECK(args.back() == spec.image);
}

TEST_CASE("The program's arguments follow the image, so one image serves every argument list") {
  NodeSpec spec = Sample();
  spec.command = {"--port", "8080"};
  const auto args = attest::docker::RunArgs(spec);
  REQUIRE(args.size() >= 3);
  CHECK(std::vector<std::string>(args.end() - 3, args.end()) ==
        std::vector<std::string>{spec.image, "--port", "8080"});
}

TEST_CASE("Each node learns its address, its peers and its data directory, and WithEnv may override them") {
  const std::vector<std::string> ips = {"10.0.42.2", "10.0.42.3", "10.0.42.4"};
  const auto env = attest::docker::NodeEnvironment(ips, 1, 9000, {{"LOG", "debug"}, {"DATA_DIR", "/srv"}});
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"ADDR", "10.0.42.3:9000"},
      {"PEERS", "10.0.42.2:9000,10.0.42.4:9000"},
      {"DATA_DIR", "/srv"},
      {"LOG", "debug"}};
  CHECK(env == expected);
  CHECK(attest::docker::NodeEnvironment({"10.0.42.2"}, 0, 8080, {})[1].second.empty());
}

TEST_CASE("docker network create makes a labelled bridge with the subnet and gateway") {
  CHECK(attest::docker::NetworkCreateArgs("attest-1a2b3c4d", "10.0.42.0/24", "10.0.42.1",
                                          {{"attest.run", "1a2b3c4d"}}) ==
        std::vector<std::string>{"network", "create", "--driver", "bridge", "--subnet", "10.0.42.0/24",
                                 "--gateway", "10.0.42.1", "--label", "attest.run=1a2b3c4d",
                                 "attest-1a2b3c4d"});
}
