// Do is what a test body receives: it builds requests (GET, PUT, ...), selects nodes,
// reads state with Fetch, runs work Concurrently, and acts on nodes (Start, Kill,
// Partition, Impair, ...) through the suite's cluster. All of it is safe to call from
// the threads of Concurrently.
#pragma once

#include <csignal>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "attest/cluster/impairment.hpp"
#include "attest/detail/inline.hpp"
#include "attest/detail/source_location.hpp"
#include "attest/dsl/check.hpp"
#include "attest/dsl/selector.hpp"

namespace attest {

// The answer to Do::Fetch. Its fields are spelled as the seed's Go struct (r.Status,
// r.Body), so that suites port line by line; attest's other structs use snake_case.
struct FetchResponse {
  int Status = 0;
  std::string Body;
  std::vector<std::pair<std::string, std::string>> Headers;

  // The value at a gjson-style path as text, as gjson's String() gives it: strings
  // without quotes, numbers and booleans as written, "" when missing or not JSON.
  std::string JSON(std::string_view path) const;

  // The value at a path as JSON, nullopt when the path is missing or the body is not
  // JSON, or nests more than 1000 levels deep (include <nlohmann/json.hpp> to use it).
  std::optional<nlohmann::json> JSONValue(std::string_view path) const;
};

class Do {
 public:
  explicit Do(std::shared_ptr<detail::RunState> state) : state_(std::move(state)) {}

  // Requests. Optional body and headers: d.POST(sel, "/api", R"({"k":1})", H{{"Content-Type",
  // "application/json"}}). Each returns a Check; nothing is sent until .Run().
  Check GET(NodeSelector selector, std::string path, std::string body = {}, H headers = {},
            detail::SourceLocation at = detail::SourceLocation::Current());
  Check PUT(NodeSelector selector, std::string path, std::string body = {}, H headers = {},
            detail::SourceLocation at = detail::SourceLocation::Current());
  Check POST(NodeSelector selector, std::string path, std::string body = {}, H headers = {},
             detail::SourceLocation at = detail::SourceLocation::Current());
  Check DELETE(NodeSelector selector, std::string path, std::string body = {}, H headers = {},
               detail::SourceLocation at = detail::SourceLocation::Current());
  Check PATCH(NodeSelector selector, std::string path, std::string body = {}, H headers = {},
              detail::SourceLocation at = detail::SourceLocation::Current());

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
  std::vector<std::string> Names(const NodeSelector& selector) const;

  // Every node of the cluster, running or not.
  std::vector<std::string> Nodes() const;

  // A node's address as its peers see it ("10.0.42.2:8080").
  std::string Addr(const std::string& node) const;

  // One GET to a node; nullopt when the node is down or does not answer.
  std::optional<FetchResponse> Fetch(const std::string& node, const std::string& path);

  // Runs fn(1..n) on up to WithConcurrencyLimit threads and waits for all. The first
  // exception cancels the invocations not yet started (and waits in the running ones)
  // and is rethrown. Request latencies are recorded per node for the report.
  void Concurrently(int n, const std::function<void(int)>& fn);

  // Node lifecycle (needs a cluster that attest started).
  void Start(const std::string& node);
  // SIGTERM, then SIGKILL after WithNodeShutdownTimeout.
  void Stop(const std::string& node);
  // SIGKILL.
  void Kill(const std::string& node);
  // Stops (with `signal`: SIGTERM or SIGKILL) and starts the node again; it keeps its
  // address, port and data.
  void Restart(const std::string& node, int signal = SIGTERM);

  // Cuts the network between groups, both ways: Partition({"n1", "n2"}, {"n3", "n4", "n5"}).
  // Up to five groups this way; PartitionGroups takes any number.
  void Partition(std::vector<std::string> a, std::vector<std::string> b, std::vector<std::string> c = {},
                 std::vector<std::string> d = {}, std::vector<std::string> e = {});
  void PartitionGroups(const std::vector<std::vector<std::string>>& groups);

  // Restores full connectivity.
  void Heal();

  // Degrades the outgoing traffic of the selected running nodes with one tc netem
  // qdisc each, replacing earlier impairments: d.Impair(d.AllNodes(), Delay(100ms, 20ms), Loss(10)).
  // Reorder needs a Delay; a kernel without netem makes it fail with a message saying so.
  template <class... Impairments>
  void Impair(const NodeSelector& selector, Impairments&&... impairments) {
    static_assert(sizeof...(Impairments) > 0,
                  "Impair needs at least one impairment: Delay, Loss, Duplicate or Reorder");
    ImpairNodes(selector, {Impairment(std::forward<Impairments>(impairments))...});
  }

  // Removes the impairments of the selected nodes. d.Repair() repairs every node of
  // the cluster, stopped ones included, so none gets its impairment back when it starts.
  void Repair();
  void Repair(const NodeSelector& selector);

 private:
  // The verbs hand their arguments on, moved once more into the check's request.
  Check MakeCheck(const char* method, NodeSelector&& selector, std::string&& path, std::string&& body,
                  H&& headers, detail::SourceLocation at);

  template <class... Names>
  NodeSelector Select(NodeSelector::Rule rule, Names&&... names) const {
    std::vector<std::string> list;
    detail::AppendNames(list, std::forward<Names>(names)...);
    return NodeSelector(rule, std::move(list));
  }

  void ImpairNodes(const NodeSelector& selector, const std::vector<Impairment>& impairments);
  void Settle();

  std::shared_ptr<detail::RunState> state_;
};

}  // namespace attest

#if ATTEST_HEADER_ONLY
#include "attest/dsl/detail/do_inl.hpp"
#endif
