// Definitions for partition_plan.hpp.
#pragma once

#include "attest/cluster/faults/partition_plan.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstddef>
#include <string>
#include <vector>

#include "attest/cluster/faults/detail/tool_output.hpp"
#include "attest/error.hpp"

namespace attest::faults {
namespace detail {

// The restore input's line that first touches a hook; its failure means "no hook yet".
inline constexpr int kHookCheckLine = 4;

ATTEST_INLINE bool IsAddressOf(IpFamily family, const std::string& address) {
  if (family == IpFamily::V4) {
    in_addr parsed{};
    return ::inet_pton(AF_INET, address.c_str(), &parsed) == 1;
  }
  in6_addr parsed{};
  return ::inet_pton(AF_INET6, address.c_str(), &parsed) == 1;
}

ATTEST_INLINE const char* FamilyName(IpFamily family) { return family == IpFamily::V4 ? "IPv4" : "IPv6"; }

ATTEST_INLINE std::string NodeNames(const std::vector<NodeAddress>& nodes) {
  std::string names;
  for (const NodeAddress& node : nodes) names += (names.empty() ? "" : ", ") + node.name;
  return names.empty() ? "(none)" : names;
}

ATTEST_INLINE void CheckNodes(const char* where, const std::vector<NodeAddress>& nodes) {
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (nodes[i].name.empty()) {
      throw UsageError(std::string(where) + ": node " + std::to_string(i + 1) + " of " +
                       std::to_string(nodes.size()) + " has an empty name");
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (nodes[j].name == nodes[i].name) {
        throw UsageError(std::string(where) + ": node \"" + nodes[i].name + "\" is listed twice");
      }
    }
    if (!nodes[i].ipv4.empty() && !IsAddressOf(IpFamily::V4, nodes[i].ipv4)) {
      throw UsageError(std::string(where) + ": node \"" + nodes[i].name + "\": \"" + nodes[i].ipv4 +
                       "\" is not an IPv4 address");
    }
    if (!nodes[i].ipv6.empty() && !IsAddressOf(IpFamily::V6, nodes[i].ipv6)) {
      throw UsageError(std::string(where) + ": node \"" + nodes[i].name + "\": \"" + nodes[i].ipv6 +
                       "\" is not an IPv6 address");
    }
  }
}

ATTEST_INLINE void AddOnce(std::vector<std::string>& list, const std::string& address) {
  if (address.empty()) return;
  for (const std::string& present : list) {
    if (present == address) return;
  }
  list.push_back(address);
}

}  // namespace detail

ATTEST_INLINE std::vector<IpFamily> AddressFamilies(const std::vector<NodeAddress>& nodes) {
  bool v4 = false;
  bool v6 = false;
  for (const NodeAddress& node : nodes) {
    v4 = v4 || !node.ipv4.empty();
    v6 = v6 || !node.ipv6.empty();
  }
  std::vector<IpFamily> families;
  if (v4) families.push_back(IpFamily::V4);
  if (v6) families.push_back(IpFamily::V6);
  return families;
}

ATTEST_INLINE PartitionPlan PlanPartition(const std::vector<NodeAddress>& nodes,
                                          const std::vector<std::vector<std::string>>& groups) {
  detail::CheckNodes("Partition", nodes);
  if (groups.size() < 2) {
    throw UsageError(
        "Partition: give at least two groups to cut apart, e.g. Partition({\"n1\", \"n2\"}, "
        "{\"n3\"}); got " +
        std::to_string(groups.size()));
  }
  constexpr int kNoGroup = -1;
  std::vector<int> group_of(nodes.size(), kNoGroup);
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const std::string group_name = "group " + std::to_string(g + 1);
    if (groups[g].empty()) {
      throw UsageError("Partition: " + group_name + " is empty; every group needs at least one node");
    }
    for (const std::string& name : groups[g]) {
      std::size_t index = 0;
      while (index < nodes.size() && nodes[index].name != name) ++index;
      if (index == nodes.size()) {
        throw UsageError("Partition: unknown node \"" + name + "\" in " + group_name +
                         "; the cluster's nodes are " + detail::NodeNames(nodes));
      }
      if (group_of[index] != kNoGroup) {
        const int first = group_of[index];
        throw UsageError("Partition: node \"" + name + "\" is " +
                         (first == static_cast<int>(g)
                              ? "named twice in " + group_name
                              : "in group " + std::to_string(first + 1) + " and in " + group_name) +
                         "; a node belongs to one side of a partition at most");
      }
      if (nodes[index].ipv4.empty() && nodes[index].ipv6.empty()) {
        throw UsageError("Partition: node \"" + name +
                         "\" has no address on the run's network, so its links "
                         "cannot be cut (is it attached to the network?)");
      }
      group_of[index] = static_cast<int>(g);
    }
  }
  PartitionPlan plan;
  plan.cuts.reserve(nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    NodeCut cut;
    cut.node = nodes[i].name;
    if (group_of[i] != kNoGroup) {
      for (std::size_t peer = 0; peer < nodes.size(); ++peer) {
        if (group_of[peer] == kNoGroup || group_of[peer] == group_of[i]) continue;
        detail::AddOnce(cut.drop_ipv4, nodes[peer].ipv4);
        detail::AddOnce(cut.drop_ipv6, nodes[peer].ipv6);
      }
    }
    plan.cuts.push_back(std::move(cut));
  }
  return plan;
}

ATTEST_INLINE PartitionPlan PlanHeal(const std::vector<NodeAddress>& nodes) {
  detail::CheckNodes("Heal", nodes);
  PartitionPlan plan;
  plan.cuts.reserve(nodes.size());
  for (const NodeAddress& node : nodes) plan.cuts.push_back(NodeCut{node.name, {}, {}});
  return plan;
}

ATTEST_INLINE std::string IptablesRestoreInput(const NodeCut& cut, IpFamily family, Hooks hooks) {
  const std::vector<std::string>& addresses = family == IpFamily::V4 ? cut.drop_ipv4 : cut.drop_ipv6;
  for (const std::string& address : addresses) {
    if (!detail::IsAddressOf(family, address)) {
      throw UsageError("IptablesRestoreInput: node \"" + cut.node + "\": \"" + address + "\" is not an " +
                       detail::FamilyName(family) + " address");
    }
  }
  const std::string in = kInputChain;
  const std::string out = kOutputChain;
  // Declaring a user chain under --noflush creates it, or flushes it when it exists.
  std::string text = "*filter\n:" + in + " - [0:0]\n:" + out + " - [0:0]\n";
  if (!addresses.empty()) {
    // Line kHookCheckLine is the first "-D": on a fresh namespace it fails the input.
    if (hooks == Hooks::Existing) text += "-D INPUT -j " + in + "\n";
    text += "-I INPUT 1 -j " + in + "\n";
    if (hooks == Hooks::Existing) text += "-D OUTPUT -j " + out + "\n";
    text += "-I OUTPUT 1 -j " + out + "\n";
  }
  for (const std::string& address : addresses) text += "-A " + in + " -s " + address + " -j DROP\n";
  for (const std::string& address : addresses) text += "-A " + out + " -d " + address + " -j DROP\n";
  text += "COMMIT\n";
  return text;
}

ATTEST_INLINE std::vector<std::string> IptablesRestoreArgs(IpFamily family) {
  return {family == IpFamily::V4 ? "iptables-restore" : "ip6tables-restore", "-w", "5", "--noflush"};
}

ATTEST_INLINE bool IsHookMissing(int exit_code, const std::string& output) {
  if (exit_code == 0) return false;
  const std::string line = "line " + std::to_string(detail::kHookCheckLine) + " failed";
  return detail::Contains(output, line);
}

ATTEST_INLINE std::string ExplainIptablesFailure(const std::string& node, IpFamily family, int exit_code,
                                                 const std::string& output) {
  const std::string tool = IptablesRestoreArgs(family).front();
  const std::string what = "node \"" + node + "\": cannot apply the network partition's " +
                           detail::FamilyName(family) + " rules: ";
  const std::string said = "; " + tool + " said " + detail::QuotedOutput(output);
  if (detail::IsProgramMissing(exit_code, output)) {
    return what + tool + " is not available where the command ran" + said +
           ". With NetworkControl::Exec the node's image must carry iptables-restore and ip6tables-restore; "
           "NetworkControl::Helper brings them in a helper container instead.";
  }
  if (detail::IsPermissionDenied(output)) {
    return what + "no permission to change the node's network namespace" + said +
           ". The command needs root with CAP_NET_ADMIN there: with NetworkControl::Exec the node must run "
           "with "
           "--cap-add NET_ADMIN; with NetworkControl::Nsenter the test must run as root on the engine's "
           "host.";
  }
  if (detail::Contains(output, "can't open lock file")) {
    return what + "the legacy flavour could not open its lock file /run/xtables.lock" + said +
           ". Where the command runs needs a writable /run (a helper or node image built FROM scratch may "
           "lack "
           "it).";
  }
  if (detail::Contains(output, "Table does not exist") || detail::Contains(output, "can't initialize")) {
    return what + "the kernel offers no " + detail::FamilyName(family) + " filter table" + said +
           ". It needs netfilter (nf_tables, or ip_tables/ip6_tables for the legacy flavour) on the engine's "
           "host.";
  }
  if (detail::Contains(output, "xtables lock")) {
    return what + "another program held the xtables lock for more than 5 s" + said +
           ". Something on the host is changing iptables rules heavily (dockerd does while it starts "
           "containers); try again.";
  }
  if (IsHookMissing(exit_code, output)) {
    return what + "attest's hook rules (INPUT -j " + std::string(kInputChain) + ", OUTPUT -j " +
           std::string(kOutputChain) + ") are not in place" + said +
           ". A fresh namespace needs the input built with Hooks::Install (a bug in the caller if it did not "
           "retry so).";
  }
  return what + tool + " failed with exit code " + std::to_string(exit_code) + said + ".";
}

}  // namespace attest::faults
