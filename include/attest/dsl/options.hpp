// Suite options: New(WithCluster(3), WithRetryTimeout(10s), ...).
//
// Each With* function checks its arguments at once and throws attest::UsageError
// naming the option and the bad value, so a mistake points at the line that made it.
// An Option is a small value that edits a SuiteConfig when the suite runs.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "attest/config/suite_config.hpp"
#include "attest/error.hpp"
#include "attest/http/endpoint.hpp"

namespace attest {

class Option {
 public:
  explicit Option(std::function<void(SuiteConfig&)> apply) : apply_(std::move(apply)) {}
  void ApplyTo(SuiteConfig& config) const { apply_(config); }

 private:
  std::function<void(SuiteConfig&)> apply_;
};

namespace detail {

template <class Rep, class Period>
std::chrono::milliseconds CheckedDuration(const char* option, std::chrono::duration<Rep, Period> d,
                                          bool allow_zero) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(d);
  if (d.count() < 0 || (!allow_zero && d.count() == 0)) {
    throw UsageError(std::string(option) + ": the duration must be " +
                     (allow_zero ? "zero or positive" : "positive") + ", got " + std::to_string(ms.count()) +
                     "ms");
  }
  if (!allow_zero && ms.count() == 0) return std::chrono::milliseconds(1);  // sub-ms: round up
  return ms;
}

inline void CheckPositive(const char* option, long long value) {
  if (value <= 0) {
    throw UsageError(std::string(option) + ": the count must be at least 1, got " + std::to_string(value));
  }
}

inline bool IsValidNodeName(const std::string& name) {
  if (name.empty()) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

}  // namespace detail

// Declares an n-node cluster named n1..nN, started before the first test.
inline Option WithCluster(int nodes) {
  detail::CheckPositive("WithCluster", nodes);
  return Option([nodes](SuiteConfig& c) { c.cluster_size = nodes; });
}

// Targets nodes that are already running instead of starting a cluster:
// WithEndpoints({{"n1", "127.0.0.1:8081"}, {"n2", "127.0.0.1:8082"}}).
inline Option WithEndpoints(std::vector<std::pair<std::string, std::string>> nodes) {
  if (nodes.empty()) throw UsageError("WithEndpoints: at least one node is needed");
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const auto& [name, address] = nodes[i];
    if (!detail::IsValidNodeName(name)) {
      throw UsageError("WithEndpoints: node name \"" + name +
                       "\" is not valid (letters, digits, '-', '_' and '.' only)");
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (nodes[j].first == name) throw UsageError("WithEndpoints: node " + name + " is listed twice");
    }
    (void)http::ParseEndpoint("WithEndpoints: node " + name, address);
  }
  return Option([nodes = std::move(nodes)](SuiteConfig& c) { c.endpoints = nodes; });
}

// The suite's name in reports (the runner sets it to the stage key).
inline Option WithName(std::string name) {
  return Option([name = std::move(name)](SuiteConfig& c) { c.name = name; });
}

template <class Rep, class Period>
Option WithNodeStartTimeout(std::chrono::duration<Rep, Period> d) {
  auto ms = detail::CheckedDuration("WithNodeStartTimeout", d, false);
  return Option([ms](SuiteConfig& c) { c.node_start_timeout = ms; });
}

template <class Rep, class Period>
Option WithNodeShutdownTimeout(std::chrono::duration<Rep, Period> d) {
  auto ms = detail::CheckedDuration("WithNodeShutdownTimeout", d, true);
  return Option([ms](SuiteConfig& c) { c.node_shutdown_timeout = ms; });
}

// Default window of Eventually() and Consistently() called without an argument.
template <class Rep, class Period>
Option WithRetryTimeout(std::chrono::duration<Rep, Period> d) {
  auto ms = detail::CheckedDuration("WithRetryTimeout", d, false);
  return Option([ms](SuiteConfig& c) { c.retry_timeout = ms; });
}

// Connect, send and receive timeout of each request.
template <class Rep, class Period>
Option WithRequestTimeout(std::chrono::duration<Rep, Period> d) {
  auto ms = detail::CheckedDuration("WithRequestTimeout", d, false);
  return Option([ms](SuiteConfig& c) { c.request_timeout = ms; });
}

// Pause between attempts of Eventually/Consistently (default 50ms).
template <class Rep, class Period>
Option WithPollInterval(std::chrono::duration<Rep, Period> d) {
  auto ms = detail::CheckedDuration("WithPollInterval", d, true);
  return Option([ms](SuiteConfig& c) { c.poll_interval = ms; });
}

// Pause after Partition and Heal so the cluster can notice.
template <class Rep, class Period>
Option WithClusterSettleDuration(std::chrono::duration<Rep, Period> d) {
  auto ms = detail::CheckedDuration("WithClusterSettleDuration", d, true);
  return Option([ms](SuiteConfig& c) { c.cluster_settle = ms; });
}

// At most `n` invocations of a Concurrently body run at once (default 64).
inline Option WithConcurrencyLimit(int n) {
  detail::CheckPositive("WithConcurrencyLimit", n);
  return Option([n](SuiteConfig& c) { c.concurrency_limit = n; });
}

// ---- Node manager options: how WithCluster(n) nodes are started by a backend. ----

namespace detail {
inline void CheckNotEmpty(const char* option, const std::string& value, const char* what) {
  if (value.empty()) throw UsageError(std::string(option) + ": the " + what + " is empty");
}
}  // namespace detail

// Picks the node backend by name ("docker"); default: the first available.
inline Option WithBackend(std::string name) {
  detail::CheckNotEmpty("WithBackend", name, "backend name");
  return Option([name = std::move(name)](SuiteConfig& c) { c.backend = name; });
}

// Runs nodes from an existing image.
inline Option WithImage(std::string tag) {
  detail::CheckNotEmpty("WithImage", tag, "image tag");
  return Option([tag = std::move(tag)](SuiteConfig& c) { c.image = tag; });
}

// Builds the node image from a build context first (output shown on failure).
inline Option WithDockerfile(std::string context_dir, std::string dockerfile = "Dockerfile") {
  detail::CheckNotEmpty("WithDockerfile", context_dir, "context directory");
  detail::CheckNotEmpty("WithDockerfile", dockerfile, "Dockerfile name");
  return Option([context_dir = std::move(context_dir), dockerfile = std::move(dockerfile)](SuiteConfig& c) {
    c.dockerfile_context = context_dir;
    c.dockerfile = dockerfile;
  });
}

// Packs a program built on this machine (with its shared libraries) into the node image.
inline Option WithBinary(std::string path, std::vector<std::string> args = {}) {
  detail::CheckNotEmpty("WithBinary", path, "program path");
  return Option([path = std::move(path), args = std::move(args)](SuiteConfig& c) {
    c.binary = path;
    c.binary_args = args;
  });
}

// The port the program listens on inside a node (default 8080).
inline Option WithNodePort(int port) {
  if (port < 1 || port > 65535) {
    throw UsageError("WithNodePort: the port must be between 1 and 65535, got " + std::to_string(port));
  }
  return Option([port](SuiteConfig& c) { c.node_port = port; });
}

// The nodes' network, as an IPv4 CIDR: WithSubnet("10.0.42.0/24").
inline Option WithSubnet(std::string cidr) {
  const auto slash = cidr.find('/');
  bool ok = slash != std::string::npos && slash > 0 && slash + 1 < cidr.size() &&
            cidr.find_first_not_of("0123456789./") == std::string::npos;
  if (ok) {
    int dots = 0;
    for (std::size_t i = 0; i < slash; ++i) dots += cidr[i] == '.' ? 1 : 0;
    const int bits = std::stoi(cidr.substr(slash + 1));
    ok = dots == 3 && bits >= 8 && bits <= 29;
  }
  if (!ok) {
    throw UsageError("WithSubnet: \"" + cidr +
                     "\" is not an IPv4 subnet with a prefix of /8 to /29 "
                     "(e.g. 10.0.42.0/24)");
  }
  return Option([cidr = std::move(cidr)](SuiteConfig& c) { c.subnet = cidr; });
}

// Extra environment for every node: WithEnv({{"LOG_LEVEL", "debug"}}).
inline Option WithEnv(std::vector<std::pair<std::string, std::string>> env) {
  for (const auto& [key, value] : env) {
    const bool ok = !key.empty() && key.find_first_of("= \t\n") == std::string::npos;
    if (!ok) throw UsageError("WithEnv: \"" + key + "\" is not a valid environment variable name");
  }
  return Option(
      [env = std::move(env)](SuiteConfig& c) { c.env.insert(c.env.end(), env.begin(), env.end()); });
}

// How network faults reach the nodes' network namespaces.
inline Option WithNetworkControl(NetworkControl control) {
  return Option([control](SuiteConfig& c) { c.network_control = control; });
}

// Keeps the run's node logs and events (the run directory) after a run that passed too;
// the directory is named in SuiteResult::log_directory and in the run's events.
inline Option WithKeepLogs(bool keep) {
  return Option([keep](SuiteConfig& c) { c.keep_logs = keep; });
}

// Leaves containers, network and volumes in place after the run, for inspection.
inline Option WithKeep(bool keep) {
  return Option([keep](SuiteConfig& c) { c.keep = keep; });
}

}  // namespace attest
