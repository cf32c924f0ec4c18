// With ATTEST_SEPARATE_COMPILATION the fault headers only declare: this unit sees no
// definition, and the program links only because compiled_mode_impl.cpp holds each one
// exactly once (a definition outside `#if ATTEST_HEADER_ONLY` would be a duplicate
// symbol, a declaration without its ATTEST_INLINE definition an undefined one).
#include <chrono>
#include <string>
#include <vector>

#include "attest/cluster/faults/netem.hpp"
#include "attest/cluster/faults/network_control.hpp"
#include "attest/cluster/faults/partition_plan.hpp"
#include "support/catch.hpp"

static_assert(!ATTEST_HEADER_ONLY, "this unit must see declarations only");

TEST_CASE("Separately compiled, every fault function links to its one definition", "[faults][compiled]") {
  using namespace attest::faults;
  using namespace std::chrono_literals;
  const std::vector<NodeAddress> nodes = {{"n1", "10.0.42.2", ""}, {"n2", "10.0.42.3", ""}};
  const PartitionPlan plan = PlanPartition(nodes, {{"n1"}, {"n2"}});
  CHECK(plan.cuts.at(0).drop_ipv4 == std::vector<std::string>{"10.0.42.3"});
  CHECK(AddressFamilies(nodes) == std::vector<IpFamily>{IpFamily::V4});
  CHECK(PlanHeal(nodes).cuts.at(1).drop_ipv4.empty());
  CHECK(
      IptablesRestoreInput(plan.cuts.at(0), IpFamily::V4, Hooks::Install).find("-I INPUT 1 -j ATTEST-IN\n") !=
      std::string::npos);
  CHECK(IptablesRestoreArgs(IpFamily::V6).at(0) == "ip6tables-restore");
  CHECK(IsHookMissing(1, "iptables-restore: line 4 failed\n"));
  CHECK(!ExplainIptablesFailure("n1", IpFamily::V4, 1, "x").empty());

  CHECK(NetemReplaceArgs("eth0", {attest::Delay(5ms)}).back() == "5ms");
  CHECK(NetemDeleteArgs("eth0").back() == "root");
  CHECK(NetemShowArgs("eth0").back() == "eth0");
  CHECK(IsNothingToDelete(2, "Error: Cannot delete qdisc with handle of zero.\n"));
  CHECK(IsNetemMissing(2, "Error: Specified qdisc kind is unknown.\n"));
  CHECK(!ExplainTcFailure("n1", 2, "Error: Specified qdisc kind is unknown.\n").empty());

  CHECK(NsenterPrefix(7).at(2) == "7");
  CHECK(ExecPrefix("c").back() == "c");
  CHECK(HelperPrefix("c", "i").back() == "i");
  CHECK(ChooseNetworkControl(attest::NetworkControl::Auto, {}) == attest::NetworkControl::Exec);
  CHECK(NetworkControlName(attest::NetworkControl::Nsenter) == "nsenter");
  CHECK(NodeContainerFlags(attest::NetworkControl::Exec).size() == 2);
  CHECK(NsenterHostTools().size() == 4);
}
