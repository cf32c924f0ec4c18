// A "cluster" of nodes that are already running somewhere: a local server, a staging
// deployment. Requests go where WithEndpoints says; lifecycle and network faults are
// refused with a message, since attest did not start these nodes and cannot own them.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "attest/cluster/cluster.hpp"
#include "attest/detail/strings.hpp"
#include "attest/error.hpp"
#include "attest/http/endpoint.hpp"

namespace attest {

class EndpointCluster final : public Cluster {
 public:
  explicit EndpointCluster(const std::vector<std::pair<std::string, std::string>>& endpoints) {
    for (const auto& [name, address] : endpoints) {
      nodes_.push_back(Node{name, address, http::ParseEndpoint("WithEndpoints: node " + name, address)});
    }
  }

  void StartAll(const ClusterEventSink& events) override {
    std::vector<std::string> list;
    for (const auto& node : nodes_) list.push_back(node.name + "=" + node.address);
    events("using running nodes " + detail::Join(list));
  }
  void ShutdownAll(const ClusterEventSink&) noexcept override {}

  std::vector<std::string> Nodes() const override {
    std::vector<std::string> names;
    for (const auto& node : nodes_) names.push_back(node.name);
    return names;
  }
  bool IsUp(const std::string&) const override { return true; }
  http::Endpoint Endpoint(const std::string& node) const override { return Find(node).endpoint; }
  std::string Addr(const std::string& node) const override { return Find(node).address; }

  void Start(const std::string& node, const ClusterEventSink&) override { Refuse("Start", node); }
  void Stop(const std::string& node, const ClusterEventSink&) override { Refuse("Stop", node); }
  void Kill(const std::string& node, const ClusterEventSink&) override { Refuse("Kill", node); }
  void Restart(const std::string& node, int, const ClusterEventSink&) override { Refuse("Restart", node); }
  void Partition(const std::vector<std::vector<std::string>>&, const ClusterEventSink&) override {
    Refuse("Partition", "");
  }
  void Heal(const ClusterEventSink&) override { Refuse("Heal", ""); }
  void Impair(const std::vector<std::string>&, const std::vector<Impairment>&,
              const ClusterEventSink&) override {
    Refuse("Impair", "");
  }
  void Repair(const std::vector<std::string>&, const ClusterEventSink&) override { Refuse("Repair", ""); }

 private:
  struct Node {
    std::string name;
    std::string address;
    http::Endpoint endpoint;
  };

  const Node& Find(const std::string& name) const {
    for (const auto& node : nodes_) {
      if (node.name == name) return node;
    }
    throw UsageError("unknown node " + name);
  }

  [[noreturn]] static void Refuse(const std::string& action, const std::string& node) {
    throw UsageError(action + (node.empty() ? "" : "(\"" + node + "\")") +
                     ": the nodes of this suite are not managed by attest (they were given with "
                     "WithEndpoints), so attest cannot start, stop or cut them; use a cluster "
                     "that attest starts (WithCluster with a node backend) for this test");
  }

  std::vector<Node> nodes_;
};

}  // namespace attest
