// Definitions of cluster/docker/network.hpp.
#pragma once

#include "attest/cluster/docker/network.hpp"

#include <fstream>
#include <iterator>

#include "attest/cluster/docker/errors.hpp"
#include "attest/cluster/docker/node_spec.hpp"
#include "attest/error.hpp"

namespace attest::docker {

ATTEST_INLINE std::vector<Ipv4Subnet> HostRoutes() {
  if (!EngineUsesLocalSocket()) return {};
  std::ifstream in("/proc/net/route");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return ParseRouteTable(text);
}

ATTEST_INLINE std::vector<Ipv4Subnet> EngineSubnets(const Cli& cli) {
  std::vector<Ipv4Subnet> subnets;
  const process::Outcome ids = cli.Run({"network", "ls", "-q"});
  if (!ids.Ok()) return subnets;
  std::vector<std::string> args = {"network", "inspect", "--format",
                                   "{{range .IPAM.Config}}{{.Subnet}} {{end}}"};
  std::size_t start = 0;
  while (start < ids.out.size()) {
    auto end = ids.out.find('\n', start);
    if (end == std::string::npos) end = ids.out.size();
    if (end > start) args.push_back(ids.out.substr(start, end - start));
    start = end + 1;
  }
  const process::Outcome inspected = cli.Run(args);
  const std::string& text = inspected.out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\n')) ++i;
    const std::size_t from = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\n') ++i;
    if (i > from) {
      if (auto subnet = Ipv4Subnet::Parse(text.substr(from, i - from))) subnets.push_back(*subnet);
    }
  }
  return subnets;
}

ATTEST_INLINE Ipv4Subnet CreateRunNetwork(const Cli& cli, const std::string& name, const Labels& labels,
                                          int nodes, const std::string& pinned_subnet) {
  const bool pinned = !pinned_subnet.empty();
  const auto routes = HostRoutes();
  std::vector<Ipv4Subnet> candidates;
  if (pinned) {
    const auto subnet = Ipv4Subnet::Parse(pinned_subnet);
    if (!subnet)
      throw UsageError("WithSubnet(\"" + pinned_subnet + "\"): not an IPv4 subnet like 10.0.42.0/24");
    for (const auto& route : routes) {
      if (route.Overlaps(*subnet)) {
        throw InfrastructureError("WithSubnet(\"" + pinned_subnet +
                                  "\"): the subnet is taken: this host already "
                                  "routes " +
                                  route.ToString() +
                                  " (another network, or a Docker network of "
                                  "another run); choose a free one with WithSubnet, or leave it out and let "
                                  "attest pick one");
      }
    }
    candidates.push_back(*subnet);
  } else {
    candidates = SubnetCandidates(nodes, routes, 8);
  }
  for (int round = 0; round < 2; ++round) {
    for (const auto& subnet : candidates) {
      const process::Outcome outcome =
          cli.Run(NetworkCreateArgs(name, subnet.ToString(), subnet.Gateway(), labels));
      if (outcome.Ok()) return subnet;
      if (outcome.cancelled) throw Cancelled();
      cli.ThrowIfEngineProblem(outcome);
      if (ClassifyDockerFailure(outcome.Output()) != DockerProblem::SubnetTaken) {
        cli.Fail("creating the network " + name + " (" + subnet.ToString() + ")", outcome);
      }
      if (pinned) {
        throw InfrastructureError(
            "WithSubnet(\"" + pinned_subnet +
                "\"): the subnet is taken by another Docker "
                "network (docker network ls; docker network inspect <name>); remove that "
                "network, choose another subnet with WithSubnet, or leave it out and let "
                "attest pick a free one",
            outcome.CommandLine(), outcome.Output());
      }
    }
    // Every candidate overlapped a Docker network (of another host's routes, or of a
    // remote engine): ask the engine which subnets it holds and try the ones around them.
    auto taken = routes;
    const auto held = EngineSubnets(cli);
    taken.insert(taken.end(), held.begin(), held.end());
    candidates = SubnetCandidates(nodes, taken, 8);
    if (candidates.empty()) break;
  }
  throw InfrastructureError(
      "no free subnet for the run's network in 10.0.0.0/8 (every candidate is taken); "
      "remove unused Docker networks (docker network prune) or pin one with WithSubnet");
}

}  // namespace attest::docker
