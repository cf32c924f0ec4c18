// Run directories: node output and events interleaved by time, kept when a report
// quoted them, removed after a run nobody needed them for; WithKeep.
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string>
#include <thread>

#include "docker_support.hpp"
#include "support/catch.hpp"

using namespace std::chrono_literals;
using attest::docker::DockerCluster;
using docker_test::Contains;
using docker_test::Events;

namespace {

// Points ATTEST_LOG_DIR at a directory of the test's own for its lifetime.
struct LogRoot {
  std::string path;
  std::optional<std::string> previous;
  LogRoot() {
    char name[] = "/tmp/attest-docker-logs-XXXXXX";
    path = ::mkdtemp(name);
    if (const char* old = std::getenv("ATTEST_LOG_DIR")) previous = old;
    ::setenv("ATTEST_LOG_DIR", path.c_str(), 1);
  }
  ~LogRoot() {
    if (previous) {
      ::setenv("ATTEST_LOG_DIR", previous->c_str(), 1);
    } else {
      ::unsetenv("ATTEST_LOG_DIR");
    }
    std::filesystem::remove_all(path);
  }
};

std::size_t IndexOf(const std::vector<attest::RunLogLine>& lines, const std::string& source,
                    const std::string& text) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].source == source && Contains(lines[i].text, text)) return i;
  }
  return lines.size();
}

}  // namespace

TEST_CASE("Node output and the run's events are followed into the run directory, in time order") {
  LogRoot root;
  Events events;
  DockerCluster cluster(docker_test::NodeConfig(2));
  cluster.StartAll(events.Sink());
  const std::string dir = cluster.LogDirectory();
  CHECK(dir.rfind(root.path + "/docker-test-", 0) == 0);
  cluster.MarkTest("Restarts Keep Data");
  cluster.Restart("n2", SIGTERM, events.Sink());
  cluster.Kill("n1", events.Sink());
  cluster.Start("n1", events.Sink());
  const auto tail = cluster.LogTail("n2", 3);  // keeps the directory after the run
  cluster.ShutdownAll(events.Sink());

  REQUIRE(std::filesystem::exists(dir));
  CHECK(Contains(events.All(), "node logs and events kept in " + dir));
  REQUIRE(tail.size() == 3);
  CHECK(Contains(tail[0], "test node n2 listening on"));
  CHECK(Contains(tail[1], "received SIGTERM"));
  CHECK(Contains(tail[2], "test node n2 listening on"));

  const auto lines = attest::ReadRunLog(dir);
  const auto start_n2 = IndexOf(lines, "", "START n2");
  const auto first_listen = IndexOf(lines, "n2", "listening on");
  const auto test = IndexOf(lines, "", "TEST Restarts Keep Data");
  const auto restart = IndexOf(lines, "", "RESTART n2 (SIGTERM)");
  const auto sigterm = IndexOf(lines, "n2", "received SIGTERM");
  const auto kill = IndexOf(lines, "", "KILL n1 (SIGKILL)");
  CHECK(start_n2 < first_listen);
  CHECK(first_listen < test);
  CHECK(test < restart);
  CHECK(restart < sigterm);
  CHECK(sigterm < kill);
  CHECK(kill < lines.size());
  CHECK(IndexOf(lines, "", "CLEANUP removed") < lines.size());
  // After the restart, the output from before it is not repeated.
  std::size_t listens = 0;
  for (const auto& line : lines)
    listens += line.source == "n2" && Contains(line.text, "listening on") ? 1 : 0;
  CHECK(listens == 2);

  std::ostringstream printed;
  attest::PrintRunLog(printed, dir, {"n1"});
  CHECK(Contains(printed.str(), "  n1    test node n1 listening on"));
  CHECK(Contains(printed.str(), "  ====  KILL n1 (SIGKILL)"));
  CHECK_FALSE(Contains(printed.str(), "  n2  "));
}

TEST_CASE("A run nobody asked the logs of leaves no run directory") {
  LogRoot root;
  Events events;
  DockerCluster cluster(docker_test::NodeConfig(1));
  cluster.StartAll(events.Sink());
  const std::string dir = cluster.LogDirectory();
  // The node's output is followed from its start, and lands in the log moments later.
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!std::filesystem::exists(dir + "/n1.log") && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  CHECK(std::filesystem::exists(dir + "/n1.log"));
  cluster.ShutdownAll(events.Sink());
  CHECK_FALSE(std::filesystem::exists(dir));
}

TEST_CASE("A failed start keeps the run directory and says where the log is") {
  LogRoot root;
  Events events;
  DockerCluster cluster(docker_test::NodeConfig(1, {"--exit-at-start", "4"}));
  CHECK_THROWS_WITH(cluster.StartAll(events.Sink()), Catch::Contains(cluster.LogDirectory() + "/n1.log"));
  const std::string dir = cluster.LogDirectory();
  cluster.ShutdownAll(events.Sink());
  CHECK(std::filesystem::exists(dir + "/n1.log"));
}

TEST_CASE("WithKeep leaves containers, network and volumes, labelled as kept, and says how to remove them") {
  LogRoot root;
  Events events;
  auto config = docker_test::NodeConfig(2);
  config.keep = true;
  DockerCluster cluster(config);
  cluster.StartAll(events.Sink());
  const std::string run = cluster.RunId();
  cluster.ShutdownAll(events.Sink());
  const auto kept = docker_test::ResourcesOf(run);
  CHECK(kept.size() == 2 + 1 + 2);  // containers, network, volumes
  for (const auto& resource : kept) CHECK(resource.keep);
  // Still running, for inspection.
  CHECK(
      Contains(docker_test::Docker({"inspect", "--format", "{{.State.Status}}", cluster.ContainerName("n1")}),
               "running"));
  const std::string text = events.All();
  CHECK(Contains(text, "kept for inspection (WithKeep), run " + run));
  CHECK(Contains(text, "docker rm -f $(docker ps -aq --filter label=attest.run=" + run + ")"));
  CHECK(Contains(text, "docker network rm attest-" + run));
  // A later run does not reap kept resources, even once their owner is gone.
  CHECK(attest::docker::AbandonedRuns(kept, [](const std::string&) {
          return attest::docker::OwnerState::Gone;
        }).empty());
  CHECK(attest::docker::RemoveRun(attest::docker::Cli(), run, 30s).empty());
  CHECK(docker_test::ResourcesOf(run).empty());
}
