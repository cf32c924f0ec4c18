// Definitions of cluster/docker/node_spec.hpp.
#pragma once

#include "attest/cluster/docker/node_spec.hpp"

namespace attest::docker {

ATTEST_INLINE std::vector<std::pair<std::string, std::string>> NodeEnvironment(
    const std::vector<std::string>& ips, std::size_t index, int node_port,
    const std::vector<std::pair<std::string, std::string>>& extra) {
  const std::string port = std::to_string(node_port);
  std::string peers;
  for (std::size_t i = 0; i < ips.size(); ++i) {
    if (i != index) peers += (peers.empty() ? "" : ",") + ips[i] + ":" + port;
  }
  std::vector<std::pair<std::string, std::string>> env = {
      {"ADDR", ips[index] + ":" + port}, {"PEERS", peers}, {"DATA_DIR", kDataDir}};
  for (const auto& [key, value] : extra) {
    bool replaced = false;
    for (auto& [existing, old] : env) {
      if (existing == key) {
        old = value;
        replaced = true;
      }
    }
    if (!replaced) env.emplace_back(key, value);
  }
  return env;
}

ATTEST_INLINE std::vector<std::string> RunArgs(const NodeSpec& spec) {
  std::vector<std::string> args = {
      "run",
      "-d",
      "--init",
      "--name",
      spec.container,
      "--hostname",
      spec.name,
      "--network",
      spec.network,
      "--ip",
      spec.ip,
      "-p",
      "127.0.0.1:" + std::to_string(spec.host_port) + ":" + std::to_string(spec.node_port)};
  std::string mount = "type=volume,source=" + spec.volume + ",target=" + kDataDir;
  for (const auto& [key, value] : spec.volume_labels) mount += ",volume-label=" + key + "=" + value;
  args.insert(args.end(), {"--mount", mount});
  // `docker logs` needs a local log driver, whatever the engine's default is.
  args.insert(args.end(), {"--log-driver", "json-file"});
  if (spec.net_admin) args.insert(args.end(), {"--cap-add", "NET_ADMIN"});
  for (const auto& label : LabelArgs(spec.labels)) args.push_back(label);
  for (const auto& [key, value] : spec.env) args.insert(args.end(), {"-e", key + "=" + value});
  args.push_back(spec.image);
  args.insert(args.end(), spec.command.begin(), spec.command.end());
  return args;
}

ATTEST_INLINE std::vector<std::string> NetworkCreateArgs(const std::string& name, const std::string& subnet,
                                                         const std::string& gateway, const Labels& labels) {
  std::vector<std::string> args = {"network",  "create", "--driver",  "bridge",
                                   "--subnet", subnet,   "--gateway", gateway};
  for (const auto& label : LabelArgs(labels)) args.push_back(label);
  args.push_back(name);
  return args;
}

}  // namespace attest::docker
