// The node-backend registry (cluster/backends.hpp): registration, first name wins, and
// how a suite's config picks a backend. Backends build real EndpointClusters, whose first
// node's name says which backend built them.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "attest/cluster/backends.hpp"
#include "attest/cluster/endpoints.hpp"
#include "attest/error.hpp"
#include "support/catch.hpp"

using attest::ClusterBackend;
using attest::RegisterClusterBackend;
using attest::SuiteConfig;
using attest::detail::ClusterBackends;
using attest::detail::MakeManagedCluster;

namespace {

// Empties the process-wide registry for one test and puts the old one back after it, so
// the tests neither see each other's backends nor depend on their order.
class EmptyRegistry {
 public:
  EmptyRegistry() : saved_(std::move(ClusterBackends())) { ClusterBackends().clear(); }
  ~EmptyRegistry() { ClusterBackends() = std::move(saved_); }
  EmptyRegistry(const EmptyRegistry&) = delete;
  EmptyRegistry& operator=(const EmptyRegistry&) = delete;

 private:
  std::vector<ClusterBackend> saved_;
};

// A backend whose clusters have one node named `marker`, sized as the config asks.
ClusterBackend Backend(const std::string& name, const std::string& marker) {
  return ClusterBackend{name, [marker](const SuiteConfig& config) -> std::unique_ptr<attest::Cluster> {
                          std::vector<std::pair<std::string, std::string>> nodes;
                          for (int i = 0; i < config.cluster_size; ++i) {
                            nodes.emplace_back(i == 0 ? marker : marker + std::to_string(i + 1),
                                               "127.0.0.1:" + std::to_string(9000 + i));
                          }
                          return std::make_unique<attest::EndpointCluster>(std::move(nodes));
                        }};
}

SuiteConfig Config(int nodes, std::string backend = {}) {
  SuiteConfig config;
  config.cluster_size = nodes;
  config.backend = std::move(backend);
  return config;
}

std::string Built(const SuiteConfig& config) {
  const auto cluster = MakeManagedCluster(config);
  REQUIRE(cluster != nullptr);
  REQUIRE_FALSE(cluster->Nodes().empty());
  return cluster->Nodes().front();
}

std::string ErrorOf(const SuiteConfig& config) {
  try {
    (void)MakeManagedCluster(config);
  } catch (const attest::Error& error) {  // InfrastructureError: not the test's mistake
    return error.what();
  }
  return "";
}

std::vector<std::string> Names() {
  std::vector<std::string> names;
  for (const auto& backend : ClusterBackends()) names.push_back(backend.name);
  return names;
}

}  // namespace

TEST_CASE("RegisterClusterBackend adds backends in order and returns true", "[cluster][backends]") {
  EmptyRegistry registry;
  CHECK(RegisterClusterBackend(Backend("alpha", "a")));
  CHECK(RegisterClusterBackend(Backend("beta", "b")));
  CHECK(Names() == std::vector<std::string>{"alpha", "beta"});
}

TEST_CASE("RegisterClusterBackend: the first registration of a name wins", "[cluster][backends]") {
  EmptyRegistry registry;
  CHECK(RegisterClusterBackend(Backend("alpha", "first")));
  CHECK(RegisterClusterBackend(Backend("alpha", "second")));  // still true: nothing to report
  CHECK(Names() == std::vector<std::string>{"alpha"});
  CHECK(Built(Config(1, "alpha")) == "first");
  CHECK(Built(Config(1)) == "first");
}

TEST_CASE("MakeManagedCluster without any backend says how to get one", "[cluster][backends]") {
  EmptyRegistry registry;
  CHECK(ErrorOf(Config(3)) ==
        "WithCluster(3) needs a node backend to start the nodes, and none is linked into this program: "
        "include <attest/cluster/docker.hpp> (or <attest/attest.hpp>, which includes it) for the Docker "
        "backend; to test nodes that are already running, use WithEndpoints({{\"n1\", \"127.0.0.1:8081\"}}) "
        "or the runner's --endpoints n1=127.0.0.1:8081,n2=127.0.0.1:8082");
  // Naming a backend does not change that: there is none to choose from.
  CHECK_THAT(ErrorOf(Config(1, "docker")),
             Catch::Matchers::StartsWith("WithCluster(1) needs a node backend"));
}

TEST_CASE("MakeManagedCluster picks the backend the config names", "[cluster][backends]") {
  EmptyRegistry registry;
  RegisterClusterBackend(Backend("alpha", "a"));
  RegisterClusterBackend(Backend("beta", "b"));
  CHECK(Built(Config(1, "beta")) == "b");
  CHECK(Built(Config(1, "alpha")) == "a");
  // The factory gets the whole config.
  const auto cluster = MakeManagedCluster(Config(3, "beta"));
  CHECK(cluster->Nodes() == std::vector<std::string>{"b", "b2", "b3"});
}

TEST_CASE("MakeManagedCluster without a named backend takes the first registered", "[cluster][backends]") {
  EmptyRegistry registry;
  RegisterClusterBackend(Backend("alpha", "a"));
  RegisterClusterBackend(Backend("beta", "b"));
  CHECK(Built(Config(2)) == "a");
}

TEST_CASE("MakeManagedCluster: an unknown backend name lists the available ones", "[cluster][backends]") {
  EmptyRegistry registry;
  RegisterClusterBackend(Backend("alpha", "a"));
  RegisterClusterBackend(Backend("beta", "b"));
  const std::string tail =
      "\" (WithBackend or the runner's --backend); this program has: alpha, beta; to test nodes that "
      "are already running, use WithEndpoints or the runner's --endpoints n1=127.0.0.1:8081,...";
  CHECK(ErrorOf(Config(1, "gamma")) == "no node backend is called \"gamma" + tail);
  CHECK(ErrorOf(Config(1, "Alpha")) == "no node backend is called \"Alpha" + tail);
}

TEST_CASE("MakeManagedCluster passes on what a backend throws", "[cluster][backends]") {
  EmptyRegistry registry;
  RegisterClusterBackend(ClusterBackend{"broken", [](const SuiteConfig&) -> std::unique_ptr<attest::Cluster> {
                                          throw attest::InfrastructureError(
                                              "no engine here", "docker version", "Cannot connect");
                                        }});
  try {
    (void)MakeManagedCluster(Config(1, "broken"));
    FAIL("the backend's error was swallowed");
  } catch (const attest::InfrastructureError& error) {
    CHECK_THAT(std::string(error.what()), Catch::Matchers::Contains("no engine here"));
    CHECK(error.Command() == "docker version");
  }
}

TEST_CASE("The built-in Docker backend goes first, once, so it is the default", "[cluster][backends]") {
  EmptyRegistry registry;
  RegisterClusterBackend(Backend("alpha", "a"));
  attest::detail::RegisterClusterBackendFirst(Backend("builtin", "d"));
  attest::detail::RegisterClusterBackendFirst(Backend("builtin", "other"));
  CHECK(Names() == std::vector<std::string>{"builtin", "alpha"});
  CHECK(Built(Config(1)) == "d");
}
