// What one suite run shares between its Do, its Checks and Concurrently's workers:
// the configuration, the cluster, the connection pool, cancellation, the latency
// recorder and the list of checks that were built but never run. Thread-safe.
#pragma once

#include <algorithm>
#include <atomic>
#include <concepts>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "attest/cluster/cluster.hpp"
#include "attest/config/suite_config.hpp"
#include "attest/detail/cancellation.hpp"
#include "attest/dsl/detail/latency.hpp"
#include "attest/dsl/selector.hpp"
#include "attest/error.hpp"
#include "attest/http/client.hpp"
#include "attest/report/results.hpp"

namespace attest::detail {

class RunState {
 public:
  RunState(SuiteConfig config, std::unique_ptr<Cluster> cluster, ClusterEventSink events)
      : config_(std::move(config)),
        cluster_(std::move(cluster)),
        nodes_(cluster_->Nodes()),
        events_(std::move(events)) {}

  const SuiteConfig& Config() const { return config_; }
  Cluster& GetCluster() const { return *cluster_; }
  const ClusterEventSink& Events() const { return events_; }
  CancelScope& RootScope() { return root_scope_; }

  // The scope that waits on the calling thread must honour.
  const CancelScope& CurrentScope() const {
    const CancelScope* scope = CancelScope::Current();
    return scope != nullptr ? *scope : root_scope_;
  }

  // Throws UsageError naming the known nodes when `name` is not one of them.
  void RequireKnownNode(const std::string& name, const std::string& where) const {
    RequireKnownNode(name, [&] { return where; });
  }
  // `where()` gives the start of the error text. It is called only when the node is
  // unknown, so a check need not build its "GET /x at file:line" on every run.
  template <std::invocable WhereText>
  void RequireKnownNode(const std::string& name, WhereText&& where) const {
    if (std::find(nodes_.begin(), nodes_.end(), name) != nodes_.end()) return;
    throw UsageError(where() + ": unknown node \"" + name + "\"; the cluster has " +
                     NodeSelector::JoinNames(nodes_));
  }

  // The running nodes a selector targets, in cluster order.
  std::vector<std::string> Resolve(const NodeSelector& selector, const std::string& where) const {
    return Resolve(selector, [&] { return where; });
  }
  template <std::invocable WhereText>
  std::vector<std::string> Resolve(const NodeSelector& selector, WhereText&& where) const {
    const auto named = selector.Names();
    std::size_t found = 0;  // nodes of the cluster that are named
    std::vector<std::string> resolved;
    for (const auto& node : nodes_) {
      const bool is_named = std::find(named.begin(), named.end(), node) != named.end();
      found += is_named ? 1 : 0;
      const bool selected =
          selector.GetRule() == NodeSelector::Rule::Except ? !is_named : (named.empty() || is_named);
      if (selected && cluster_->IsUp(node)) resolved.push_back(node);
    }
    // Fewer named nodes found than names given: an unknown name (or one given twice),
    // looked for one by one only then.
    if (found != named.size()) {
      for (const auto& name : named) RequireKnownNode(name, where);
    }
    return resolved;
  }

  http::Endpoint EndpointOf(const std::string& node) const { return cluster_->Endpoint(node); }

  http::Result Send(const std::string& node, const http::Request& request) {
    return Send(node, cluster_->Endpoint(node), request);
  }
  // For a caller that already looked up the node's endpoint.
  http::Result Send(const std::string& node, const http::Endpoint& endpoint, const http::Request& request) {
    http::Result result = http_.Send(endpoint, request, config_.request_timeout);
    if (concurrently_depth_.load(std::memory_order_relaxed) > 0) latencies_.Record(node, result.latency);
    return result;
  }

  static std::string UrlFor(const http::Endpoint& endpoint, const std::string& path) {
    return "http://" + endpoint.ToString() + path;
  }

  // Ends a failure report with the last lines the failing nodes logged, when the
  // cluster keeps logs (the Docker backend does).
  void AddNodeLogs(FailureReport& report) const {
    for (const auto& outcome : report.nodes) {
      auto lines = cluster_->LogTail(outcome.node, kLogLinesInReports);
      if (!lines.empty()) report.node_logs.push_back(NodeLog{outcome.node, std::move(lines)});
    }
  }
  static constexpr std::size_t kLogLinesInReports = 20;

  // Concurrently brackets its run so the requests inside are timed per node.
  void EnterConcurrently() { concurrently_depth_.fetch_add(1); }
  void LeaveConcurrently() { concurrently_depth_.fetch_sub(1); }
  std::vector<LatencyRow> TakeLatencies() { return latencies_.TakeRows(); }
  LatencyRecorder& Latencies() { return latencies_; }  // for a worker's ThreadBuffer

  void RecordDroppedCheck(std::string description) {
    std::lock_guard lock(mutex_);
    dropped_checks_.push_back(std::move(description));
  }
  std::vector<std::string> TakeDroppedChecks() {
    std::lock_guard lock(mutex_);
    return std::exchange(dropped_checks_, {});
  }

 private:
  SuiteConfig config_;
  std::unique_ptr<Cluster> cluster_;
  const std::vector<std::string> nodes_;  // a cluster's node names never change during a run
  ClusterEventSink events_;
  http::Client http_;
  CancelScope root_scope_;
  LatencyRecorder latencies_;
  std::atomic<int> concurrently_depth_{0};
  std::mutex mutex_;
  std::vector<std::string> dropped_checks_;
};

}  // namespace attest::detail
