// Do is what a test body receives: it builds requests (GET, PUT, ...), selects nodes,
// reads state with Fetch, runs work Concurrently, and acts on nodes (Start, Kill,
// Partition, ...) through the suite's cluster. All of it is safe to call from the
// threads of Concurrently.
#pragma once

#include <algorithm>
#include <atomic>
#include <csignal>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "attest/dsl/detail/run_state.hpp"
#include "attest/detail/source_location.hpp"
#include "attest/cluster/impairment.hpp"
#include "attest/dsl/check.hpp"
#include "attest/dsl/json_path.hpp"
#include "attest/dsl/selector.hpp"
#include "attest/error.hpp"

namespace attest {

// The answer to Do::Fetch.
struct FetchResponse {
  int Status = 0;
  std::string Body;
  std::vector<std::pair<std::string, std::string>> Headers;

  // The value at a gjson-style path as text, as gjson's String() gives it: strings
  // without quotes, numbers and booleans as written, "" when missing or not JSON.
  std::string JSON(std::string_view path) const {
    auto value = JSONValue(path);
    if (!value || value->is_null()) return "";
    if (value->is_string()) return value->get<std::string>();
    return value->dump();
  }

  // The value at a path as JSON, nullopt when the path is missing or the body is not JSON.
  std::optional<nlohmann::json> JSONValue(std::string_view path) const {
    ValidateJsonPath(path);
    auto document = nlohmann::json::parse(Body, nullptr, false);
    if (document.is_discarded()) return std::nullopt;
    return JsonPathLookup(document, path);
  }
};

class Do {
 public:
  explicit Do(std::shared_ptr<detail::RunState> state) : state_(std::move(state)) {}

  // Requests. Optional body and headers: d.POST(sel, "/api", R"({"k":1})", H{{"Content-Type",
  // "application/json"}}). Each returns a Check; nothing is sent until .Run().
  Check GET(NodeSelector selector, std::string path, std::string body = {}, H headers = {},
            detail::SourceLocation at = detail::SourceLocation::Current()) {
    return MakeCheck("GET", std::move(selector), std::move(path), std::move(body), std::move(headers), at);
  }
  Check PUT(NodeSelector selector, std::string path, std::string body = {}, H headers = {},
            detail::SourceLocation at = detail::SourceLocation::Current()) {
    return MakeCheck("PUT", std::move(selector), std::move(path), std::move(body), std::move(headers), at);
  }
  Check POST(NodeSelector selector, std::string path, std::string body = {}, H headers = {},
             detail::SourceLocation at = detail::SourceLocation::Current()) {
    return MakeCheck("POST", std::move(selector), std::move(path), std::move(body), std::move(headers), at);
  }
  Check DELETE(NodeSelector selector, std::string path, std::string body = {}, H headers = {},
               detail::SourceLocation at = detail::SourceLocation::Current()) {
    return MakeCheck("DELETE", std::move(selector), std::move(path), std::move(body), std::move(headers), at);
  }
  Check PATCH(NodeSelector selector, std::string path, std::string body = {}, H headers = {},
              detail::SourceLocation at = detail::SourceLocation::Current()) {
    return MakeCheck("PATCH", std::move(selector), std::move(path), std::move(body), std::move(headers), at);
  }

  // Selectors: names one by one or as vectors; none means every node.
  template <class... Names>
  NodeSelector AllNodes(Names&&... names) const {
    return Select(NodeSelector::Rule::All, std::forward<Names>(names)...);
  }
  template <class... Names>
  NodeSelector ExactlyOneNode(Names&&... names) const {
    return Select(NodeSelector::Rule::ExactlyOne, std::forward<Names>(names)...);
  }
  template <class... Names>
  NodeSelector AtLeastOneNode(Names&&... names) const {
    return Select(NodeSelector::Rule::AtLeastOne, std::forward<Names>(names)...);
  }
  template <class... Names>
  NodeSelector ExceptNodes(Names&&... names) const {
    return Select(NodeSelector::Rule::Except, std::forward<Names>(names)...);
  }

  // The running nodes a selector targets now.
  std::vector<std::string> Names(const NodeSelector& selector) const {
    return state_->Resolve(selector, "Names");
  }

  // Every node of the cluster, running or not.
  std::vector<std::string> Nodes() const { return state_->GetCluster().Nodes(); }

  // A node's address as its peers see it ("10.0.42.2:8080").
  std::string Addr(const std::string& node) const {
    state_->RequireKnownNode(node, "Addr");
    return state_->GetCluster().Addr(node);
  }

  // One GET to a node; nullopt when the node is down or does not answer.
  std::optional<FetchResponse> Fetch(const std::string& node, const std::string& path) {
    state_->RequireKnownNode(node, "Fetch");
    if (!state_->GetCluster().IsUp(node)) return std::nullopt;
    auto result = state_->Send(node, http::Request{"GET", path, {}, {}});
    if (!result.response) return std::nullopt;
    return FetchResponse{result.response->status, std::move(result.response->body),
                         std::move(result.response->headers)};
  }

  // Runs fn(1..n) on up to WithConcurrencyLimit threads and waits for all. The first
  // exception cancels the invocations not yet started (and waits in the running ones)
  // and is rethrown. Request latencies are recorded per node for the report.
  void Concurrently(int n, const std::function<void(int)>& fn) {
    if (n < 0) throw UsageError("Concurrently: the count must not be negative, got " + std::to_string(n));
    if (n == 0) return;
    const int workers = std::min(n, state_->Config().concurrency_limit);
    detail::CancelScope group(&state_->CurrentScope());
    std::atomic<int> next{1};
    std::mutex error_mutex;
    std::exception_ptr first_error;
    int first_error_index = 0;

    auto work = [&] {
      detail::CancelScope::Guard guard(&group);
      for (int i = next.fetch_add(1); i <= n && !group.IsCancelled(); i = next.fetch_add(1)) {
        try {
          fn(i);
        } catch (const Cancelled&) {
          // A sibling failed first; its error is the one to report.
        } catch (...) {
          std::lock_guard lock(error_mutex);
          if (!first_error) {
            first_error = std::current_exception();
            first_error_index = i;
          }
          group.Cancel();
        }
      }
    };

    state_->EnterConcurrently();
    {
      std::vector<std::jthread> threads;
      threads.reserve(static_cast<std::size_t>(workers - 1));
      for (int t = 1; t < workers; ++t) threads.emplace_back(work);
      work();
    }
    state_->LeaveConcurrently();
    if (first_error) RethrowFromInvocation(first_error, first_error_index);
    if (state_->CurrentScope().IsCancelled()) throw Cancelled();
  }

  // Node lifecycle (needs a cluster that attest started).
  void Start(const std::string& node) { Lifecycle("Start", node, [&](Cluster& c) { c.Start(node, state_->Events()); }); }
  void Stop(const std::string& node) { Lifecycle("Stop", node, [&](Cluster& c) { c.Stop(node, state_->Events()); }); }
  void Kill(const std::string& node) { Lifecycle("Kill", node, [&](Cluster& c) { c.Kill(node, state_->Events()); }); }
  void Restart(const std::string& node, int signal = SIGTERM) {
    if (signal != SIGTERM && signal != SIGKILL) {
      throw UsageError("Restart(\"" + node + "\"): the signal must be SIGTERM or SIGKILL, got " +
                       std::to_string(signal));
    }
    Lifecycle("Restart", node, [&](Cluster& c) { c.Restart(node, signal, state_->Events()); });
  }

  // Cuts the network between groups, both ways: Partition({"n1", "n2"}, {"n3", "n4", "n5"}).
  // Up to five groups this way; PartitionGroups takes any number.
  void Partition(std::vector<std::string> a, std::vector<std::string> b, std::vector<std::string> c = {},
                 std::vector<std::string> d = {}, std::vector<std::string> e = {}) {
    std::vector<std::vector<std::string>> groups{std::move(a), std::move(b)};
    for (auto* extra : {&c, &d, &e}) {
      if (!extra->empty()) groups.push_back(std::move(*extra));
    }
    PartitionGroups(std::move(groups));
  }

  void PartitionGroups(std::vector<std::vector<std::string>> groups) {
    if (groups.size() < 2) throw UsageError("Partition: give at least two groups of nodes");
    std::vector<std::string> seen;
    for (const auto& group : groups) {
      if (group.empty()) throw UsageError("Partition: a group is empty");
      for (const auto& node : group) {
        state_->RequireKnownNode(node, "Partition");
        if (std::find(seen.begin(), seen.end(), node) != seen.end()) {
          throw UsageError("Partition: node " + node + " is in more than one group");
        }
        seen.push_back(node);
      }
    }
    state_->GetCluster().Partition(groups, state_->Events());
    Settle();
  }

  // Restores full connectivity.
  void Heal() {
    state_->GetCluster().Heal(state_->Events());
    Settle();
  }

  // Degrades the outgoing traffic of the selected running nodes with one tc netem
  // qdisc each, replacing earlier impairments: d.Impair(d.AllNodes(), Delay(100ms, 20ms), Loss(10)).
  template <class... Impairments>
  void Impair(const NodeSelector& selector, Impairments&&... impairments) {
    static_assert(sizeof...(Impairments) > 0,
                  "Impair needs at least one impairment: Delay, Loss, Duplicate or Reorder");
    ImpairNodes(selector, {Impairment(std::forward<Impairments>(impairments))...});
  }

  // Removes the impairments of the selected nodes; d.Repair() repairs every node.
  void Repair() { Repair(AllNodes()); }
  void Repair(const NodeSelector& selector) {
    const auto nodes = state_->Resolve(selector, "Repair");
    if (!nodes.empty()) state_->GetCluster().Repair(nodes, state_->Events());
  }

 private:
  Check MakeCheck(const char* method, NodeSelector selector, std::string path, std::string body,
                  H headers, detail::SourceLocation at) {
    if (path.empty() || path.front() != '/') {
      throw UsageError(std::string(method) + " \"" + path + "\" at " + at.ToString() +
                       ": the path must start with '/'");
    }
    return Check(state_, method, std::move(selector), std::move(path), std::move(body),
                 std::move(headers), at);
  }

  template <class... Names>
  NodeSelector Select(NodeSelector::Rule rule, Names&&... names) const {
    std::vector<std::string> list;
    detail::AppendNames(list, std::forward<Names>(names)...);
    return NodeSelector(rule, std::move(list));
  }

  template <class Action>
  void Lifecycle(const char* what, const std::string& node, Action&& action) {
    state_->RequireKnownNode(node, what);
    action(state_->GetCluster());
  }

  void ImpairNodes(const NodeSelector& selector, const std::vector<Impairment>& impairments) {
    ValidateImpairments(impairments);
    const auto nodes = state_->Resolve(selector, "Impair");
    if (nodes.empty()) {
      throw UsageError("Impair: no running node matches " + selector.Describe({}) + ", so nothing can be impaired");
    }
    state_->GetCluster().Impair(nodes, impairments, state_->Events());
  }

  void Settle() {
    const auto settle = state_->Config().cluster_settle;
    if (settle.count() > 0 && !state_->CurrentScope().SleepFor(settle)) throw Cancelled();
  }

  // Keeps the exception's kind; a Failure learns which invocation raised it.
  [[noreturn]] static void RethrowFromInvocation(std::exception_ptr error, int index) {
    try {
      std::rethrow_exception(error);
    } catch (const Failure& failure) {
      FailureReport report = failure.Report();
      report.title = "Concurrently #" + std::to_string(index) + ": " + report.title;
      ThrowFailure(std::move(report));
    }
  }

  std::shared_ptr<detail::RunState> state_;
};

}  // namespace attest
