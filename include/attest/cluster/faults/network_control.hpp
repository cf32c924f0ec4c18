// How a fault command (iptables-restore, tc) reaches a node's network namespace: the
// three ways, as argv prefixes, and the choice between them. Nothing here runs a process.
//
//   NetworkControl way = ChooseNetworkControl(config.network_control, facts);  // once per cluster
//   std::vector<std::string> argv = NsenterPrefix(pid);                      // per node and call
//   argv += NetemReplaceArgs("eth0", impairments);
//
//  - Nsenter: the host's own tools run inside the node's namespace (`nsenter -t PID -n`);
//    about 5 ms a call here. Needs root on the engine's host.
//  - Helper: a short-lived container joins the node's namespace (`--network
//    container:<node>`, NET_ADMIN) and brings iptables and tc itself; about 240 ms.
//  - Exec: `docker exec` in the node, for images that carry the tools; about 90 ms.
//    Needs the node started with NET_ADMIN (NodeContainerFlags).
// Use one way for a cluster throughout: the iptables flavour (nft or legacy) is the one
// of the binary that runs, and rules added by one flavour are not flushed by the other.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "attest/config/suite_config.hpp"
#include "attest/detail/inline.hpp"

namespace attest::faults {

// argv prefix that runs a command in the network namespace of the process `container_pid`
// (the node's main process as `docker inspect -f {{.State.Pid}}` gives it), with this
// host's tools and file system:
//   NsenterPrefix(4242) == {"nsenter", "-t", "4242", "-n", "--"}
// Throws UsageError for a pid of 0 or less (docker gives 0 for a stopped container,
// which has no network namespace to enter).
std::vector<std::string> NsenterPrefix(int container_pid);

// argv prefix that runs a command inside the node's container, as root (an image whose
// USER is not root could not change its network otherwise), stdin attached:
//   ExecPrefix("attest-1234-n1") == {"docker", "exec", "-i", "-u", "0", "attest-1234-n1"}
// The node must run with CAP_NET_ADMIN (NodeContainerFlags(NetworkControl::Exec));
// `docker exec --privileged` would avoid that but fails on engines that cannot grant
// all capabilities (this machine's: "unable to apply caps"). Throws UsageError for an
// empty container name.
std::vector<std::string> ExecPrefix(const std::string& container);

// argv prefix that runs a command in a throwaway helper container sharing the node's
// network namespace, with `labels` (e.g. the run's id, so leftovers can be found):
//   HelperPrefix("attest-1234-n1", "attest-net-helper:1", {{"attest.run", "1234"}}) ==
//     {"docker", "run", "--rm", "-i", "--pull", "never",
//      "--network", "container:attest-1234-n1", "--cap-add", "NET_ADMIN", "--cap-add", "NET_RAW",
//      "--label", "attest.run=1234", "attest-net-helper:1"}
// --pull never: a missing helper image fails at once ("No such image", exit 125) instead
// of asking a registry. NET_RAW: the legacy flavour opens a raw socket, and not every
// engine grants it by default. The image must have no ENTRYPOINT (the command follows the
// image name), carry iptables-restore, ip6tables-restore and tc with their libraries
// and modules (xtables extensions, tc's distribution tables), and a writable /run for the
// legacy flavour's lock file. The node must be running. Throws UsageError for an empty
// container or image, or a label key that is empty or holds '='.
std::vector<std::string> HelperPrefix(const std::string& container, const std::string& helper_image,
                                      const std::vector<std::pair<std::string, std::string>>& labels = {});

// What ChooseNetworkControl needs to know about this machine, found out by the caller.
struct NetworkControlFacts {
  // The test process is root and the engine runs on this host (not a remote engine, a VM
  // or rootless), so /proc/<pid>/ns/net of every node is reachable from here.
  bool root_on_engine_host = false;
  // nsenter, iptables-restore, ip6tables-restore and tc are on PATH (NsenterHostTools).
  bool host_has_tools = false;
  // The helper image exists or can be built (from this host's iptables and tc).
  bool helper_image_available = false;
};

// Which way to use, decided once per cluster. `requested` Auto picks Nsenter when the test
// is root on the engine's host and the host has the tools, else Helper when the helper
// image is available, else Exec. A forced choice is returned when its precondition holds.
//
//   ChooseNetworkControl(NetworkControl::Auto, {true, true, true}) == NetworkControl::Nsenter
//   ChooseNetworkControl(NetworkControl::Auto, {false, true, false}) == NetworkControl::Exec
//
// Throws InfrastructureError, saying why and what to do, for a forced Nsenter without
// root on the engine's host or without the host's tools, and for a forced Helper without
// the helper image. A forced Exec has no precondition known beforehand (whether the image
// carries the tools shows when a command runs: see ExplainTcFailure).
NetworkControl ChooseNetworkControl(NetworkControl requested, const NetworkControlFacts& facts);

// For messages and events: "nsenter", "helper container", "docker exec", "automatic".
std::string NetworkControlName(NetworkControl control);

// Extra `docker run` flags a node container needs for the chosen way: {"--cap-add",
// "NET_ADMIN"} for Exec (the exec'd tools have the container's capabilities), nothing for
// Nsenter and Helper (the node itself keeps Docker's default capabilities).
// Throws UsageError for Auto: choose first.
std::vector<std::string> NodeContainerFlags(NetworkControl chosen);

// The programs Nsenter needs on this host's PATH:
//   {"nsenter", "iptables-restore", "ip6tables-restore", "tc"}
std::vector<std::string> NsenterHostTools();

}  // namespace attest::faults

#if ATTEST_HEADER_ONLY
#include "attest/cluster/faults/detail/network_control_inl.hpp"
#endif
