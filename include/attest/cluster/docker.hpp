// The Docker backend: WithCluster(n) starts the program under test as n containers
// (docs/node-manager.md). It is attest's built-in backend, "docker", the default for
// WithCluster: <attest/attest.hpp> includes this header, so a suite needs nothing more:
//
//   Suite Persistence() {
//     return New(WithCluster(3), WithBinary("build/kv_server"))
//         .Test("Data Survives SIGTERM", [](Do& d) {
//           d.PUT(Node("n1"), "/kv/a", "1").Status(Is(200)).Run();
//           d.Restart("n1");
//           d.GET(Node("n1"), "/kv/a").Eventually().Body(Is("1")).Run();
//         });
//   }
//
// Needs the docker CLI ($ATTEST_DOCKER, or docker on PATH) and an engine it reaches;
// without one, the suite is skipped at start with a message saying how to get one.
#pragma once

#include <mutex>

#include "attest/cluster/backends.hpp"
#include "attest/cluster/docker/docker_cluster.hpp"
#include "attest/cluster/run_log.hpp"

namespace attest::docker {

// Puts "docker" first among the backends (so it is the default), once. Suite::Run calls
// it before it asks for a cluster: registering there rather than from a static
// variable means only the code that runs suites compiles the backend, not every file
// that includes this header.
// Suites running on several threads at once meet here: call_once orders the one
// registration before every suite's reading of the list.
inline void RegisterBuiltInBackend() {
  static std::once_flag once;
  std::call_once(once, [] {
    attest::detail::RegisterClusterBackendFirst(ClusterBackend{"docker", &MakeDockerCluster});
  });
}

}  // namespace attest::docker
