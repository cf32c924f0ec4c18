// One container's state and end, through the docker CLI.
//
//   docker::ContainerState state = docker::InspectContainer(cli, "attest-1a2b3c4d-n1", "node n1");
//   std::string how = docker::EndContainer(cli, "attest-1a2b3c4d-n1", SIGTERM, 5s);
#pragma once

#include <chrono>
#include <string>

#include "attest/cluster/docker/cli.hpp"
#include "attest/detail/inline.hpp"

namespace attest::docker {

struct ContainerState {
  std::string status;  // "running", "exited", "created", ...
  int exit_code = 0;
  int pid = 0;  // its main process on the engine's host (0 when it is not running)
  bool oom_killed = false;
};

// `who` names the container in messages ("node n1"). Throws like Cli::Check.
ContainerState InspectContainer(const Cli& cli, const std::string& container, const std::string& who,
                                bool cancellable = true);

// Ends the container and waits until it has: SIGTERM, then SIGKILL when it is still
// running after `grace`; or SIGKILL at once. Returns what happened, for events:
// "exit status 0", "still running 5s after SIGTERM, so it got SIGKILL", "it had exited
// already", or "" after a plain SIGKILL. Throws Cancelled when the run is interrupted,
// InfrastructureError for engine problems.
std::string EndContainer(const Cli& cli, const std::string& container, int signal,
                         std::chrono::milliseconds grace);

}  // namespace attest::docker

#if ATTEST_HEADER_ONLY
#include "attest/cluster/docker/detail/container_inl.hpp"
#endif
