// The interface between the DSL and whatever runs the nodes.
//
// The DSL only asks a Cluster where a node answers and asks it to act on nodes; it
// never knows whether the nodes are containers, processes or somebody else's servers.
// Backends: EndpointCluster (nodes already running, WithEndpoints) here; the Docker
// node manager implements the same interface.
#pragma once

#include <csignal>
#include <functional>
#include <string>
#include <vector>

#include "attest/detail/http_client.hpp"

namespace attest {

// Called by a cluster to tell the report what it does ("n2 killed").
using ClusterEventSink = std::function<void(const std::string&)>;

class Cluster {
 public:
  virtual ~Cluster() = default;

  // Brings every node up (or checks that they are there) before the first test.
  virtual void StartAll(const ClusterEventSink& events) = 0;
  // Stops everything StartAll started; must not throw.
  virtual void ShutdownAll(const ClusterEventSink& events) noexcept = 0;

  // Every node's name, in order (n1..nN), whatever its state.
  virtual std::vector<std::string> Nodes() const = 0;
  // False while a node is stopped or killed.
  virtual bool IsUp(const std::string& node) const = 0;
  // Where the test process sends HTTP requests for `node`.
  virtual detail::HttpEndpoint Endpoint(const std::string& node) const = 0;
  // The node's address as its peers see it ("10.0.42.2:8080").
  virtual std::string Addr(const std::string& node) const = 0;

  // Lifecycle and network faults. Backends that cannot do them throw UsageError.
  virtual void Start(const std::string& node, const ClusterEventSink& events) = 0;
  virtual void Stop(const std::string& node, const ClusterEventSink& events) = 0;
  virtual void Kill(const std::string& node, const ClusterEventSink& events) = 0;
  virtual void Restart(const std::string& node, int signal, const ClusterEventSink& events) = 0;
  virtual void Partition(const std::vector<std::vector<std::string>>& groups,
                         const ClusterEventSink& events) = 0;
  virtual void Heal(const ClusterEventSink& events) = 0;
};

}  // namespace attest
