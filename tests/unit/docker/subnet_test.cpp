// Ipv4Subnet, SubnetCandidates and ParseRouteTable.
#include <attest/cluster/docker/subnet.hpp>

#include "support/catch.hpp"

using attest::docker::Ipv4Subnet;

TEST_CASE("A subnet parses from CIDR text, with its host bits cleared") {
  const auto subnet = Ipv4Subnet::Parse("10.0.42.7/24");
  REQUIRE(subnet.has_value());
  CHECK(subnet->ToString() == "10.0.42.0/24");
  CHECK(subnet->Gateway() == "10.0.42.1");
  CHECK(subnet->NodeAddress(0) == "10.0.42.2");
  CHECK(subnet->NodeAddress(2) == "10.0.42.4");
  CHECK(subnet->NodeCapacity() == 253);
  CHECK(Ipv4Subnet::Parse("10.0.42.0/29")->NodeCapacity() == 5);
  for (const char* bad : {"10.0.42.0", "10.0.42/24", "10.0.42.0/33", "10.0.42.0/", "256.0.0.0/8", "a.b.c.d/8",
                          "10.0.42.0/24x", "10.0.42.0.1/24", "", "/24"}) {
    CAPTURE(bad);
    CHECK_FALSE(Ipv4Subnet::Parse(bad).has_value());
  }
}

TEST_CASE("Subnets overlap when they share an address") {
  const auto a = *Ipv4Subnet::Parse("10.0.42.0/24");
  CHECK(a.Overlaps(*Ipv4Subnet::Parse("10.0.0.0/16")));
  CHECK(a.Overlaps(*Ipv4Subnet::Parse("10.0.42.128/25")));
  CHECK_FALSE(a.Overlaps(*Ipv4Subnet::Parse("10.0.43.0/24")));
  CHECK_FALSE(a.Overlaps(*Ipv4Subnet::Parse("10.0.41.0/24")));
}

TEST_CASE("The default subnet comes first when it is free, the next free ones otherwise") {
  const auto free = attest::docker::SubnetCandidates(3, {}, 3);
  REQUIRE(free.size() == 3);
  CHECK(free[0].ToString() == "10.0.42.0/24");
  CHECK(free[1].ToString() == "10.0.43.0/24");
  const auto taken = attest::docker::SubnetCandidates(
      3, {*Ipv4Subnet::Parse("10.0.42.0/24"), *Ipv4Subnet::Parse("10.0.43.0/25")}, 2);
  REQUIRE(taken.size() == 2);
  CHECK(taken[0].ToString() == "10.0.44.0/24");
  CHECK(taken[1].ToString() == "10.0.45.0/24");
}

TEST_CASE("Many nodes get a larger block") {
  const auto big = attest::docker::SubnetCandidates(300, {}, 1);
  REQUIRE(big.size() == 1);
  CHECK(big[0].prefix == 23);
  CHECK(big[0].NodeCapacity() >= 300);
  CHECK(big[0].ToString() == "10.0.42.0/23");
}

TEST_CASE("A route table lists the host's networks and leaves out the default route") {
  const std::string table =
      "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
      "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
      "docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0\n"
      "br-1\t002A000A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n";
  const auto routes = attest::docker::ParseRouteTable(table);
  REQUIRE(routes.size() == 2);
  CHECK(routes[0].ToString() == "172.17.0.0/16");
  CHECK(routes[1].ToString() == "10.0.42.0/24");
  CHECK(attest::docker::SubnetCandidates(1, routes, 1)[0].ToString() == "10.0.43.0/24");
}
