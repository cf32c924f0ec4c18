// The fault library's commands against the real tools and kernel, in a scratch network
// namespace the test creates and deletes: the iptables-restore inputs are applied with
// both iptables flavours and read back; every netem argv is handed to tc (on a kernel
// without netem, tc parses the arguments and fails only at the kernel: exit 2 "Specified
// qdisc kind is unknown", while malformed arguments fail earlier: exit 1 and tc's own
// complaint). Needs root and ip/iptables/tc; skipped with the reason otherwise. Sends
// nothing: namespaces are created, rules applied and read back.
#include <set>
#include <string>
#include <vector>

#include "attest/cluster/faults/netem.hpp"
#include "attest/cluster/faults/network_control.hpp"
#include "attest/cluster/faults/partition_plan.hpp"
#include "impairment_cases.hpp"
#include "netns_support.hpp"
#include "support/catch.hpp"

namespace {

using namespace std::chrono_literals;
using attest::faults::ExplainIptablesFailure;
using attest::faults::ExplainTcFailure;
using attest::faults::Hooks;
using attest::faults::IpFamily;
using attest::faults::IptablesRestoreArgs;
using attest::faults::IptablesRestoreInput;
using attest::faults::IsHookMissing;
using attest::faults::IsNetemMissing;
using attest::faults::IsNothingToDelete;
using attest::faults::NetemDeleteArgs;
using attest::faults::NetemReplaceArgs;
using attest::faults::NetemShowArgs;
using attest::faults::NodeAddress;
using attest::faults::NodeCut;
using attest::faults::NsenterPrefix;
using attest::faults::PlanHeal;
using attest::faults::PlanPartition;
using attest::faults::test::CommandResult;
using attest::faults::test::ParkedProcess;
using attest::faults::test::RunCommand;
using attest::faults::test::ScratchNamespace;
using attest::faults::test::Skip;
using attest::faults::test::ToolsOrSkip;
using Catch::Matchers::Contains;
using Args = std::vector<std::string>;

// The restore and list programs of one iptables flavour.
struct Flavour {
  std::string name;
  std::string restore4, restore6, list4, list6;
};
const Flavour kHostDefault{"host default", "iptables-restore", "ip6tables-restore", "iptables", "ip6tables"};
const Flavour kNft{"nft", "iptables-nft-restore", "ip6tables-nft-restore", "iptables-nft", "ip6tables-nft"};
const Flavour kLegacy{"legacy", "iptables-legacy-restore", "ip6tables-legacy-restore", "iptables-legacy",
                      "ip6tables-legacy"};

// Four nodes with IPv4 and IPv6 addresses on a (pretend) run network.
std::vector<NodeAddress> Nodes() {
  return {{"n1", "10.0.42.2", "fd00:42::2"},
          {"n2", "10.0.42.3", "fd00:42::3"},
          {"n3", "10.0.42.4", "fd00:42::4"},
          {"n4", "10.0.42.5", "fd00:42::5"}};
}

// What `iptables -S` prints in a namespace where nothing was added.
const std::string kPolicies = "-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n";

class FamilyCheck {
 public:
  FamilyCheck(const ScratchNamespace& ns, const Flavour& flavour, IpFamily family)
      : ns_(ns), family_(family) {
    restore_ = IptablesRestoreArgs(family);
    restore_[0] = family == IpFamily::V4 ? flavour.restore4 : flavour.restore6;  // keeps "-w 5 --noflush"
    list_ = family == IpFamily::V4 ? flavour.list4 : flavour.list6;
    host_bits_ = family == IpFamily::V4 ? "/32" : "/128";
  }

  CommandResult Apply(const NodeCut& cut, Hooks hooks) const {
    const std::string input = IptablesRestoreInput(cut, family_, hooks);
    CommandResult result = ns_.Run(restore_, input);
    UNSCOPED_INFO(attest::faults::test::CommandText(restore_)
                  << " <<\n"
                  << input << "-> exit " << result.exit_code << ": " << result.Output());
    return result;
  }
  void ApplyOk(const NodeCut& cut, Hooks hooks = Hooks::Existing) const {
    const CommandResult result = Apply(cut, hooks);
    REQUIRE(result.exit_code == 0);
  }
  std::string Rules() const {
    const CommandResult listed = ns_.Run({list_, "-S"});
    REQUIRE(listed.exit_code == 0);
    return listed.out;
  }
  void AddForeign(const Args& rule) const {
    Args command = {list_};
    command.insert(command.end(), rule.begin(), rule.end());
    REQUIRE(ns_.Run(command).exit_code == 0);
  }
  std::string Drops(const std::vector<std::string>& addresses) const {
    std::string text;
    for (const auto& a : addresses) text += "-A ATTEST-IN -s " + a + host_bits_ + " -j DROP\n";
    for (const auto& a : addresses) text += "-A ATTEST-OUT -d " + a + host_bits_ + " -j DROP\n";
    return text;
  }
  const std::vector<std::string>& Of(const NodeCut& cut) const {
    return family_ == IpFamily::V4 ? cut.drop_ipv4 : cut.drop_ipv6;
  }
  const char* Foreign() const { return family_ == IpFamily::V4 ? "192.0.2.7" : "2001:db8::7"; }
  std::string ForeignBits() const { return std::string(Foreign()) + host_bits_; }

 private:
  const ScratchNamespace& ns_;
  IpFamily family_;
  Args restore_;
  std::string list_;
  std::string host_bits_;
};

// A cut's whole life on one node, for one flavour and family: refused on a fresh
// namespace with the hooks missing, installed, re-applied unchanged, kept ahead of rules
// added later, replaced by another cut, healed, and nothing but attest's rules touched.
void CheckCutLifecycle(const ScratchNamespace& ns, const Flavour& flavour, IpFamily family) {
  CAPTURE(flavour.name, family == IpFamily::V4 ? "IPv4" : "IPv6");
  const FamilyCheck check(ns, flavour, family);
  const NodeCut cut = PlanPartition(Nodes(), {{"n1", "n2"}, {"n3", "n4"}}).cuts[0];  // n1 drops n3, n4
  const NodeCut smaller = PlanPartition(Nodes(), {{"n1"}, {"n2", "n4"}}).cuts[0];    // n1 drops n2, n4
  const NodeCut heal = PlanHeal(Nodes()).cuts[0];
  REQUIRE(check.Of(cut).size() == 2);

  // A fresh namespace: the input expecting hooks is refused as a whole, recognisably.
  const CommandResult refused = check.Apply(cut, Hooks::Existing);
  CHECK(refused.exit_code != 0);
  CHECK(IsHookMissing(refused.exit_code, refused.Output()));
  CHECK_THAT(ExplainIptablesFailure("n1", family, refused.exit_code, refused.Output()),
             Contains("are not in place"));
  CHECK(check.Rules() == kPolicies);

  // Installed, the rules read back exactly.
  check.ApplyOk(cut, Hooks::Install);
  const std::string partitioned = kPolicies +
                                  "-N ATTEST-IN\n-N ATTEST-OUT\n"
                                  "-A INPUT -j ATTEST-IN\n-A OUTPUT -j ATTEST-OUT\n" +
                                  check.Drops(check.Of(cut));
  CHECK(check.Rules() == partitioned);

  // Applying the same input again, twice, changes nothing.
  check.ApplyOk(cut);
  check.ApplyOk(cut);
  CHECK(check.Rules() == partitioned);

  // Someone else's rules, one put ahead of attest's hook: the next apply puts attest's
  // hooks first again and keeps the others.
  check.AddForeign({"-I", "INPUT", "1", "-s", check.Foreign(), "-j", "ACCEPT"});
  check.AddForeign({"-A", "OUTPUT", "-d", check.Foreign(), "-j", "ACCEPT"});
  check.ApplyOk(cut);
  const std::string foreign = check.ForeignBits();
  const std::string with_foreign_hooks = kPolicies + "-N ATTEST-IN\n-N ATTEST-OUT\n" +
                                         "-A INPUT -j ATTEST-IN\n-A INPUT -s " + foreign + " -j ACCEPT\n" +
                                         "-A OUTPUT -j ATTEST-OUT\n-A OUTPUT -d " + foreign + " -j ACCEPT\n";
  CHECK(check.Rules() == with_foreign_hooks + check.Drops(check.Of(cut)));

  // Another partition replaces the cut rather than adding to it.
  check.ApplyOk(smaller);
  CHECK(check.Rules() == with_foreign_hooks + check.Drops(check.Of(smaller)));

  // Heal empties attest's chains and touches nothing else; twice is the same.
  check.ApplyOk(heal);
  CHECK(check.Rules() == with_foreign_hooks);
  check.ApplyOk(heal);
  CHECK(check.Rules() == with_foreign_hooks);
}

// Heal on a namespace attest never touched succeeds and leaves empty, unhooked chains.
void CheckHealOnFreshNamespace(const ScratchNamespace& ns, const Flavour& flavour, IpFamily family) {
  CAPTURE(flavour.name, family == IpFamily::V4 ? "IPv4" : "IPv6");
  const FamilyCheck check(ns, flavour, family);
  check.ApplyOk(PlanHeal(Nodes()).cuts[0], Hooks::Existing);
  CHECK(check.Rules() == kPolicies + "-N ATTEST-IN\n-N ATTEST-OUT\n");
}

void CheckFlavour(const Flavour& flavour) {
  if (!ToolsOrSkip({flavour.restore4, flavour.restore6, flavour.list4, flavour.list6})) return;
  {
    const auto ns = ScratchNamespace::OpenOrSkip();
    if (!ns) return;
    // The legacy flavour needs the kernel's ip_tables; say so rather than fail if absent.
    const CommandResult probe = ns->Run({flavour.list4, "-S"});
    if (probe.exit_code != 0) {
      Skip("`" + flavour.list4 + " -S` fails in a namespace here: " + probe.Output());
      return;
    }
    CheckCutLifecycle(*ns, flavour, IpFamily::V4);
    CheckCutLifecycle(*ns, flavour, IpFamily::V6);
  }
  const auto ns = ScratchNamespace::OpenOrSkip();
  if (!ns) return;
  CheckHealOnFreshNamespace(*ns, flavour, IpFamily::V4);
  CheckHealOnFreshNamespace(*ns, flavour, IpFamily::V6);
}

// tc in the namespace on `device`; the netem probe tells whether this kernel has netem.
bool KernelHasNetem(const ScratchNamespace& ns, const std::string& device) {
  const CommandResult probe = ns.Run(NetemReplaceArgs(device, {attest::Delay(1ms)}));
  if (probe.exit_code == 0) {
    REQUIRE(ns.Run(NetemDeleteArgs(device)).exit_code == 0);
    return true;
  }
  INFO(probe.Output());
  REQUIRE(IsNetemMissing(probe.exit_code, probe.Output()));
  return false;
}

// The argv of every accepted combination, once each.
std::vector<Args> AcceptedNetemArgs(const std::string& device) {
  std::set<Args> unique;
  for (const auto& c : attest::faults::test::AllImpairmentCases()) {
    if (!c.rejected) unique.insert(NetemReplaceArgs(device, c.impairments));
  }
  return {unique.begin(), unique.end()};
}

Args TcNetem(const std::string& device, const Args& netem) {
  Args args = {"tc", "qdisc", "replace", "dev", device, "root", "netem"};
  args.insert(args.end(), netem.begin(), netem.end());
  return args;
}

}  // namespace

TEST_CASE("The host's default restore tools apply, re-apply and heal a cut, touching only attest's chains",
          "[faults][netns]") {
  CheckFlavour(kHostDefault);
}

TEST_CASE("The nft flavour applies, re-applies and heals a cut, touching only attest's chains",
          "[faults][netns]") {
  CheckFlavour(kNft);
}

TEST_CASE("The legacy flavour applies, re-applies and heals a cut, touching only attest's chains",
          "[faults][netns]") {
  CheckFlavour(kLegacy);
}

TEST_CASE("Through the nsenter prefix the host's tools act inside a namespace entered by pid",
          "[faults][netns]") {
  if (!ToolsOrSkip({"nsenter", "iptables-restore", "iptables", "tc"})) return;
  const auto ns = ScratchNamespace::OpenOrSkip();
  if (!ns) return;
  const std::string device = ns->AddDevice();
  const ParkedProcess parked(*ns);

  // The restore command exactly as the backend builds it: prefix + args, input on stdin.
  const NodeCut cut{"n1", {"10.0.42.4"}, {}};
  Args restore = NsenterPrefix(parked.Pid());
  for (const auto& arg : IptablesRestoreArgs(IpFamily::V4)) restore.push_back(arg);
  const CommandResult refused = RunCommand(restore, IptablesRestoreInput(cut, IpFamily::V4));
  CHECK(IsHookMissing(refused.exit_code, refused.Output()));
  const CommandResult applied = RunCommand(restore, IptablesRestoreInput(cut, IpFamily::V4, Hooks::Install));
  INFO(applied.Output());
  REQUIRE(applied.exit_code == 0);
  CHECK(ns->Run({"iptables", "-S", "ATTEST-IN"}).out ==
        "-N ATTEST-IN\n-A ATTEST-IN -s 10.0.42.4/32 -j DROP\n");
  // The host's own rules are another namespace's: untouched.
  CHECK(RunCommand({"iptables", "-S", "ATTEST-IN"}).exit_code != 0);

  // tc through the same prefix reaches the namespace's device (it exists only there).
  Args tc = NsenterPrefix(parked.Pid());
  for (const auto& arg : NetemReplaceArgs(device, {attest::Delay(100ms, 20ms), attest::Loss(10)}))
    tc.push_back(arg);
  const CommandResult impaired = RunCommand(tc);
  INFO(impaired.Output());
  if (impaired.exit_code != 0) {
    CHECK(IsNetemMissing(impaired.exit_code, impaired.Output()));
    CHECK_THAT(ExplainTcFailure("n1", impaired.exit_code, impaired.Output()),
               Contains("this kernel has no netem qdisc"));
  }

  // A tool missing where the command runs is explained as such.
  Args missing = NsenterPrefix(parked.Pid());
  missing.push_back("attest-no-such-tool");
  const CommandResult not_found = RunCommand(missing);
  CHECK(not_found.exit_code != 0);
  CHECK_THAT(ExplainTcFailure("n1", not_found.exit_code, not_found.Output()),
             Contains("tc is not available where the command ran"));
  CHECK_THAT(ExplainIptablesFailure("n1", IpFamily::V4, not_found.exit_code, not_found.Output()),
             Contains("iptables-restore is not available where the command ran"));
}

TEST_CASE("tc accepts the arguments of every impairment combination attest builds", "[faults][netns]") {
  if (!ToolsOrSkip({"tc"})) return;
  const auto ns = ScratchNamespace::OpenOrSkip();
  if (!ns) return;
  const std::string device = ns->AddDevice();
  const bool has_netem = KernelHasNetem(*ns, device);
  const auto all = AcceptedNetemArgs(device);
  CHECK(all.size() == 19);  // distinct commands among the 102 accepted cases
  for (const Args& args : all) {
    const CommandResult result = ns->Run(args);
    CAPTURE(attest::faults::test::CommandText(args), result.exit_code, result.Output());
    if (has_netem) {
      CHECK(result.exit_code == 0);
      CHECK_THAT(ns->Run(NetemShowArgs(device)).out, Contains("qdisc netem"));
    } else {
      // tc parsed every argument; only the kernel said no.
      CHECK(result.exit_code == 2);
      CHECK(result.Output() == "Error: Specified qdisc kind is unknown.\n");
      CHECK(IsNetemMissing(result.exit_code, result.Output()));
      CHECK_THAT(ExplainTcFailure("n1", result.exit_code, result.Output()),
                 Contains("this kernel has no netem qdisc") && Contains("nothing was impaired"));
    }
  }
}

TEST_CASE("tc rejects malformed netem arguments itself, as attest does Reorder without Delay",
          "[faults][netns]") {
  if (!ToolsOrSkip({"tc"})) return;
  const auto ns = ScratchNamespace::OpenOrSkip();
  if (!ns) return;
  const std::string device = ns->AddDevice();
  struct Malformed {
    Args netem;
    std::string complaint;
  };
  const std::vector<Malformed> cases = {
      // What attest refuses to build (UsageError), tc refuses too.
      {{"reorder", "30%", "25%"}, "reordering not possible without specifying some delay"},
      {{"loss", "10%", "25%", "reorder", "30%", "25%"},
       "reordering not possible without specifying some delay"},
      // Proof that exit 2 above means "parsed": these fail before the kernel is asked.
      {{"delay", "100ms", "20ms", "25%", "distribution", "bogus"}, "No distribution data for bogus"},
      {{"delay", "100ms", "distribution", "normal"},
       "distribution specified but no latency and jitter values"},
  };
  for (const Malformed& c : cases) {
    const CommandResult result = ns->Run(TcNetem(device, c.netem));
    CAPTURE(attest::faults::test::CommandText(c.netem), result.Output());
    CHECK(result.exit_code == 1);
    CHECK_THAT(result.Output(), Contains(c.complaint));
    CHECK_FALSE(IsNetemMissing(result.exit_code, result.Output()));
  }
  CHECK_THROWS_AS(NetemReplaceArgs(device, {attest::Reorder(30)}), attest::UsageError);
  CHECK_THROWS_AS(NetemReplaceArgs(device, {attest::Loss(10), attest::Reorder(30)}), attest::UsageError);
}

TEST_CASE("Netem impairments are applied, read back and removed", "[faults][netns]") {
  if (!ToolsOrSkip({"tc"})) return;
  const auto ns = ScratchNamespace::OpenOrSkip();
  if (!ns) return;
  const std::string device = ns->AddDevice();
  if (!KernelHasNetem(*ns, device)) {
    Skip(
        "this kernel has no netem qdisc (tc answers \"Specified qdisc kind is unknown\"): impairments cannot "
        "be "
        "applied here, only their arguments checked");
    return;
  }
  const CommandResult applied = ns->Run(NetemReplaceArgs(
      device, {attest::Delay(100ms, 20ms), attest::Loss(10), attest::Duplicate(1), attest::Reorder(30)}));
  INFO(applied.Output());
  REQUIRE(applied.exit_code == 0);
  const std::string shown = ns->Run(NetemShowArgs(device)).out;
  CAPTURE(shown);
  CHECK_THAT(shown, Contains("qdisc netem") && Contains("delay 100ms") && Contains("20ms") &&
                        Contains("loss 10%") && Contains("duplicate 1%") && Contains("reorder 30%"));
  // Replace, not add: a second Impair leaves only its own impairments.
  REQUIRE(ns->Run(NetemReplaceArgs(device, {attest::Loss(5)})).exit_code == 0);
  const std::string replaced = ns->Run(NetemShowArgs(device)).out;
  CHECK_THAT(replaced, Contains("loss 5%"));
  CHECK_FALSE(Contains("delay").match(replaced));
  REQUIRE(ns->Run(NetemDeleteArgs(device)).exit_code == 0);
  CHECK_FALSE(Contains("netem").match(ns->Run(NetemShowArgs(device)).out));
  const CommandResult again = ns->Run(NetemDeleteArgs(device));
  CHECK(IsNothingToDelete(again.exit_code, again.Output()));
}

TEST_CASE("Repair of a device without impairments is recognised as nothing to delete", "[faults][netns]") {
  if (!ToolsOrSkip({"tc"})) return;
  const auto ns = ScratchNamespace::OpenOrSkip();
  if (!ns) return;
  const std::string device = ns->AddDevice();
  const CommandResult nothing = ns->Run(NetemDeleteArgs(device));
  INFO(nothing.Output());
  CHECK(nothing.exit_code != 0);
  CHECK(IsNothingToDelete(nothing.exit_code, nothing.Output()));
  // With a root qdisc in place (tbf, which this kernel has even without netem), delete
  // succeeds, and the next delete finds nothing again.
  const CommandResult shaped = ns->Run({"tc", "qdisc", "replace", "dev", device, "root", "tbf", "rate",
                                        "1mbit", "burst", "32kbit", "latency", "400ms"});
  if (shaped.exit_code != 0) {
    UNSCOPED_INFO("no tbf qdisc here: " << shaped.Output());
    return;
  }
  CHECK(ns->Run(NetemDeleteArgs(device)).exit_code == 0);
  const CommandResult again = ns->Run(NetemDeleteArgs(device));
  CHECK(IsNothingToDelete(again.exit_code, again.Output()));
}

TEST_CASE("Without privileges the restore tools and tc fail in ways the explanations recognise",
          "[faults][netns]") {
  if (!ToolsOrSkip({"setpriv", "tc", "iptables-nft-restore", "iptables-legacy-restore"})) return;
  const auto ns = ScratchNamespace::OpenOrSkip();
  if (!ns) return;
  const std::string device = ns->AddDevice();
  const Args unprivileged = {"setpriv", "--reuid",        "65534",          "--regid",
                             "65534",   "--clear-groups", "--inh-caps=-all"};
  const std::string input =
      IptablesRestoreInput(NodeCut{"n1", {"10.0.42.4"}, {}}, IpFamily::V4, Hooks::Install);
  for (const std::string restore : {"iptables-nft-restore", "iptables-legacy-restore"}) {
    Args command = unprivileged;
    command.push_back(restore);
    for (std::size_t i = 1; i < IptablesRestoreArgs(IpFamily::V4).size(); ++i) {
      command.push_back(IptablesRestoreArgs(IpFamily::V4)[i]);
    }
    const CommandResult result = ns->Run(command, input);
    CAPTURE(restore, result.Output());
    CHECK(result.exit_code != 0);
    CHECK_THAT(ExplainIptablesFailure("n1", IpFamily::V4, result.exit_code, result.Output()),
               Contains("no permission to change the node's network namespace"));
  }
  Args tc = unprivileged;
  for (const auto& arg : NetemReplaceArgs(device, {attest::Delay(10ms)})) tc.push_back(arg);
  const CommandResult result = ns->Run(tc);
  CAPTURE(result.Output());
  CHECK(result.exit_code != 0);
  CHECK_THAT(ExplainTcFailure("n1", result.exit_code, result.Output()),
             Contains("no permission to change the node's network device"));
}
