// Definitions of cluster/docker/errors.hpp.
#pragma once

#include "attest/cluster/docker/errors.hpp"

namespace attest::docker {

ATTEST_INLINE DockerProblem ClassifyDockerFailure(const std::string& output) {
  auto has = [&](const char* text) { return output.find(text) != std::string::npos; };
  if (has("Cannot connect to the Docker daemon") || has("Is the docker daemon running") ||
      has("error during connect")) {
    return DockerProblem::EngineDown;
  }
  if (has("permission denied while trying to connect to the Docker daemon") ||
      (has("permission denied") && has("docker.sock"))) {
    return DockerProblem::PermissionDenied;
  }
  if (has("port is already allocated") || has("address already in use")) return DockerProblem::PortTaken;
  if (has("Pool overlaps with other one on this address space") || has("overlaps with other one") ||
      has("networks have overlapping")) {
    return DockerProblem::SubnetTaken;
  }
  if (has("No such image") || has("Unable to find image") || has("No such object") ||
      has("image not known") || has("pull access denied")) {
    return DockerProblem::ImageMissing;
  }
  return DockerProblem::None;
}

ATTEST_INLINE std::string CliMissingText(const std::string& program, const std::string& start_error) {
  return "the docker command-line program \"" + program + "\" could not be run (" + start_error +
         "): install it (Debian: apt-get install docker.io, or run scripts/docker-engine.sh) or set "
         "ATTEST_DOCKER to its path; to test nodes that are already running without Docker, use "
         "WithEndpoints or the runner's --endpoints n1=host:port,...";
}

ATTEST_INLINE std::string DockerProblemText(DockerProblem problem, const std::string& program) {
  switch (problem) {
    case DockerProblem::EngineDown:
      return "the Docker engine is not running (\"" + program +
             "\" cannot reach it): start it (systemctl start docker, or scripts/docker-engine.sh, "
             "or dockerd in the background), or point DOCKER_HOST at a running engine";
    case DockerProblem::PermissionDenied:
      return "permission denied on the Docker engine's socket: run the tests as a user in the "
             "docker group (sudo usermod -aG docker $USER, then log in again) or as root";
    case DockerProblem::CliMissing: return CliMissingText(program, "not found");
    default: return "";
  }
}

}  // namespace attest::docker
