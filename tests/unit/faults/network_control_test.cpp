// The ways into a node's network namespace: their argv prefixes, and which way is chosen
// for every combination of what the machine offers and what the suite asked for.
#include <string>
#include <vector>

#include "attest/cluster/faults/network_control.hpp"
#include "support/catch.hpp"

namespace {

using attest::InfrastructureError;
using attest::NetworkControl;
using attest::UsageError;
using attest::faults::ChooseNetworkControl;
using attest::faults::ExecPrefix;
using attest::faults::HelperPrefix;
using attest::faults::NetworkControlFacts;
using attest::faults::NetworkControlName;
using attest::faults::NodeContainerFlags;
using attest::faults::NsenterHostTools;
using attest::faults::NsenterPrefix;
using Catch::Matchers::Contains;
using Args = std::vector<std::string>;

std::string FactsText(const NetworkControlFacts& facts) {
  return std::string("root_on_engine_host=") + (facts.root_on_engine_host ? "1" : "0") +
         " host_has_tools=" + (facts.host_has_tools ? "1" : "0") +
         " helper_image_available=" + (facts.helper_image_available ? "1" : "0");
}

}  // namespace

TEST_CASE("nsenter enters the node's network namespace only", "[faults][control]") {
  CHECK(NsenterPrefix(4242) == Args{"nsenter", "-t", "4242", "-n", "--"});
  CHECK_THROWS_MATCHES(
      NsenterPrefix(0), UsageError,
      Catch::Matchers::Message("NsenterPrefix: 0 is not a running container's pid (docker gives 0 "
                               "for a stopped container, which has no network namespace to enter)"));
  CHECK_THROWS_AS(NsenterPrefix(-1), UsageError);
}

TEST_CASE("docker exec runs as root with stdin attached", "[faults][control]") {
  CHECK(ExecPrefix("attest-1234-n1") == Args{"docker", "exec", "-i", "-u", "0", "attest-1234-n1"});
  CHECK_THROWS_MATCHES(ExecPrefix(""), UsageError,
                       Catch::Matchers::Message("ExecPrefix: the container name is empty"));
}

TEST_CASE("The helper container joins the node's namespace with NET_ADMIN and never pulls",
          "[faults][control]") {
  CHECK(HelperPrefix("attest-1234-n1", "attest-net-helper:1") ==
        Args{"docker", "run", "--rm", "-i", "--pull", "never", "--network", "container:attest-1234-n1",
             "--cap-add", "NET_ADMIN", "--cap-add", "NET_RAW", "attest-net-helper:1"});
  CHECK(HelperPrefix("attest-1234-n1", "attest-net-helper:1",
                     {{"attest.run", "1234"}, {"attest.node", "n1"}}) ==
        Args{"docker", "run", "--rm", "-i", "--pull", "never", "--network", "container:attest-1234-n1",
             "--cap-add", "NET_ADMIN", "--cap-add", "NET_RAW", "--label", "attest.run=1234", "--label",
             "attest.node=n1", "attest-net-helper:1"});
  CHECK(HelperPrefix("c", "i", {{"attest.empty", ""}}).at(13) == "attest.empty=");
}

TEST_CASE("HelperPrefix rejects an empty container, image or label key", "[faults][control][errors]") {
  CHECK_THROWS_MATCHES(HelperPrefix("", "img"), UsageError,
                       Catch::Matchers::Message("HelperPrefix: the container name is empty"));
  CHECK_THROWS_MATCHES(HelperPrefix("c", ""), UsageError,
                       Catch::Matchers::Message("HelperPrefix: the helper image name is empty"));
  CHECK_THROWS_MATCHES(
      HelperPrefix("c", "img", {{"", "x"}}), UsageError,
      Catch::Matchers::Message("HelperPrefix: \"\" is not a label key (it must be non-empty, without "
                               "'=')"));
  CHECK_THROWS_AS(HelperPrefix("c", "img", {{"a=b", "x"}}), UsageError);
}

TEST_CASE("Auto prefers nsenter, then the helper container, then docker exec", "[faults][control]") {
  struct Row {
    NetworkControlFacts facts;
    NetworkControl expected;
  };
  const std::vector<Row> rows = {
      //  root   tools  helper
      {{false, false, false}, NetworkControl::Exec},  {{false, false, true}, NetworkControl::Helper},
      {{false, true, false}, NetworkControl::Exec},   {{false, true, true}, NetworkControl::Helper},
      {{true, false, false}, NetworkControl::Exec},   {{true, false, true}, NetworkControl::Helper},
      {{true, true, false}, NetworkControl::Nsenter}, {{true, true, true}, NetworkControl::Nsenter},
  };
  for (const Row& row : rows) {
    CAPTURE(FactsText(row.facts));
    CHECK(ChooseNetworkControl(NetworkControl::Auto, row.facts) == row.expected);
  }
}

TEST_CASE("A forced way is kept when its precondition holds, and refused with the reason otherwise",
          "[faults][control]") {
  for (int bits = 0; bits < 8; ++bits) {
    const NetworkControlFacts facts{(bits & 4) != 0, (bits & 2) != 0, (bits & 1) != 0};
    CAPTURE(FactsText(facts));

    // Exec has no precondition that can be known beforehand.
    CHECK(ChooseNetworkControl(NetworkControl::Exec, facts) == NetworkControl::Exec);

    if (facts.helper_image_available) {
      CHECK(ChooseNetworkControl(NetworkControl::Helper, facts) == NetworkControl::Helper);
    } else {
      CHECK_THROWS_AS(ChooseNetworkControl(NetworkControl::Helper, facts), InfrastructureError);
      CHECK_THROWS_WITH(
          ChooseNetworkControl(NetworkControl::Helper, facts),
          Contains("WithNetworkControl(NetworkControl::Helper): the helper image is not available") &&
              Contains("apt-get install iptables iproute2") && Contains("NetworkControl::Exec"));
    }

    if (!facts.root_on_engine_host) {
      CHECK_THROWS_AS(ChooseNetworkControl(NetworkControl::Nsenter, facts), InfrastructureError);
      CHECK_THROWS_WITH(ChooseNetworkControl(NetworkControl::Nsenter, facts),
                        Contains("WithNetworkControl(NetworkControl::Nsenter)") &&
                            Contains("needs the test to run as root on the Docker engine's own host") &&
                            Contains("NetworkControl::Helper"));
    } else if (!facts.host_has_tools) {
      CHECK_THROWS_AS(ChooseNetworkControl(NetworkControl::Nsenter, facts), InfrastructureError);
      CHECK_THROWS_WITH(
          ChooseNetworkControl(NetworkControl::Nsenter, facts),
          Contains("WithNetworkControl(NetworkControl::Nsenter)") &&
              Contains("nsenter, iptables-restore, ip6tables-restore and tc, and not all of them are "
                       "on PATH") &&
              Contains("apt-get install util-linux iptables iproute2"));
    } else {
      CHECK(ChooseNetworkControl(NetworkControl::Nsenter, facts) == NetworkControl::Nsenter);
    }
  }
}

TEST_CASE("Each way has a name for messages", "[faults][control]") {
  CHECK(NetworkControlName(NetworkControl::Nsenter) == "nsenter");
  CHECK(NetworkControlName(NetworkControl::Helper) == "helper container");
  CHECK(NetworkControlName(NetworkControl::Exec) == "docker exec");
  CHECK(NetworkControlName(NetworkControl::Auto) == "automatic");
}

TEST_CASE("Only docker exec needs the node itself to hold NET_ADMIN", "[faults][control]") {
  CHECK(NodeContainerFlags(NetworkControl::Exec) == Args{"--cap-add", "NET_ADMIN"});
  CHECK(NodeContainerFlags(NetworkControl::Helper).empty());
  CHECK(NodeContainerFlags(NetworkControl::Nsenter).empty());
  CHECK_THROWS_MATCHES(
      NodeContainerFlags(NetworkControl::Auto), UsageError,
      Catch::Matchers::Message("NodeContainerFlags: give the way ChooseNetworkControl chose, not automatic"));
}

TEST_CASE("nsenter needs the host's nsenter, restore tools and tc", "[faults][control]") {
  CHECK(NsenterHostTools() == Args{"nsenter", "iptables-restore", "ip6tables-restore", "tc"});
}
