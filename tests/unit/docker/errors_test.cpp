// What docker's error output means, as the messages users meet are chosen from it.
#include <attest/cluster/docker/errors.hpp>

#include "support/catch.hpp"

using attest::docker::ClassifyDockerFailure;
using attest::docker::DockerProblem;

TEST_CASE("docker's complaints are recognised") {
  CHECK(ClassifyDockerFailure(
            "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker "
            "daemon running?") == DockerProblem::EngineDown);
  CHECK(
      ClassifyDockerFailure("permission denied while trying to connect to the Docker daemon socket at "
                            "unix:///var/run/docker.sock: Get ...: dial unix /var/run/docker.sock: connect: "
                            "permission denied") == DockerProblem::PermissionDenied);
  CHECK(ClassifyDockerFailure(
            "docker: Error response from daemon: driver failed programming external connectivity "
            "on endpoint x: Bind for 127.0.0.1:24817 failed: port is already allocated.") ==
        DockerProblem::PortTaken);
  CHECK(ClassifyDockerFailure(
            "Error starting userland proxy: listen tcp4 127.0.0.1:25077: bind: address already in "
            "use") == DockerProblem::PortTaken);
  CHECK(ClassifyDockerFailure(
            "Error response from daemon: Pool overlaps with other one on this address space") ==
        DockerProblem::SubnetTaken);
  CHECK(ClassifyDockerFailure("Error: No such image: attest-test/none:1") == DockerProblem::ImageMissing);
  CHECK(ClassifyDockerFailure("Error response from daemon: something else") == DockerProblem::None);
}

TEST_CASE("The engine-level problems say what to do") {
  using attest::docker::DockerProblemText;
  CHECK(DockerProblemText(DockerProblem::EngineDown, "docker").find("not running") != std::string::npos);
  CHECK(DockerProblemText(DockerProblem::EngineDown, "docker").find("scripts/docker-engine.sh") !=
        std::string::npos);
  CHECK(DockerProblemText(DockerProblem::PermissionDenied, "docker").find("docker group") !=
        std::string::npos);
  const std::string missing = attest::docker::CliMissingText("docker", "No such file or directory");
  CHECK(missing.find("apt-get install docker.io") != std::string::npos);
  CHECK(missing.find("--endpoints") != std::string::npos);
  CHECK(DockerProblemText(DockerProblem::PortTaken, "docker").empty());
}
