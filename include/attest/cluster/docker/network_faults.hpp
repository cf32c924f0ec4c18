// Runs the network-fault commands that cluster/faults/ builds: one command per node
// (one `iptables-restore` with the plan's input on stdin, or one `tc` call), all nodes
// in parallel, through the way into the nodes' network namespaces chosen once per
// cluster:
//   nsenter          the host's own tools, when the test is root on the engine's host (~5 ms)
//   helper container a throwaway container in the node's namespace, carrying iptables
//                    and tc packed from this host (image.hpp), so node images need no
//                    tools (~250 ms)
//   docker exec      the node image's own tools (~90 ms); nodes get NET_ADMIN
// A restarted node has a fresh network namespace: Reapply puts its cut and its
// impairments back. A kernel without netem makes Impair fail with the faults
// library's explanation; nothing is ever reported as impaired that is not.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "attest/cluster/docker/cli.hpp"
#include "attest/cluster/docker/labels.hpp"
#include "attest/cluster/impairment.hpp"
#include "attest/config/suite_config.hpp"
#include "attest/detail/inline.hpp"

#include "attest/cluster/faults/netem.hpp"
#include "attest/cluster/faults/network_control.hpp"
#include "attest/cluster/faults/partition_plan.hpp"

namespace attest::docker {

// What this machine allows, as the cluster found out.
struct NetworkFacts {
  bool root_on_engine_host = false;  // root here, and the engine runs on this host
};

// A node's faults, kept so that they can be put back after a restart.
struct NodeFaults {
  std::vector<std::string> drop_ipv4;  // the node's share of the partition
  std::vector<std::string> drop_ipv6;
  std::vector<Impairment> impairments;
  // attest's iptables hooks are in the current namespace, per family (V4, V6).
  bool hooks_installed[2] = {false, false};

  void SetCut(const faults::NodeCut& cut) {
    drop_ipv4 = cut.drop_ipv4;
    drop_ipv6 = cut.drop_ipv6;
  }
  void ClearCut() {
    drop_ipv4.clear();
    drop_ipv6.clear();
  }
  bool HasCut() const { return !drop_ipv4.empty() || !drop_ipv6.empty(); }
  bool HasAny() const { return HasCut() || !impairments.empty(); }
  std::string Describe() const;
};

// A node to run a fault command in.
struct FaultTarget {
  std::string node;       // "n1"
  std::string container;  // its container
  int pid = 0;            // its main process (for nsenter); 0 when not running
  NodeFaults* faults = nullptr;
};

class NetworkFaults {
 public:
  // Chooses the way (throws InfrastructureError when a forced way cannot work here).
  NetworkFaults(const Cli& cli, NetworkControl requested, const NetworkFacts& facts, Labels labels);

  // Whether node containers must get NET_ADMIN (the way will be docker exec).
  static bool NodesNeedNetAdmin(NetworkControl requested, const NetworkFacts& facts);

  // "nsenter", "helper container", "docker exec".
  std::string WayName() const;

  // Puts each target's current cut in place (an empty cut clears it), in each family
  // (faults::AddressFamilies of the cluster's nodes).
  void ApplyCuts(std::vector<FaultTarget>& targets, const std::vector<faults::IpFamily>& families);
  // One netem qdisc per target; on any failure nothing stays impaired and it throws.
  void ApplyImpairments(std::vector<FaultTarget>& targets, const std::vector<Impairment>& impairments);
  void RemoveImpairments(std::vector<FaultTarget>& targets);
  // After a restart: the cut and the impairments the targets had.
  void Reapply(std::vector<FaultTarget>& targets, const std::vector<faults::IpFamily>& families);

 private:
  std::vector<std::string> Prefix(const FaultTarget& target);
  void ApplyCutsIn(std::vector<FaultTarget>& targets, faults::IpFamily family);

  const Cli& cli_;
  NetworkControl way_ = NetworkControl::Exec;
  Labels labels_;
  std::string helper_image_;
};

}  // namespace attest::docker

#if ATTEST_HEADER_ONLY
#include "attest/cluster/docker/detail/network_faults_inl.hpp"
#endif
