// SuiteConfig: everything a suite run is configured with, as plain data. The DSL's
// options (dsl/options.hpp) fill it in; the cluster backends and the run read it. It
// sits low in the tree so that a backend needs nothing of the DSL to read its settings.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace attest {

// How network faults are applied inside nodes (used by the Docker backend).
enum class NetworkControl { Auto, Exec, Helper, Nsenter };

// Everything a suite run is configured with. Defaults follow the seed.
struct SuiteConfig {
  std::string name;
  int cluster_size = 0;                                        // 0: not declared
  std::vector<std::pair<std::string, std::string>> endpoints;  // name -> "host:port"
  std::chrono::milliseconds node_start_timeout = std::chrono::seconds(10);
  std::chrono::milliseconds node_shutdown_timeout = std::chrono::seconds(5);
  std::chrono::milliseconds retry_timeout = std::chrono::seconds(5);
  std::chrono::milliseconds request_timeout = std::chrono::seconds(5);
  std::chrono::milliseconds poll_interval = std::chrono::milliseconds(50);
  std::chrono::milliseconds cluster_settle = std::chrono::milliseconds(0);
  int concurrency_limit = 64;

  // Node manager (Docker backend).
  std::string backend;  // "" = pick automatically
  std::string image;
  std::string dockerfile_context;
  std::string dockerfile;
  std::string binary;
  std::vector<std::string> binary_args;
  int node_port = 8080;
  std::string subnet;
  std::vector<std::pair<std::string, std::string>> env;
  NetworkControl network_control = NetworkControl::Auto;
  bool keep = false;
  bool keep_logs = false;  // keep the run's log directory even when everything passed
};

}  // namespace attest
