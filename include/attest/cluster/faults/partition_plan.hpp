// Network partitions as plans: which node drops which peer addresses (pure data), and
// the one iptables-restore input per node and address family that puts a node's share of
// the cut in place. Nothing here runs a process; the Docker backend runs the commands
// (one per node, in parallel) through one of the ways of network_control.hpp.
//
//   const PartitionPlan plan = PlanPartition(nodes, {{"n1", "n2"}, {"n3"}});
//   for (const NodeCut& cut : plan.cuts) {                // each node, nodes in parallel
//     for (const IpFamily family : AddressFamilies(nodes)) {
//       auto r = run(prefix + IptablesRestoreArgs(family), IptablesRestoreInput(cut, family));
//       if (IsHookMissing(r.exit_code, r.output))         // a fresh (new or restarted) node
//         r = run(prefix + IptablesRestoreArgs(family), IptablesRestoreInput(cut, family, Hooks::Install));
//       if (r.exit_code != 0)
//         throw InfrastructureError(ExplainIptablesFailure(cut.node, family, r.exit_code, r.output), cmd,
//         r.output);
//     }
//   }
//
// What is cut, and what is not. Each node drops, in both directions (INPUT from and
// OUTPUT to), the addresses its peers of other groups have on the run's Docker network.
// Established connections are cut too: the rules match addresses, not connection state,
// and sit first in INPUT/OUTPUT, ahead of any ESTABLISHED accept rule the image may
// have. The path from the test process to a node is never cut: the test reaches nodes
// through ports published on 127.0.0.1, and that traffic enters the node's namespace
// from the Docker network's gateway address (docker-proxy connects from the gateway;
// without the proxy the published-port DNAT is masqueraded to it), and the gateway is
// never a node, so it is in no drop list. That is also why nothing drops the published
// ports themselves: the cut is node-to-node addresses only, so Fetch and checks keep
// reaching every node in every partition.
#pragma once

#include <string>
#include <vector>

#include "attest/detail/inline.hpp"

namespace attest::faults {

// A node as the fault layer sees it: its name and its addresses on the run's network.
struct NodeAddress {
  std::string name;  // "n1"
  std::string ipv4;  // "10.0.42.2"; "" when the network has no IPv4 (rare)
  std::string ipv6;  // "fd00:42::2"; "" when the network has no IPv6
};

// What one node must drop so that a partition holds: the peer addresses it may no longer
// exchange packets with (both directions are cut on every node, INPUT from and OUTPUT to
// each of these addresses).
struct NodeCut {
  std::string node;
  std::vector<std::string> drop_ipv4;
  std::vector<std::string> drop_ipv6;
};

enum class IpFamily { V4, V6 };

// The families a partition (and its heal) is applied in, on every node: V4 when any node
// has an IPv4 address, V6 when any has an IPv6 one. Apply each family on every node, even
// on one without an address of that family: its peers' addresses may still be cut.
//
//   AddressFamilies({{"n1", "10.0.42.2", ""}}) == {IpFamily::V4}
//   AddressFamilies({{"n1", "10.0.42.2", "fd00:42::2"}}) == {IpFamily::V4, IpFamily::V6}
//
// Never throws; no node with an address gives an empty list.
std::vector<IpFamily> AddressFamilies(const std::vector<NodeAddress>& nodes);

// One NodeCut per node, in the order of the nodes given.
struct PartitionPlan {
  std::vector<NodeCut> cuts;
};

// The cut between `groups`: one NodeCut per node of `nodes`, in the order of `nodes` (a
// node with nothing to drop gets empty lists, so applying the plan also clears its old
// rules). Links between nodes of different groups are cut, both ways; links inside a
// group stay; a node named in no group keeps all of its links.
//
//   PlanPartition({{"n1","10.0.42.2",""}, {"n2","10.0.42.3",""}, {"n3","10.0.42.4",""}},
//                 {{"n1", "n2"}, {"n3"}})
//   // n1 drops 10.0.42.4, n2 drops 10.0.42.4, n3 drops 10.0.42.2 and 10.0.42.3
//
// Throws UsageError (naming the node or group, and listing the cluster's nodes) for an
// unknown node, a node in two groups (or twice in one), fewer than two groups, an empty
// group, a node of a group without any address (its links could not be cut, and a cut
// that silently does not hold is worse than none), and for malformed input: an empty or
// repeated node name, an address that is not an IPv4/IPv6 address of its family.
PartitionPlan PlanPartition(const std::vector<NodeAddress>& nodes,
                            const std::vector<std::vector<std::string>>& groups);

// The plan that heals: every node of `nodes` with an empty cut.
//
//   for (const NodeCut& cut : PlanHeal(nodes).cuts) run(..., IptablesRestoreInput(cut, family));
//
// Throws UsageError for an empty or repeated node name.
PartitionPlan PlanHeal(const std::vector<NodeAddress>& nodes);

// How an input treats attest's hook rules (INPUT -j ATTEST-IN, OUTPUT -j ATTEST-OUT).
// A single `iptables-restore --noflush` input cannot add a rule "unless present" (every
// restore command adds or removes exactly one rule, or fails the whole input), so the
// hooks are handled in two ways:
//  - Existing: the hooks are expected in place; the input deletes and re-inserts each at
//    position 1 (so attest's rules stay ahead of anything added since). On a fresh
//    namespace the delete fails, the whole input is rejected and nothing changes;
//    IsHookMissing recognises that answer.
//  - Install: the input inserts the hooks; use it only after IsHookMissing said so.
// Run one node's commands one after another (never two at once on one node): two
// Install inputs racing would hook attest's chains twice.
enum class Hooks { Existing, Install };

// attest's own chains, the only chains attest's inputs change.
inline constexpr const char* kInputChain = "ATTEST-IN";
inline constexpr const char* kOutputChain = "ATTEST-OUT";

// The whole input for one `iptables-restore --noflush` (IpFamily::V4) or
// `ip6tables-restore --noflush` (V6) run on one node. It declares attest's chains
// ATTEST-IN and ATTEST-OUT (which creates them, or flushes them when they exist: both the
// nft and the legacy flavours do so under --noflush), keeps them hooked first in INPUT
// and OUTPUT (see Hooks), and adds one DROP per address of the cut: `-s` in ATTEST-IN,
// `-d` in ATTEST-OUT. Nothing else in the node's tables is touched, and applying an
// input twice leaves the same rules.
//
//   IptablesRestoreInput({"n1", {"10.0.42.4"}, {}}, IpFamily::V4) ==
//     "*filter\n:ATTEST-IN - [0:0]\n:ATTEST-OUT - [0:0]\n"
//     "-D INPUT -j ATTEST-IN\n-I INPUT 1 -j ATTEST-IN\n"
//     "-D OUTPUT -j ATTEST-OUT\n-I OUTPUT 1 -j ATTEST-OUT\n"
//     "-A ATTEST-IN -s 10.0.42.4 -j DROP\n-A ATTEST-OUT -d 10.0.42.4 -j DROP\nCOMMIT\n"
//
// A cut with no address of `family` yields the heal input: it only declares (so
// flushes) attest's chains and leaves the hooks alone whatever `hooks` says, so it never
// fails for a missing hook, and on a fresh namespace it leaves two empty, unhooked
// chains. Throws UsageError when an address is not one of `family` (the text must never
// carry anything but an address into the restore input).
std::string IptablesRestoreInput(const NodeCut& cut, IpFamily family, Hooks hooks = Hooks::Existing);

// argv of the restore command (the input goes to its stdin); the caller puts a
// network_control.hpp prefix before it:
//   {"iptables-restore", "-w", "5", "--noflush"}   (V6: "ip6tables-restore")
// `-w 5` waits up to 5 s for the xtables lock, which the legacy flavour takes (with
// nsenter that lock is the host's, shared with dockerd); the nft flavour ignores it.
// The flavour is the one that binary is: use the same way (network_control.hpp) for a
// node throughout, so one flavour manages its rules.
std::vector<std::string> IptablesRestoreArgs(IpFamily family);

// True when a restore run failed only because attest's hooks are not in place yet (a
// fresh namespace: a new or restarted node): the input's first `-D` line was rejected
// (both flavours name its line: "line 4 failed"). Then run the same cut with
// Hooks::Install. False for success and for any other failure.
bool IsHookMissing(int exit_code, const std::string& output);

// When a restore run failed, the message for the user: names the node and the family,
// says what went wrong in words (the tool missing where it ran, no permission to change
// the namespace, no filter table in the kernel, the xtables lock held, attest's hooks
// missing) and what to do, and quotes the tool's own output.
//
//   throw InfrastructureError(ExplainIptablesFailure("n1", IpFamily::V4, 1, out), command, out);
std::string ExplainIptablesFailure(const std::string& node, IpFamily family, int exit_code,
                                   const std::string& output);

}  // namespace attest::faults

#if ATTEST_HEADER_ONLY
#include "attest/cluster/faults/detail/partition_plan_inl.hpp"
#endif
