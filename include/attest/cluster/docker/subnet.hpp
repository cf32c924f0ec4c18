// IPv4 subnets for a run's Docker network: parsing, node addresses, overlap, and
// which subnet to try when the default one is taken.
//
//   auto subnet = docker::Ipv4Subnet::Parse("10.0.42.0/24");   // nullopt when malformed
//   subnet->NodeAddress(0);   // "10.0.42.2" (n1); .1 is the network's gateway
//
// Pure: nothing here talks to Docker.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "attest/detail/inline.hpp"

namespace attest::docker {

struct Ipv4Subnet {
  std::uint32_t base = 0;  // the network address (host bits cleared)
  int prefix = 24;

  // "10.0.42.0/24" (host bits are cleared: "10.0.42.7/24" is 10.0.42.0/24); nullopt
  // for anything else.
  static std::optional<Ipv4Subnet> Parse(const std::string& cidr);

  std::string ToString() const;
  std::uint64_t Size() const { return std::uint64_t{1} << (32 - prefix); }
  // How many nodes fit: every address but the network, the gateway and broadcast.
  std::int64_t NodeCapacity() const { return static_cast<std::int64_t>(Size()) - 3; }
  std::string Gateway() const;
  // The address of node `index` (0 for n1): the gateway's next neighbours.
  std::string NodeAddress(int index) const;
  bool Overlaps(const Ipv4Subnet& other) const;
  bool operator==(const Ipv4Subnet&) const = default;
};

// "10.0.42.2" for 0x0A002A02.
std::string Ipv4Text(std::uint32_t address);
// 0x0A002A02 for "10.0.42.2"; nullopt when malformed.
std::optional<std::uint32_t> ParseIpv4(const std::string& text);

// The default subnet of a run's network.
inline constexpr const char* kDefaultSubnet = "10.0.42.0/24";

// Subnets to try for a network of `nodes` nodes, best first: 10.0.42.0/24 when it
// overlaps nothing in `taken`, then the following /24s of 10.0.0.0/8 that overlap
// nothing (a larger block when `nodes` needs one), at most `count` of them.
std::vector<Ipv4Subnet> SubnetCandidates(int nodes, const std::vector<Ipv4Subnet>& taken,
                                         std::size_t count = 32);

// The destinations of this host's routes, from the text of /proc/net/route (the
// default route left out): a run's network must not overlap any of them, or the
// host would lose its way to that network. Pure.
std::vector<Ipv4Subnet> ParseRouteTable(const std::string& proc_net_route);

}  // namespace attest::docker

#if ATTEST_HEADER_ONLY
#include "attest/cluster/docker/detail/subnet_inl.hpp"
#endif
