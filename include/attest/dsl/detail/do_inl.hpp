// Definitions of dsl/do.hpp.
#pragma once

#include "attest/dsl/do.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "attest/dsl/detail/run_state.hpp"
#include "attest/dsl/json_path.hpp"
#include "attest/error.hpp"
#include "attest/report/detail/json_depth.hpp"
#include "attest/report/failure.hpp"

namespace attest {

ATTEST_INLINE std::string FetchResponse::JSON(std::string_view path) const {
  auto value = JSONValue(path);
  if (!value || value->is_null()) return "";
  if (value->is_string()) return value->get<std::string>();
  return value->dump();
}

ATTEST_INLINE std::optional<nlohmann::json> FetchResponse::JSONValue(std::string_view path) const {
  ValidateJsonPath(path);
  if (detail::JsonNestsDeeperThan(Body, detail::kMaxJsonDepth)) return std::nullopt;
  auto document = nlohmann::json::parse(Body, nullptr, false);
  if (document.is_discarded()) return std::nullopt;
  return JsonPathLookup(document, path);
}

ATTEST_INLINE std::vector<std::string> Do::Names(const NodeSelector& selector) const {
  return state_->Resolve(selector, "Names");
}

ATTEST_INLINE std::vector<std::string> Do::Nodes() const { return state_->GetCluster().Nodes(); }

ATTEST_INLINE std::string Do::Addr(const std::string& node) const {
  state_->RequireKnownNode(node, "Addr");
  return state_->GetCluster().Addr(node);
}

ATTEST_INLINE std::optional<FetchResponse> Do::Fetch(const std::string& node, const std::string& path) {
  state_->RequireKnownNode(node, "Fetch");
  if (!state_->GetCluster().IsUp(node)) return std::nullopt;
  auto result = state_->Send(node, http::Request{"GET", path, {}, {}});
  if (!result.response) return std::nullopt;
  return FetchResponse{result.response->status, std::move(result.response->body),
                       std::move(result.response->headers)};
}

namespace detail {

// Keeps the exception's kind; a Failure learns which invocation raised it.
[[noreturn]] ATTEST_INLINE void RethrowFromInvocation(std::exception_ptr error, int index) {
  try {
    std::rethrow_exception(std::move(error));
  } catch (const Failure& failure) {
    FailureReport report = failure.Report();
    report.title = "Concurrently #" + std::to_string(index) + ": " + report.title;
    ThrowFailure(std::move(report));
  }
}

}  // namespace detail

ATTEST_INLINE void Do::Concurrently(int n, const std::function<void(int)>& fn) {
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
    detail::LatencyRecorder::ThreadBuffer latencies(state_->Latencies());
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
  if (first_error) detail::RethrowFromInvocation(first_error, first_error_index);
  if (state_->CurrentScope().IsCancelled()) throw Cancelled();
}

ATTEST_INLINE void Do::Start(const std::string& node) {
  state_->RequireKnownNode(node, "Start");
  state_->GetCluster().Start(node, state_->Events());
}

ATTEST_INLINE void Do::Stop(const std::string& node) {
  state_->RequireKnownNode(node, "Stop");
  state_->GetCluster().Stop(node, state_->Events());
}

ATTEST_INLINE void Do::Kill(const std::string& node) {
  state_->RequireKnownNode(node, "Kill");
  state_->GetCluster().Kill(node, state_->Events());
}

ATTEST_INLINE void Do::Restart(const std::string& node, int signal) {
  if (signal != SIGTERM && signal != SIGKILL) {
    throw UsageError("Restart(\"" + node + "\"): the signal must be SIGTERM or SIGKILL, got " +
                     std::to_string(signal));
  }
  state_->RequireKnownNode(node, "Restart");
  state_->GetCluster().Restart(node, signal, state_->Events());
}

ATTEST_INLINE void Do::Partition(std::vector<std::string> a, std::vector<std::string> b,
                                 std::vector<std::string> c, std::vector<std::string> d,
                                 std::vector<std::string> e) {
  std::vector<std::vector<std::string>> groups{std::move(a), std::move(b)};
  for (auto* extra : {&c, &d, &e}) {
    if (!extra->empty()) groups.push_back(std::move(*extra));
  }
  PartitionGroups(groups);
}

ATTEST_INLINE void Do::PartitionGroups(const std::vector<std::vector<std::string>>& groups) {
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

ATTEST_INLINE void Do::Heal() {
  state_->GetCluster().Heal(state_->Events());
  Settle();
}

ATTEST_INLINE void Do::Repair() {
  const auto nodes = state_->GetCluster().Nodes();
  if (!nodes.empty()) state_->GetCluster().Repair(nodes, state_->Events());
}

ATTEST_INLINE void Do::Repair(const NodeSelector& selector) {
  const auto nodes = state_->Resolve(selector, "Repair");
  if (!nodes.empty()) state_->GetCluster().Repair(nodes, state_->Events());
}

ATTEST_INLINE Check Do::GET(NodeSelector selector, std::string path, std::string body, H headers,
                            detail::SourceLocation at) {
  return MakeCheck("GET", std::move(selector), std::move(path), std::move(body), std::move(headers), at);
}

ATTEST_INLINE Check Do::PUT(NodeSelector selector, std::string path, std::string body, H headers,
                            detail::SourceLocation at) {
  return MakeCheck("PUT", std::move(selector), std::move(path), std::move(body), std::move(headers), at);
}

ATTEST_INLINE Check Do::POST(NodeSelector selector, std::string path, std::string body, H headers,
                             detail::SourceLocation at) {
  return MakeCheck("POST", std::move(selector), std::move(path), std::move(body), std::move(headers), at);
}

ATTEST_INLINE Check Do::DELETE(NodeSelector selector, std::string path, std::string body, H headers,
                               detail::SourceLocation at) {
  return MakeCheck("DELETE", std::move(selector), std::move(path), std::move(body), std::move(headers), at);
}

ATTEST_INLINE Check Do::PATCH(NodeSelector selector, std::string path, std::string body, H headers,
                              detail::SourceLocation at) {
  return MakeCheck("PATCH", std::move(selector), std::move(path), std::move(body), std::move(headers), at);
}

ATTEST_INLINE Check Do::MakeCheck(const char* method, NodeSelector&& selector, std::string&& path,
                                  std::string&& body, H&& headers, detail::SourceLocation at) {
  if (path.empty() || path.front() != '/') {
    throw UsageError(std::string(method) + " \"" + path + "\" at " + at.ToString() +
                     ": the path must start with '/'");
  }
  return Check(state_, method, std::move(selector), std::move(path), std::move(body), std::move(headers), at);
}

ATTEST_INLINE void Do::ImpairNodes(const NodeSelector& selector, const std::vector<Impairment>& impairments) {
  ValidateImpairments(impairments);
  const auto nodes = state_->Resolve(selector, "Impair");
  if (nodes.empty()) {
    throw UsageError("Impair: no running node matches " + selector.Describe({}) +
                     ", so nothing can be impaired");
  }
  state_->GetCluster().Impair(nodes, impairments, state_->Events());
}

ATTEST_INLINE void Do::Settle() {
  const auto settle = state_->Config().cluster_settle;
  if (settle.count() > 0 && !state_->CurrentScope().SleepFor(settle)) throw Cancelled();
}

}  // namespace attest
