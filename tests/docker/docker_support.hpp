// Shared by the Docker tests: the node program, a quiet event sink, the engine check,
// and ways to look at what a run left on the engine.
#pragma once

#include <attest/attest.hpp>
#include <attest/cluster/docker/cli.hpp>
#include <attest/cluster/docker/image.hpp>
#include <attest/cluster/docker/labels.hpp>
#include <attest/cluster/docker/reaper.hpp>
#include <attest/cluster/faults/partition_plan.hpp>
#include <attest/process/command.hpp>
#include <attest/process/follower.hpp>

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace docker_test {

inline const char* NodeProgram() { return ATTEST_TEST_NODE; }

// Why no engine can be used here, or "" when one answers.
inline std::string EngineProblem() {
  try {
    (void)attest::docker::Cli().Engine(std::chrono::seconds(20));
    return "";
  } catch (const std::exception& e) {
    return e.what();
  }
}

// A config of n test nodes packed with WithBinary.
inline attest::SuiteConfig NodeConfig(int n, std::vector<std::string> args = {}) {
  attest::SuiteConfig config;
  config.name = "docker-test";
  config.cluster_size = n;
  config.binary = NodeProgram();
  config.binary_args = std::move(args);
  config.node_start_timeout = std::chrono::seconds(30);
  return config;
}

// Collects cluster events.
struct Events {
  std::mutex mutex;
  std::vector<std::string> texts;
  attest::ClusterEventSink Sink() {
    return [this](const std::string& text) {
      std::lock_guard lock(mutex);
      texts.push_back(text);
    };
  }
  std::string All() {
    std::lock_guard lock(mutex);
    std::string all;
    for (const auto& t : texts) all += t + "\n";
    return all;
  }
};

// One GET to a node as the test process sees it (127.0.0.1:port); nullopt when it
// does not answer.
inline std::optional<httplib::Result> Get(const attest::http::Endpoint& endpoint, const std::string& path,
                                          std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
  httplib::Client client(endpoint.host, endpoint.port);
  client.set_connection_timeout(timeout);
  client.set_read_timeout(timeout);
  auto result = client.Get(path);
  if (!result) return std::nullopt;
  return result;
}

inline std::string Body(const attest::http::Endpoint& endpoint, const std::string& path) {
  auto result = Get(endpoint, path);
  return result && (*result)->status == 200 ? (*result)->body : "";
}

inline int Status(const attest::http::Endpoint& endpoint, const std::string& path) {
  auto result = Get(endpoint, path);
  return result ? (*result)->status : 0;
}

inline bool Put(const attest::http::Endpoint& endpoint, const std::string& path, const std::string& body) {
  httplib::Client client(endpoint.host, endpoint.port);
  client.set_connection_timeout(std::chrono::seconds(5));
  auto result = client.Put(path, body, "text/plain");
  return result && result->status == 200;
}

// The engine's resources labelled with this run id.
inline std::vector<attest::docker::LabelledResource> ResourcesOf(const std::string& run) {
  return attest::docker::ListLabelled(attest::docker::Cli(), run);
}

// The engine's resources whose owner is the process `pid` (on this host).
inline std::vector<attest::docker::LabelledResource> ResourcesOwnedBy(long pid) {
  std::vector<attest::docker::LabelledResource> owned;
  const auto me = attest::docker::CurrentOwner();
  for (auto& resource : attest::docker::ListLabelled(attest::docker::Cli())) {
    const auto owner = attest::docker::Owner::Parse(resource.owner);
    if (owner && owner->pid == pid && owner->host == me.host) owned.push_back(resource);
  }
  return owned;
}

inline std::string Docker(const std::vector<std::string>& args) {
  const auto outcome = attest::docker::Cli().Run(args);
  return outcome.out;
}

inline bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace docker_test

namespace docker_test {

// A Reporter that keeps everything and prints nothing.
class Collecting : public attest::Reporter {
 public:
  void SuiteStarting(const std::string&, int) override {}
  void Event(const std::string& text) override {
    std::lock_guard lock(mutex_);
    events += text + "\n";
  }
  void TestStarting(int, const std::string&) override {}
  void TestFinished(const attest::TestResult& result) override {
    std::lock_guard lock(mutex_);
    if (result.failure) failures += attest::FormatFailure(*result.failure) + "\n";
  }
  void SuiteFinished(const attest::SuiteResult& result) override {
    std::lock_guard lock(mutex_);
    if (result.setup_failure) failures += attest::FormatFailure(*result.setup_failure) + "\n";
  }
  std::string events;
  std::string failures;

 private:
  std::mutex mutex_;
};

}  // namespace docker_test
