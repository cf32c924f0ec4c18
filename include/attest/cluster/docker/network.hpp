// The run's own Docker network: a labelled bridge on a subnet nobody else uses.
//
//   Ipv4Subnet subnet = docker::CreateRunNetwork(cli, "attest-1a2b3c4d", labels, 3, "");
//
// Without a pinned subnet (WithSubnet) it takes 10.0.42.0/24 when that overlaps no
// route of this host and no other Docker network, else the next free block of
// 10.0.0.0/8 (a concurrent run may hold the default: the engine refuses overlaps, so two
// runs never share one). A pinned subnet that is taken is an error that names it.
#pragma once

#include <string>
#include <vector>

#include "attest/cluster/docker/cli.hpp"
#include "attest/cluster/docker/labels.hpp"
#include "attest/cluster/docker/subnet.hpp"
#include "attest/detail/inline.hpp"

namespace attest::docker {

// Creates the network and returns its subnet. Throws InfrastructureError for a taken
// pinned subnet, no free subnet, or the engine's refusal; Cancelled when interrupted.
Ipv4Subnet CreateRunNetwork(const Cli& cli, const std::string& name, const Labels& labels, int nodes,
                            const std::string& pinned_subnet);

// The destinations of this host's routes (/proc/net/route), when the engine runs on
// this host (its networks are routes here too); empty otherwise.
std::vector<Ipv4Subnet> HostRoutes();

// The subnets of every network on the engine.
std::vector<Ipv4Subnet> EngineSubnets(const Cli& cli);

}  // namespace attest::docker

#if ATTEST_HEADER_ONLY
#include "attest/cluster/docker/detail/network_inl.hpp"
#endif
