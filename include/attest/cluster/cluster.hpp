// The interface between the DSL and whatever runs the nodes.
//
// The DSL only asks a Cluster where a node answers and asks it to act on nodes; it
// never knows whether the nodes are containers, processes or somebody else's servers.
// Implementations: EndpointCluster (nodes already running, WithEndpoints) and the
// Docker node manager (cluster/docker/). A backend of one's own implements this class
// and registers a factory (cluster/backends.hpp).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "attest/cluster/impairment.hpp"
#include "attest/http/endpoint.hpp"

namespace attest {

// Called by a cluster to tell the report what it does ("n2 killed").
using ClusterEventSink = std::function<void(const std::string&)>;

class Cluster {
 public:
  virtual ~Cluster() = default;

  // Brings every node up (or checks that they are there) before the first test.
  virtual void StartAll(const ClusterEventSink& events) = 0;
  // Stops everything StartAll started and releases what it holds; must not throw.
  virtual void ShutdownAll(const ClusterEventSink& events) noexcept = 0;

  // Every node's name, in order (n1..nN), whatever its state.
  virtual std::vector<std::string> Nodes() const = 0;
  // False while a node is stopped or killed.
  virtual bool IsUp(const std::string& node) const = 0;
  // Where the test process sends HTTP requests for `node`.
  virtual http::Endpoint Endpoint(const std::string& node) const = 0;
  // The node's address as its peers see it ("10.0.42.2:8080").
  virtual std::string Addr(const std::string& node) const = 0;

  // Lifecycle and network faults. Backends that cannot do them throw UsageError.
  virtual void Start(const std::string& node, const ClusterEventSink& events) = 0;
  virtual void Stop(const std::string& node, const ClusterEventSink& events) = 0;
  virtual void Kill(const std::string& node, const ClusterEventSink& events) = 0;
  virtual void Restart(const std::string& node, int signal, const ClusterEventSink& events) = 0;
  // Cuts every link between nodes of different groups, both ways. The groups are
  // checked (known nodes, none twice) before this is called.
  virtual void Partition(const std::vector<std::vector<std::string>>& groups,
                         const ClusterEventSink& events) = 0;
  // Removes every cut.
  virtual void Heal(const ClusterEventSink& events) = 0;
  // One netem qdisc on each node's outgoing traffic, replacing any earlier one. The
  // impairments are checked (ValidateImpairments) before this is called.
  virtual void Impair(const std::vector<std::string>& nodes, const std::vector<Impairment>& impairments,
                      const ClusterEventSink& events) = 0;
  // Removes the impairments of these nodes.
  virtual void Repair(const std::vector<std::string>& nodes, const ClusterEventSink& events) = 0;

  // Observability; a backend without node logs keeps the defaults.
  // The test about to run, for the run's timeline.
  virtual void MarkTest(const std::string& /*test_name*/) {}
  // The last `lines` lines `node` wrote, oldest first, to end a failure report with.
  virtual std::vector<std::string> LogTail(const std::string& /*node*/, std::size_t /*lines*/) const {
    return {};
  }
  // The directory holding this run's node logs and events ("" when there is none).
  virtual std::string LogDirectory() const { return {}; }
};

}  // namespace attest
