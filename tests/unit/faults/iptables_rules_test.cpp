// The iptables-restore input, byte for byte, and the reading of the restore tools'
// answers. The netns test (netns_test.cpp) feeds the same inputs to the real tools.
#include <string>
#include <vector>

#include "attest/cluster/faults/partition_plan.hpp"
#include "support/catch.hpp"

namespace {

using attest::UsageError;
using attest::faults::ExplainIptablesFailure;
using attest::faults::Hooks;
using attest::faults::IpFamily;
using attest::faults::IptablesRestoreArgs;
using attest::faults::IptablesRestoreInput;
using attest::faults::IsHookMissing;
using attest::faults::NodeCut;
using Catch::Matchers::Contains;

const NodeCut kCut{"n1", {"10.0.42.4", "10.0.42.5"}, {"fd00:42::4", "fd00:42::5"}};

// The answers of this machine's tools (iptables 1.8.9) to an input whose line 4, the
// first hook delete, found no hook.
const std::string kNftHookMissing =
    "iptables-nft-restore: line 4 failed: Bad rule (does a matching rule exist in that chain?).\n";
const std::string kLegacyHookMissing = "iptables-restore: line 4 failed\n";
const std::string kLegacy6HookMissing = "ip6tables-restore: line 4 failed\n";

}  // namespace

TEST_CASE("The IPv4 input keeps attest's hooks first and drops each peer both ways", "[faults][iptables]") {
  CHECK(IptablesRestoreInput(kCut, IpFamily::V4) ==
        "*filter\n"
        ":ATTEST-IN - [0:0]\n"
        ":ATTEST-OUT - [0:0]\n"
        "-D INPUT -j ATTEST-IN\n"
        "-I INPUT 1 -j ATTEST-IN\n"
        "-D OUTPUT -j ATTEST-OUT\n"
        "-I OUTPUT 1 -j ATTEST-OUT\n"
        "-A ATTEST-IN -s 10.0.42.4 -j DROP\n"
        "-A ATTEST-IN -s 10.0.42.5 -j DROP\n"
        "-A ATTEST-OUT -d 10.0.42.4 -j DROP\n"
        "-A ATTEST-OUT -d 10.0.42.5 -j DROP\n"
        "COMMIT\n");
  // Existing is the default.
  CHECK(IptablesRestoreInput(kCut, IpFamily::V4, Hooks::Existing) ==
        IptablesRestoreInput(kCut, IpFamily::V4));
}

TEST_CASE("The input for a fresh namespace inserts the hooks without deleting them first",
          "[faults][iptables]") {
  CHECK(IptablesRestoreInput(kCut, IpFamily::V4, Hooks::Install) ==
        "*filter\n"
        ":ATTEST-IN - [0:0]\n"
        ":ATTEST-OUT - [0:0]\n"
        "-I INPUT 1 -j ATTEST-IN\n"
        "-I OUTPUT 1 -j ATTEST-OUT\n"
        "-A ATTEST-IN -s 10.0.42.4 -j DROP\n"
        "-A ATTEST-IN -s 10.0.42.5 -j DROP\n"
        "-A ATTEST-OUT -d 10.0.42.4 -j DROP\n"
        "-A ATTEST-OUT -d 10.0.42.5 -j DROP\n"
        "COMMIT\n");
}

TEST_CASE("The IPv6 input has the same shape with the cut's IPv6 addresses", "[faults][iptables]") {
  CHECK(IptablesRestoreInput(kCut, IpFamily::V6) ==
        "*filter\n"
        ":ATTEST-IN - [0:0]\n"
        ":ATTEST-OUT - [0:0]\n"
        "-D INPUT -j ATTEST-IN\n"
        "-I INPUT 1 -j ATTEST-IN\n"
        "-D OUTPUT -j ATTEST-OUT\n"
        "-I OUTPUT 1 -j ATTEST-OUT\n"
        "-A ATTEST-IN -s fd00:42::4 -j DROP\n"
        "-A ATTEST-IN -s fd00:42::5 -j DROP\n"
        "-A ATTEST-OUT -d fd00:42::4 -j DROP\n"
        "-A ATTEST-OUT -d fd00:42::5 -j DROP\n"
        "COMMIT\n");
}

TEST_CASE("A cut without addresses only flushes attest's chains and leaves the hooks alone",
          "[faults][iptables]") {
  const std::string heal =
      "*filter\n"
      ":ATTEST-IN - [0:0]\n"
      ":ATTEST-OUT - [0:0]\n"
      "COMMIT\n";
  const NodeCut empty{"n3", {}, {}};
  CHECK(IptablesRestoreInput(empty, IpFamily::V4) == heal);
  CHECK(IptablesRestoreInput(empty, IpFamily::V6) == heal);
  CHECK(IptablesRestoreInput(empty, IpFamily::V4, Hooks::Install) == heal);
  // A cut with IPv4 addresses only heals the IPv6 side.
  CHECK(IptablesRestoreInput(NodeCut{"n1", {"10.0.42.4"}, {}}, IpFamily::V6) == heal);
}

TEST_CASE("The input carries nothing but addresses of its family", "[faults][iptables][errors]") {
  CHECK_THROWS_MATCHES(
      IptablesRestoreInput(NodeCut{"n1", {"10.0.42.4\n-F INPUT"}, {}}, IpFamily::V4), UsageError,
      Catch::Matchers::Message(
          "IptablesRestoreInput: node \"n1\": \"10.0.42.4\n-F INPUT\" is not an IPv4 address"));
  CHECK_THROWS_MATCHES(
      IptablesRestoreInput(NodeCut{"n1", {"fd00:42::4"}, {}}, IpFamily::V4), UsageError,
      Catch::Matchers::Message("IptablesRestoreInput: node \"n1\": \"fd00:42::4\" is not an IPv4 address"));
  CHECK_THROWS_MATCHES(
      IptablesRestoreInput(NodeCut{"n1", {}, {"10.0.42.4"}}, IpFamily::V6), UsageError,
      Catch::Matchers::Message("IptablesRestoreInput: node \"n1\": \"10.0.42.4\" is not an IPv6 address"));
  CHECK_THROWS_AS(IptablesRestoreInput(NodeCut{"n1", {"10.0.42.0/24"}, {}}, IpFamily::V4), UsageError);
  CHECK_THROWS_AS(IptablesRestoreInput(NodeCut{"n1", {""}, {}}, IpFamily::V4), UsageError);
  CHECK_THROWS_AS(IptablesRestoreInput(NodeCut{"n1", {}, {"fe80::1%eth0"}}, IpFamily::V6), UsageError);
}

TEST_CASE("The restore command waits for the xtables lock and keeps everything not in the input",
          "[faults][iptables]") {
  CHECK(IptablesRestoreArgs(IpFamily::V4) ==
        std::vector<std::string>{"iptables-restore", "-w", "5", "--noflush"});
  CHECK(IptablesRestoreArgs(IpFamily::V6) ==
        std::vector<std::string>{"ip6tables-restore", "-w", "5", "--noflush"});
}

TEST_CASE("IsHookMissing recognises both flavours' rejection of the first hook delete",
          "[faults][iptables]") {
  CHECK(IsHookMissing(1, kNftHookMissing));
  CHECK(IsHookMissing(1, kLegacyHookMissing));
  CHECK(IsHookMissing(1, kLegacy6HookMissing));
  CHECK(IsHookMissing(
      1, "ip6tables-nft-restore: line 4 failed: Bad rule (does a matching rule exist in that chain?).\n"));
  // Not for success, another line, or another failure.
  CHECK_FALSE(IsHookMissing(0, kNftHookMissing));
  CHECK_FALSE(IsHookMissing(1, "iptables-restore: line 6 failed\n"));
  CHECK_FALSE(IsHookMissing(1, "iptables-restore: line 40 failed\n"));
  CHECK_FALSE(IsHookMissing(1, "iptables-restore: line 14 failed\n"));
  CHECK_FALSE(IsHookMissing(4, "Fatal: can't open lock file /run/xtables.lock: Permission denied\n"));
  CHECK_FALSE(IsHookMissing(1, ""));
}

TEST_CASE("ExplainIptablesFailure says what went wrong, what to do, and quotes the tool",
          "[faults][iptables]") {
  SECTION("the tool is not where the command ran") {
    const std::string out =
        "OCI runtime exec failed: exec failed: unable to start container process: exec: "
        "\"iptables-restore\": "
        "executable file not found in $PATH: unknown\n";
    CHECK(ExplainIptablesFailure("n2", IpFamily::V4, 126, out) ==
          "node \"n2\": cannot apply the network partition's IPv4 rules: iptables-restore is not available "
          "where "
          "the command ran; iptables-restore said \"OCI runtime exec failed: exec failed: unable to start "
          "container "
          "process: exec: \"iptables-restore\": executable file not found in $PATH: unknown\". With "
          "NetworkControl::Exec the node's image must carry iptables-restore and ip6tables-restore; "
          "NetworkControl::Helper brings them in a helper container instead.");
  }
  SECTION("no permission") {
    const std::string message = ExplainIptablesFailure("n1", IpFamily::V4, 4,
                                                       "iptables-nft-restore v1.8.9 (nf_tables): Could not "
                                                       "fetch rule set generation id: Permission denied (you "
                                                       "must be root)\n");
    CHECK_THAT(message,
               Contains("node \"n1\": cannot apply the network partition's IPv4 rules: no permission to "
                        "change the node's network namespace; iptables-restore said \"iptables-nft-restore"));
    CHECK_THAT(message, Contains("--cap-add NET_ADMIN"));
  }
  SECTION("the legacy lock file cannot be created") {
    const std::string message = ExplainIptablesFailure(
        "n1", IpFamily::V6, 4, "Fatal: can't open lock file /run/xtables.lock: No such file or directory\n");
    CHECK_THAT(message,
               Contains("IPv6 rules: the legacy flavour could not open its lock file /run/xtables.lock; "
                        "ip6tables-restore said \"Fatal: can't open lock file"));
    CHECK_THAT(message, Contains("writable /run"));
  }
  SECTION("no filter table in the kernel") {
    const std::string message = ExplainIptablesFailure(
        "n1", IpFamily::V6, 1,
        "ip6tables-restore v1.8.9 (legacy): ip6tables-restore: unable to initialize table 'filter'\n"
        "can't initialize ip6tables table `filter': Table does not exist (do you need to insmod?)\n");
    CHECK_THAT(message, Contains("the kernel offers no IPv6 filter table"));
  }
  SECTION("the xtables lock stays held") {
    const std::string message = ExplainIptablesFailure(
        "n1", IpFamily::V4, 4,
        "Another app is currently holding the xtables lock. Stopped waiting after 5s.\n");
    CHECK_THAT(message, Contains("another program held the xtables lock for more than 5 s"));
  }
  SECTION("the hooks are missing") {
    const std::string message = ExplainIptablesFailure("n1", IpFamily::V4, 1, kNftHookMissing);
    CHECK_THAT(message,
               Contains("attest's hook rules (INPUT -j ATTEST-IN, OUTPUT -j ATTEST-OUT) are not in place"));
    CHECK_THAT(message, Contains("Hooks::Install"));
  }
  SECTION("anything else is quoted with the exit code") {
    CHECK(ExplainIptablesFailure("n3", IpFamily::V4, 2,
                                 "iptables-restore v1.8.9 (nf_tables): unknown option\n") ==
          "node \"n3\": cannot apply the network partition's IPv4 rules: iptables-restore failed with exit "
          "code 2; "
          "iptables-restore said \"iptables-restore v1.8.9 (nf_tables): unknown option\".");
    CHECK(ExplainIptablesFailure("n3", IpFamily::V6, 1, " \n") ==
          "node \"n3\": cannot apply the network partition's IPv6 rules: ip6tables-restore failed with exit "
          "code 1; "
          "ip6tables-restore said (no output).");
  }
}
