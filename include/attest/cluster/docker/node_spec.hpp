// How one node is started: everything `docker run` needs, as data, and the argv made
// from it. Pure, so the exact flags are unit-tested:
//
//   docker run -d --init --name attest-1a2b3c4d-n1 --hostname n1
//     --network attest-1a2b3c4d --ip 10.0.42.2 -p 127.0.0.1:24817:8080
//     --mount type=volume,source=attest-1a2b3c4d-n1,target=/data,volume-label=attest.run=...
//     --log-driver json-file --label attest.run=1a2b3c4d --label ...
//     -e ADDR=10.0.42.2:8080 -e PEERS=10.0.42.3:8080,10.0.42.4:8080 -e DATA_DIR=/data
//     <image>
//
// --init puts a tiny init (docker-init) at PID 1, so SIGTERM reaches the program even
// when the program installs no handler of its own, and zombies are reaped. The port is
// published on 127.0.0.1 only: the test process reaches the node there and nowhere else.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "attest/cluster/docker/labels.hpp"
#include "attest/detail/inline.hpp"

namespace attest::docker {

inline constexpr const char* kDataDir = "/data";

struct NodeSpec {
  std::string name;       // "n1"
  std::string container;  // "attest-1a2b3c4d-n1"
  std::string network;    // "attest-1a2b3c4d"
  std::string ip;         // "10.0.42.2"
  int node_port = 8080;   // inside the node
  int host_port = 0;      // on 127.0.0.1
  std::string volume;     // "attest-1a2b3c4d-n1", mounted at kDataDir
  std::string image;
  std::vector<std::string> command;                      // after the image: the program's arguments
  std::vector<std::pair<std::string, std::string>> env;  // NodeEnvironment(...)
  Labels labels;                                         // on the container
  Labels volume_labels;    // on its volume (values without commas: --mount is comma-separated)
  bool net_admin = false;  // for network faults applied with docker exec
};

// ADDR, PEERS and DATA_DIR for node `index` of `ips`, then `extra` (WithEnv, which may
// override them).
std::vector<std::pair<std::string, std::string>> NodeEnvironment(
    const std::vector<std::string>& ips, std::size_t index, int node_port,
    const std::vector<std::pair<std::string, std::string>>& extra);

// `docker run` arguments (without the program name) for `spec`.
std::vector<std::string> RunArgs(const NodeSpec& spec);

// `docker network create` arguments for a run's network.
std::vector<std::string> NetworkCreateArgs(const std::string& name, const std::string& subnet,
                                           const std::string& gateway, const Labels& labels);

}  // namespace attest::docker

#if ATTEST_HEADER_ONLY
#include "attest/cluster/docker/detail/node_spec_inl.hpp"
#endif
