// Definitions for network_control.hpp.
#pragma once

#include "attest/cluster/faults/network_control.hpp"

#include <string>
#include <utility>
#include <vector>

#include "attest/error.hpp"

namespace attest::faults {

ATTEST_INLINE std::vector<std::string> NsenterPrefix(int container_pid) {
  if (container_pid <= 0) {
    throw UsageError(
        "NsenterPrefix: " + std::to_string(container_pid) +
        " is not a running container's pid (docker gives 0 for a stopped container, which has no "
        "network namespace to enter)");
  }
  return {"nsenter", "-t", std::to_string(container_pid), "-n", "--"};
}

ATTEST_INLINE std::vector<std::string> ExecPrefix(const std::string& container) {
  if (container.empty()) throw UsageError("ExecPrefix: the container name is empty");
  return {"docker", "exec", "-i", "-u", "0", container};
}

ATTEST_INLINE std::vector<std::string> HelperPrefix(
    const std::string& container, const std::string& helper_image,
    const std::vector<std::pair<std::string, std::string>>& labels) {
  if (container.empty()) throw UsageError("HelperPrefix: the container name is empty");
  if (helper_image.empty()) throw UsageError("HelperPrefix: the helper image name is empty");
  std::vector<std::string> args = {"docker",    "run",       "--rm",      "-i",
                                   "--pull",    "never",     "--network", "container:" + container,
                                   "--cap-add", "NET_ADMIN", "--cap-add", "NET_RAW"};
  for (const auto& [key, value] : labels) {
    if (key.empty() || key.find('=') != std::string::npos) {
      throw UsageError("HelperPrefix: \"" + key +
                       "\" is not a label key (it must be non-empty, without '=')");
    }
    args.insert(args.end(), {"--label", key + "=" + value});
  }
  args.push_back(helper_image);
  return args;
}

ATTEST_INLINE NetworkControl ChooseNetworkControl(NetworkControl requested,
                                                  const NetworkControlFacts& facts) {
  switch (requested) {
    case NetworkControl::Auto:
      if (facts.root_on_engine_host && facts.host_has_tools) return NetworkControl::Nsenter;
      if (facts.helper_image_available) return NetworkControl::Helper;
      return NetworkControl::Exec;
    case NetworkControl::Nsenter:
      if (!facts.root_on_engine_host) {
        throw InfrastructureError(
            "WithNetworkControl(NetworkControl::Nsenter): nsenter enters each node's network namespace "
            "through "
            "/proc/<pid>/ns/net, which needs the test to run as root on the Docker engine's own host; here "
            "it is "
            "not root, or the engine is remote, rootless or in a VM. Run the test as root on the engine's "
            "host, or "
            "use NetworkControl::Helper (a helper container) or NetworkControl::Exec (tools in the node's "
            "image), "
            "or NetworkControl::Auto to let attest choose.");
      }
      if (!facts.host_has_tools) {
        throw InfrastructureError(
            "WithNetworkControl(NetworkControl::Nsenter): nsenter runs this host's nsenter, "
            "iptables-restore, "
            "ip6tables-restore and tc, and not all of them are on PATH. Install them (Debian: apt-get "
            "install "
            "util-linux iptables iproute2), or use NetworkControl::Helper or NetworkControl::Exec, or "
            "NetworkControl::Auto to let attest choose.");
      }
      return NetworkControl::Nsenter;
    case NetworkControl::Helper:
      if (!facts.helper_image_available) {
        throw InfrastructureError(
            "WithNetworkControl(NetworkControl::Helper): the helper image is not available: it is packed "
            "from this "
            "host's iptables-restore, ip6tables-restore and tc, which are missing here or could not be "
            "packed. "
            "Install them (Debian: apt-get install iptables iproute2), or use NetworkControl::Exec with a "
            "node "
            "image that carries them, or NetworkControl::Auto to let attest choose.");
      }
      return NetworkControl::Helper;
    case NetworkControl::Exec: return NetworkControl::Exec;
  }
  throw UsageError("ChooseNetworkControl: unknown NetworkControl value " +
                   std::to_string(static_cast<int>(requested)));
}

ATTEST_INLINE std::string NetworkControlName(NetworkControl control) {
  switch (control) {
    case NetworkControl::Auto: return "automatic";
    case NetworkControl::Exec: return "docker exec";
    case NetworkControl::Helper: return "helper container";
    case NetworkControl::Nsenter: return "nsenter";
  }
  return "unknown (" + std::to_string(static_cast<int>(control)) + ")";
}

ATTEST_INLINE std::vector<std::string> NodeContainerFlags(NetworkControl chosen) {
  switch (chosen) {
    case NetworkControl::Exec: return {"--cap-add", "NET_ADMIN"};
    case NetworkControl::Helper:
    case NetworkControl::Nsenter: return {};
    case NetworkControl::Auto: break;
  }
  throw UsageError("NodeContainerFlags: give the way ChooseNetworkControl chose, not " +
                   NetworkControlName(chosen));
}

ATTEST_INLINE std::vector<std::string> NsenterHostTools() {
  return {"nsenter", "iptables-restore", "ip6tables-restore", "tc"};
}

}  // namespace attest::faults
