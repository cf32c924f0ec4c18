// PlanPartition and PlanHeal: which node drops which peer addresses, for every shape of
// partition, and every mistake rejected with a message that names it.
#include <algorithm>
#include <string>
#include <vector>

#include "attest/cluster/faults/partition_plan.hpp"
#include "support/catch.hpp"

namespace {

using attest::UsageError;
using attest::faults::AddressFamilies;
using attest::faults::IpFamily;
using attest::faults::NodeAddress;
using attest::faults::NodeCut;
using attest::faults::PartitionPlan;
using attest::faults::PlanHeal;
using attest::faults::PlanPartition;
using Strings = std::vector<std::string>;

// n1..nN at 10.0.42.2.., and fd00:42::2.. when `ipv6`.
std::vector<NodeAddress> Nodes(int count, bool ipv6 = false) {
  std::vector<NodeAddress> nodes;
  for (int i = 1; i <= count; ++i) {
    nodes.push_back({"n" + std::to_string(i), "10.0.42." + std::to_string(i + 1),
                     ipv6 ? "fd00:42::" + std::to_string(i + 1) : ""});
  }
  return nodes;
}

const NodeCut& CutOf(const PartitionPlan& plan, const std::string& node) {
  const auto found =
      std::find_if(plan.cuts.begin(), plan.cuts.end(), [&](const NodeCut& cut) { return cut.node == node; });
  REQUIRE(found != plan.cuts.end());
  return *found;
}

std::string UsageErrorOf(const std::vector<NodeAddress>& nodes, const std::vector<Strings>& groups) {
  try {
    (void)PlanPartition(nodes, groups);
  } catch (const UsageError& e) {
    return e.what();
  }
  FAIL("PlanPartition accepted the groups");
  return "";
}

}  // namespace

TEST_CASE("A 2/3 split cuts every link between the sides and none inside them", "[faults][plan]") {
  const PartitionPlan plan = PlanPartition(Nodes(5), {{"n1", "n2"}, {"n3", "n4", "n5"}});
  REQUIRE(plan.cuts.size() == 5);
  CHECK(CutOf(plan, "n1").drop_ipv4 == Strings{"10.0.42.4", "10.0.42.5", "10.0.42.6"});
  CHECK(CutOf(plan, "n2").drop_ipv4 == Strings{"10.0.42.4", "10.0.42.5", "10.0.42.6"});
  CHECK(CutOf(plan, "n3").drop_ipv4 == Strings{"10.0.42.2", "10.0.42.3"});
  CHECK(CutOf(plan, "n4").drop_ipv4 == Strings{"10.0.42.2", "10.0.42.3"});
  CHECK(CutOf(plan, "n5").drop_ipv4 == Strings{"10.0.42.2", "10.0.42.3"});
  for (const NodeCut& cut : plan.cuts) CHECK(cut.drop_ipv6.empty());
}

TEST_CASE("Isolating one node cuts it from all others and leaves the others connected", "[faults][plan]") {
  const PartitionPlan plan = PlanPartition(Nodes(4), {{"n3"}, {"n1", "n2", "n4"}});
  CHECK(CutOf(plan, "n3").drop_ipv4 == Strings{"10.0.42.2", "10.0.42.3", "10.0.42.5"});
  CHECK(CutOf(plan, "n1").drop_ipv4 == Strings{"10.0.42.4"});
  CHECK(CutOf(plan, "n2").drop_ipv4 == Strings{"10.0.42.4"});
  CHECK(CutOf(plan, "n4").drop_ipv4 == Strings{"10.0.42.4"});
}

TEST_CASE("Three groups cut every link between different groups", "[faults][plan]") {
  const PartitionPlan plan = PlanPartition(Nodes(5), {{"n1"}, {"n2", "n3"}, {"n4", "n5"}});
  CHECK(CutOf(plan, "n1").drop_ipv4 == Strings{"10.0.42.3", "10.0.42.4", "10.0.42.5", "10.0.42.6"});
  CHECK(CutOf(plan, "n2").drop_ipv4 == Strings{"10.0.42.2", "10.0.42.5", "10.0.42.6"});
  CHECK(CutOf(plan, "n3").drop_ipv4 == Strings{"10.0.42.2", "10.0.42.5", "10.0.42.6"});
  CHECK(CutOf(plan, "n4").drop_ipv4 == Strings{"10.0.42.2", "10.0.42.3", "10.0.42.4"});
  CHECK(CutOf(plan, "n5").drop_ipv4 == Strings{"10.0.42.2", "10.0.42.3", "10.0.42.4"});
}

TEST_CASE("A node named in no group keeps all of its links and gets an empty cut", "[faults][plan]") {
  const PartitionPlan plan = PlanPartition(Nodes(3, true), {{"n1"}, {"n2"}});
  CHECK(CutOf(plan, "n1").drop_ipv4 == Strings{"10.0.42.3"});
  CHECK(CutOf(plan, "n2").drop_ipv4 == Strings{"10.0.42.2"});
  // n3 still talks to both, and both still talk to n3.
  CHECK(CutOf(plan, "n3").drop_ipv4.empty());
  CHECK(CutOf(plan, "n3").drop_ipv6.empty());
  CHECK(CutOf(plan, "n1").drop_ipv6 == Strings{"fd00:42::3"});
}

TEST_CASE("Cuts come one per node in the order of the nodes, whatever the order of the groups",
          "[faults][plan]") {
  const PartitionPlan plan = PlanPartition(Nodes(4), {{"n4", "n2"}, {"n3"}});
  REQUIRE(plan.cuts.size() == 4);
  CHECK(plan.cuts[0].node == "n1");
  CHECK(plan.cuts[1].node == "n2");
  CHECK(plan.cuts[2].node == "n3");
  CHECK(plan.cuts[3].node == "n4");
  // Addresses follow the order of the nodes too, not of the group.
  CHECK(plan.cuts[2].drop_ipv4 == Strings{"10.0.42.3", "10.0.42.5"});
}

TEST_CASE("IPv6 addresses are cut alongside IPv4 ones, and a node without one is left out of that list",
          "[faults][plan]") {
  std::vector<NodeAddress> nodes = Nodes(3, true);
  nodes[2].ipv6.clear();  // n3 has IPv4 only
  const PartitionPlan plan = PlanPartition(nodes, {{"n1"}, {"n2", "n3"}});
  CHECK(CutOf(plan, "n1").drop_ipv4 == Strings{"10.0.42.3", "10.0.42.4"});
  CHECK(CutOf(plan, "n1").drop_ipv6 == Strings{"fd00:42::3"});
  CHECK(CutOf(plan, "n2").drop_ipv6 == Strings{"fd00:42::2"});
  CHECK(CutOf(plan, "n3").drop_ipv6 == Strings{"fd00:42::2"});
}

TEST_CASE("Every cut link is cut on both of its ends", "[faults][plan]") {
  const std::vector<NodeAddress> nodes = Nodes(6, true);
  const std::vector<std::vector<Strings>> partitions = {
      {{"n1", "n2", "n3"}, {"n4", "n5", "n6"}},
      {{"n1"}, {"n2"}, {"n3"}, {"n4"}, {"n5"}, {"n6"}},
      {{"n6"}, {"n1", "n3"}},
      {{"n2", "n5"}, {"n1"}, {"n3", "n4", "n6"}},
  };
  for (const auto& groups : partitions) {
    const PartitionPlan plan = PlanPartition(nodes, groups);
    for (std::size_t a = 0; a < nodes.size(); ++a) {
      for (std::size_t b = 0; b < nodes.size(); ++b) {
        const auto drops = [&](std::size_t from, std::size_t to) {
          const Strings& list = plan.cuts[from].drop_ipv4;
          return std::find(list.begin(), list.end(), nodes[to].ipv4) != list.end();
        };
        CAPTURE(nodes[a].name, nodes[b].name);
        CHECK(drops(a, b) == drops(b, a));
        CHECK(!drops(a, a));
      }
    }
  }
}

TEST_CASE("PlanHeal gives every node an empty cut, in the order of the nodes", "[faults][plan]") {
  const PartitionPlan plan = PlanHeal(Nodes(3, true));
  REQUIRE(plan.cuts.size() == 3);
  for (int i = 0; i < 3; ++i) {
    CHECK(plan.cuts[i].node == "n" + std::to_string(i + 1));
    CHECK(plan.cuts[i].drop_ipv4.empty());
    CHECK(plan.cuts[i].drop_ipv6.empty());
  }
}

TEST_CASE("PlanPartition rejects an unknown node, naming it and the cluster's nodes",
          "[faults][plan][errors]") {
  const std::string message = UsageErrorOf(Nodes(3), {{"n1"}, {"n2", "n9"}});
  CHECK(message == "Partition: unknown node \"n9\" in group 2; the cluster's nodes are n1, n2, n3");
}

TEST_CASE("PlanPartition rejects a node in two groups, or twice in one", "[faults][plan][errors]") {
  CHECK(UsageErrorOf(Nodes(3), {{"n1", "n2"}, {"n2", "n3"}}) ==
        "Partition: node \"n2\" is in group 1 and in group 2; a node belongs to one side of a partition at "
        "most");
  CHECK(
      UsageErrorOf(Nodes(3), {{"n1", "n1"}, {"n3"}}) ==
      "Partition: node \"n1\" is named twice in group 1; a node belongs to one side of a partition at most");
}

TEST_CASE("PlanPartition rejects fewer than two groups", "[faults][plan][errors]") {
  CHECK(
      UsageErrorOf(Nodes(3), {{"n1", "n2"}}) ==
      "Partition: give at least two groups to cut apart, e.g. Partition({\"n1\", \"n2\"}, {\"n3\"}); got 1");
  CHECK(
      UsageErrorOf(Nodes(3), {}) ==
      "Partition: give at least two groups to cut apart, e.g. Partition({\"n1\", \"n2\"}, {\"n3\"}); got 0");
}

TEST_CASE("PlanPartition rejects an empty group", "[faults][plan][errors]") {
  CHECK(UsageErrorOf(Nodes(3), {{"n1"}, {}, {"n2"}}) ==
        "Partition: group 2 is empty; every group needs at least one node");
}

TEST_CASE("PlanPartition rejects a grouped node without any address, whose links could not be cut",
          "[faults][plan][errors]") {
  std::vector<NodeAddress> nodes = Nodes(3);
  nodes[1].ipv4.clear();
  CHECK(UsageErrorOf(nodes, {{"n1"}, {"n2"}}) ==
        "Partition: node \"n2\" has no address on the run's network, so its links cannot be cut (is it "
        "attached "
        "to the network?)");
  // The same node outside every group is no problem: none of its links is cut.
  CHECK(PlanPartition(nodes, {{"n1"}, {"n3"}}).cuts[1].drop_ipv4.empty());
}

TEST_CASE("PlanPartition and PlanHeal reject malformed nodes", "[faults][plan][errors]") {
  std::vector<NodeAddress> repeated = Nodes(3);
  repeated[2].name = "n1";
  CHECK(UsageErrorOf(repeated, {{"n1"}, {"n2"}}) == "Partition: node \"n1\" is listed twice");
  CHECK_THROWS_WITH(PlanHeal(repeated), "Heal: node \"n1\" is listed twice");

  std::vector<NodeAddress> unnamed = Nodes(2);
  unnamed[1].name.clear();
  CHECK(UsageErrorOf(unnamed, {{"n1"}, {"n2"}}) == "Partition: node 2 of 2 has an empty name");

  std::vector<NodeAddress> bad_ipv4 = Nodes(2);
  bad_ipv4[0].ipv4 = "10.0.42.2 -j ACCEPT";
  CHECK(UsageErrorOf(bad_ipv4, {{"n1"}, {"n2"}}) ==
        "Partition: node \"n1\": \"10.0.42.2 -j ACCEPT\" is not an IPv4 address");

  std::vector<NodeAddress> swapped = Nodes(2);
  swapped[1].ipv4 = "fd00:42::3";
  CHECK(UsageErrorOf(swapped, {{"n1"}, {"n2"}}) ==
        "Partition: node \"n2\": \"fd00:42::3\" is not an IPv4 address");

  std::vector<NodeAddress> bad_ipv6 = Nodes(2, true);
  bad_ipv6[1].ipv6 = "10.0.42.3";
  CHECK(UsageErrorOf(bad_ipv6, {{"n1"}, {"n2"}}) ==
        "Partition: node \"n2\": \"10.0.42.3\" is not an IPv6 address");
}

TEST_CASE("A partition is applied in the families the nodes have addresses of", "[faults][plan]") {
  using Families = std::vector<IpFamily>;
  CHECK(AddressFamilies(Nodes(3)) == Families{IpFamily::V4});
  CHECK(AddressFamilies(Nodes(3, true)) == Families{IpFamily::V4, IpFamily::V6});
  std::vector<NodeAddress> one_with_ipv6 = Nodes(3);
  one_with_ipv6[2].ipv6 = "fd00:42::4";
  CHECK(AddressFamilies(one_with_ipv6) == Families{IpFamily::V4, IpFamily::V6});
  CHECK(AddressFamilies({{"n1", "", "fd00:42::2"}}) == Families{IpFamily::V6});
  CHECK(AddressFamilies({{"n1", "", ""}}).empty());
  CHECK(AddressFamilies({}).empty());
}
