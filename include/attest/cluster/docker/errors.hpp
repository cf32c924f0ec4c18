// What a failed docker command means for the person running the tests: the engine is
// not running, the socket is not theirs, a port or a subnet is taken, an image is
// missing. Each message names the thing and says what to do.
//
//   auto kind = docker::ClassifyDockerFailure(outcome.Output());
//   throw InfrastructureError(docker::DockerProblemText(kind, "docker"), command, output);
//
// Pure: reads the text docker printed; never runs anything.
#pragma once

#include <string>

#include "attest/detail/inline.hpp"

namespace attest::docker {

enum class DockerProblem {
  None,              // nothing recognised: quote docker's own words
  CliMissing,        // the docker program is not there
  EngineDown,        // "Cannot connect to the Docker daemon"
  PermissionDenied,  // "permission denied while trying to connect to the Docker daemon socket"
  PortTaken,         // "port is already allocated", "address already in use"
  SubnetTaken,       // "Pool overlaps with other one on this address space"
  ImageMissing,      // "No such image", "Unable to find image"
};

DockerProblem ClassifyDockerFailure(const std::string& output);

// The sentence for the problems that are the same wherever they happen (CLI missing,
// engine down, permission denied); "" for the others, whose message needs context
// (which node, which port) that the caller has.
std::string DockerProblemText(DockerProblem problem, const std::string& program);

// The message for a docker CLI that could not be started at all.
std::string CliMissingText(const std::string& program, const std::string& start_error);

}  // namespace attest::docker

#if ATTEST_HEADER_ONLY
#include "attest/cluster/docker/detail/errors_inl.hpp"
#endif
