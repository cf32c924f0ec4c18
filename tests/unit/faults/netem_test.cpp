// The tc commands for impairments, argument for argument, their rejections, and the
// reading of tc's answers. The netns test (netns_test.cpp) hands the same argv to tc.
#include <chrono>
#include <string>
#include <vector>

#include "attest/cluster/faults/netem.hpp"
#include "impairment_cases.hpp"
#include "support/catch.hpp"

namespace {

using namespace std::chrono_literals;
using attest::Delay;
using attest::Duplicate;
using attest::Impairment;
using attest::Loss;
using attest::Reorder;
using attest::UsageError;
using attest::faults::ExplainTcFailure;
using attest::faults::IsNetemMissing;
using attest::faults::IsNothingToDelete;
using attest::faults::NetemDeleteArgs;
using attest::faults::NetemReplaceArgs;
using attest::faults::NetemShowArgs;
using Catch::Matchers::Contains;
using Args = std::vector<std::string>;

Args Replace(const std::string& device, Args netem) {
  Args args = {"tc", "qdisc", "replace", "dev", device, "root", "netem"};
  args.insert(args.end(), netem.begin(), netem.end());
  return args;
}

// The arguments tc gets for one impairment alone.
Args Alone(const Impairment& impairment) { return NetemReplaceArgs("eth0", {impairment}); }

const std::string kNetemUnknown = "Error: Specified qdisc kind is unknown.\n";

}  // namespace

TEST_CASE("The contract's example: delay with jitter and loss", "[faults][netem]") {
  CHECK(NetemReplaceArgs("eth0", {Delay(100ms, 20ms), Loss(10)}) ==
        Args{"tc", "qdisc", "replace", "dev", "eth0", "root", "netem", "delay", "100ms", "20ms", "25%",
             "distribution", "normal", "loss", "10%", "25%"});
}

TEST_CASE("Each impairment alone gives its netem arguments", "[faults][netem]") {
  CHECK(Alone(Delay(100ms)) == Replace("eth0", {"delay", "100ms"}));
  CHECK(Alone(Delay(100ms, 20ms)) ==
        Replace("eth0", {"delay", "100ms", "20ms", "25%", "distribution", "normal"}));
  CHECK(Alone(Loss(10)) == Replace("eth0", {"loss", "10%", "25%"}));
  CHECK(Alone(Duplicate(1)) == Replace("eth0", {"duplicate", "1%"}));
  CHECK(NetemReplaceArgs("eth1", {Reorder(25), Delay(50ms)}) ==
        Replace("eth1", {"delay", "50ms", "reorder", "25%", "25%"}));
}

TEST_CASE("Every combination, in every order, gives its arguments in tc's order or is rejected",
          "[faults][netem]") {
  const auto cases = attest::faults::test::AllImpairmentCases();
  CHECK(cases.size() == 113);  // 15 without Delay (11 rejected), 49 with Delay, 49 with Delay and jitter
  int rejected = 0;
  for (const auto& c : cases) {
    CAPTURE(c.name);
    if (c.rejected) {
      ++rejected;
      CHECK_THROWS_AS(NetemReplaceArgs("eth0", c.impairments), UsageError);
      CHECK_THROWS_WITH(NetemReplaceArgs("eth0", c.impairments),
                        Catch::Matchers::StartsWith("Impair: Reorder needs a Delay"));
    } else {
      CHECK(NetemReplaceArgs("eth0", c.impairments) == Replace("eth0", c.netem_args));
    }
  }
  CHECK(rejected == 11);
}

TEST_CASE("Times and percentages are written as tc reads them", "[faults][netem]") {
  CHECK(Alone(Delay(1500us)) == Replace("eth0", {"delay", "1500us"}));
  CHECK(Alone(Delay(2s)) == Replace("eth0", {"delay", "2000ms"}));
  CHECK(Alone(Delay(1ms, 500us)) ==
        Replace("eth0", {"delay", "1ms", "500us", "25%", "distribution", "normal"}));
  CHECK(Alone(Loss(0.5)) == Replace("eth0", {"loss", "0.5%", "25%"}));
  CHECK(Alone(Loss(100)) == Replace("eth0", {"loss", "100%", "25%"}));
  CHECK(Alone(Loss(33.3)) == Replace("eth0", {"loss", "33.3%", "25%"}));
  // Never an exponent, never rounded to nothing.
  CHECK(Alone(Duplicate(0.0000001)) == Replace("eth0", {"duplicate", "0.0000001%"}));
  CHECK(Alone(Duplicate(12.125)) == Replace("eth0", {"duplicate", "12.125%"}));
}

TEST_CASE("NetemReplaceArgs rejects what one netem qdisc cannot hold", "[faults][netem][errors]") {
  CHECK_THROWS_MATCHES(
      NetemReplaceArgs("eth0", {}), UsageError,
      Catch::Matchers::Message("Impair: give at least one impairment (Delay, Loss, Duplicate, Reorder)"));
  CHECK_THROWS_MATCHES(
      NetemReplaceArgs("eth0", {Loss(1), Delay(5ms), Loss(2)}), UsageError,
      Catch::Matchers::Message(
          "Impair: loss 2% is given twice in one call; one netem qdisc holds each kind once"));
  CHECK_THROWS_WITH(NetemReplaceArgs("eth0", {Reorder(25)}),
                    Contains("Impair: Reorder needs a Delay in the same call"));
  CHECK_THROWS_WITH(NetemReplaceArgs("eth0", {Loss(5), Reorder(25)}), Contains("Reorder needs a Delay"));
}

TEST_CASE("Device names that are not names are rejected by every builder", "[faults][netem][errors]") {
  for (const std::string device : {"", "a-name-of-16-chr", "eth0 root", "../eth0", "eth0:1", "eth\n0"}) {
    CAPTURE(device);
    CHECK_THROWS_MATCHES(
        NetemReplaceArgs(device, {Loss(1)}), UsageError,
        Catch::Matchers::Message("NetemReplaceArgs: \"" + device +
                                 "\" is not a network device name (1 to 15 characters, no '/', ':' "
                                 "or white space)"));
    CHECK_THROWS_AS(NetemDeleteArgs(device), UsageError);
    CHECK_THROWS_AS(NetemShowArgs(device), UsageError);
  }
  CHECK(NetemDeleteArgs("a-name-of-15-ch") == Args{"tc", "qdisc", "del", "dev", "a-name-of-15-ch", "root"});
}

TEST_CASE("Repair deletes the root qdisc, and show lists the device's qdiscs", "[faults][netem]") {
  CHECK(NetemDeleteArgs("eth0") == Args{"tc", "qdisc", "del", "dev", "eth0", "root"});
  CHECK(NetemShowArgs("eth0") == Args{"tc", "qdisc", "show", "dev", "eth0"});
}

TEST_CASE("IsNothingToDelete recognises tc's answer for a device without impairments", "[faults][netem]") {
  CHECK(IsNothingToDelete(2, "Error: Cannot delete qdisc with handle of zero.\n"));
  CHECK(IsNothingToDelete(2, "RTNETLINK answers: No such file or directory\n"));
  CHECK_FALSE(IsNothingToDelete(0, "Error: Cannot delete qdisc with handle of zero.\n"));
  CHECK_FALSE(IsNothingToDelete(1, "Cannot find device \"eth0\"\n"));
  CHECK_FALSE(IsNothingToDelete(2, "RTNETLINK answers: Operation not permitted\n"));
}

TEST_CASE("IsNetemMissing recognises a kernel, or a tc, without netem", "[faults][netem]") {
  CHECK(IsNetemMissing(2, kNetemUnknown));
  CHECK(IsNetemMissing(1, "Unknown qdisc \"netem\", hence option \"delay\" is unparsable\n"));
  CHECK_FALSE(IsNetemMissing(0, kNetemUnknown));
  CHECK_FALSE(IsNetemMissing(2, "RTNETLINK answers: Operation not permitted\n"));
  CHECK_FALSE(IsNetemMissing(1, "reordering not possible without specifying some delay\n"));
}

TEST_CASE("ExplainTcFailure on a kernel without netem says so, and what would be needed", "[faults][netem]") {
  CHECK(
      ExplainTcFailure("n2", 2, kNetemUnknown) ==
      "node \"n2\": cannot impair the network: this kernel has no netem qdisc (CONFIG_NET_SCH_NETEM, the "
      "sch_netem "
      "module), so nothing was impaired (tc said \"Error: Specified qdisc kind is unknown.\"). Delay, Loss, "
      "Duplicate and Reorder need a kernel with netem: `modprobe sch_netem` on the Docker engine's host if "
      "the "
      "module exists there, or run the suite on a host whose kernel has it.");
}

TEST_CASE("ExplainTcFailure names other failures and quotes tc", "[faults][netem]") {
  SECTION("tc is not where the command ran") {
    const std::string message = ExplainTcFailure("n1", 126,
                                                 "OCI runtime exec failed: exec failed: unable to start "
                                                 "container process: exec: \"tc\": executable file "
                                                 "not found in $PATH: unknown\n");
    CHECK_THAT(message,
               Contains("node \"n1\": tc could not change the network device's qdisc: tc is not available "
                        "where the command ran (tc said \"OCI runtime exec failed"));
    CHECK_THAT(message, Contains("NetworkControl::Helper"));
    CHECK_THAT(ExplainTcFailure("n1", 127, "nsenter: failed to execute tc: No such file or directory\n"),
               Contains("tc is not available where the command ran"));
  }
  SECTION("no permission") {
    const std::string message = ExplainTcFailure("n1", 2, "RTNETLINK answers: Operation not permitted\n");
    CHECK_THAT(message,
               Contains("no permission to change the node's network device (tc said \"RTNETLINK answers: "
                        "Operation not permitted\")"));
    CHECK_THAT(message, Contains("--cap-add NET_ADMIN"));
  }
  SECTION("no such device") {
    CHECK(ExplainTcFailure("n4", 1, "Cannot find device \"eth7\"\n") ==
          "node \"n4\": tc could not change the network device's qdisc: the node has no such network device "
          "(tc "
          "said \"Cannot find device \"eth7\"\").");
  }
  SECTION("no distribution table") {
    CHECK_THAT(ExplainTcFailure(
                   "n1", 1,
                   "No distribution data for normal (/usr/lib/x86_64-linux-gnu/tc//normal.dist: No such "
                   "file or directory)\n"),
               Contains("tc found no distribution table"));
  }
  SECTION("anything else") {
    CHECK(ExplainTcFailure("n1", 1, "Illegal \"loss\"\n") ==
          "node \"n1\": tc could not change the network device's qdisc: tc failed with exit code 1 (tc said "
          "\"Illegal \"loss\"\"); the device keeps the qdisc it had.");
  }
}
