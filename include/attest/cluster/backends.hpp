// Node backends that start clusters for WithCluster(n). A backend registers a factory
// (the built-in Docker node manager does so, first, when a suite first asks for a
// cluster); the suite asks for one by name when it has nodes to start. Keeping the registry here lets
// backends live in headers that only the code needing them includes.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "attest/cluster/cluster.hpp"
#include "attest/config/suite_config.hpp"
#include "attest/detail/strings.hpp"
#include "attest/error.hpp"

namespace attest {

// A named factory of clusters: what a node backend registers.
struct ClusterBackend {
  std::string name;  // "docker"
  // Builds a cluster for the config. Throws Unavailable when this machine cannot run
  // it (no engine: the suite is reported skipped with the text), InfrastructureError
  // for anything else that stops it (the suite fails with the text).
  std::function<std::unique_ptr<Cluster>(const SuiteConfig&)> make;
};

namespace detail {
inline std::vector<ClusterBackend>& ClusterBackends() {
  static std::vector<ClusterBackend> backends;
  return backends;
}
}  // namespace detail

// Adds a backend (the first registration of a name wins). Returns true so a backend
// can register itself with an inline variable:
//   inline const bool registered = attest::RegisterClusterBackend({"mine", MakeMine});
inline bool RegisterClusterBackend(ClusterBackend backend) {
  for (const auto& existing : detail::ClusterBackends()) {
    if (existing.name == backend.name) return true;
  }
  detail::ClusterBackends().push_back(std::move(backend));
  return true;
}

namespace detail {

// For the built-in backend: ahead of the others, so it is the default; once.
inline void RegisterClusterBackendFirst(ClusterBackend backend) {
  auto& backends = ClusterBackends();
  for (const auto& existing : backends) {
    if (existing.name == backend.name) return;
  }
  backends.insert(backends.begin(), std::move(backend));
}

// The backend called `name`, or the first one (the default) for "", or nullptr.
inline const ClusterBackend* FindClusterBackend(const std::string& name) {
  for (const auto& backend : ClusterBackends()) {
    if (name.empty() || name == backend.name) return &backend;
  }
  return nullptr;
}

// The registered backends' names, in order, for messages: "docker, mine".
inline std::string ClusterBackendNames() {
  std::vector<std::string> names;
  for (const auto& backend : ClusterBackends()) names.push_back(backend.name);
  return Join(names);
}

inline std::unique_ptr<Cluster> MakeManagedCluster(const SuiteConfig& config) {
  const auto& backends = ClusterBackends();
  if (backends.empty()) {
    throw InfrastructureError(
        "WithCluster(" + std::to_string(config.cluster_size) +
        ") needs a node backend to start the nodes, and none is linked into this program: include "
        "<attest/cluster/docker.hpp> (or <attest/attest.hpp>, which includes it) for the Docker backend; "
        "to test nodes that are already running, use WithEndpoints({{\"n1\", \"127.0.0.1:8081\"}}) or the "
        "runner's --endpoints n1=127.0.0.1:8081,n2=127.0.0.1:8082");
  }
  if (const ClusterBackend* backend = FindClusterBackend(config.backend)) return backend->make(config);
  throw InfrastructureError("no node backend is called \"" + config.backend +
                            "\" (WithBackend or the runner's "
                            "--backend); this program has: " +
                            ClusterBackendNames() +
                            "; to test nodes that are already running, use WithEndpoints or the runner's "
                            "--endpoints n1=127.0.0.1:8081,...");
}

}  // namespace detail
}  // namespace attest
