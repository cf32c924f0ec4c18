// The Docker backend: WithCluster(n) starts the program under test as n containers
// (docs/node-manager.md). Including this header registers the backend as "docker";
// <attest/attest.hpp> includes it, so a suite needs nothing more:
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
// without one, the suite fails at start with a message saying how to get one.
#pragma once

#include "attest/cluster/backends.hpp"
#include "attest/cluster/docker/docker_cluster.hpp"
#include "attest/cluster/run_log.hpp"

namespace attest::docker {

// The registration itself: an inline variable, initialised once per program.
inline const bool kBackendRegistered = RegisterClusterBackend(ClusterBackend{"docker", &MakeDockerCluster});

}  // namespace attest::docker
