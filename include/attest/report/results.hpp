// Plain data that the DSL produces and the reporters consume.
//
// Nothing here knows how to print itself; see report/failure_text.hpp and the
// reporters. Keeping results as data lets the console, JUnit and golden tests agree.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace attest {

// What one node answered to one request of a check, and what was wrong with it.
struct NodeOutcome {
  std::string node;                     // "n1"
  std::string request;                  // "GET http://127.0.0.1:8081/kv/key"
  std::string request_body;             // body sent, empty when none
  std::optional<int> status;            // empty when no response arrived
  std::string content_type;             // response Content-Type, for pretty printing
  std::string body;                     // response body as received
  std::string transport_error;          // "connection refused", "timed out after 5s", ...
  std::vector<std::string> mismatches;  // "status: expected 200, got 500"
  bool passed = false;
};

// The last lines a node wrote, shown at the end of a failure report.
struct NodeLog {
  std::string node;
  std::vector<std::string> lines;  // oldest first
};

// Everything needed to explain why a check (or a test) failed.
struct FailureReport {
  std::string title;                      // "PUT /kv/key" or "exception in test body"
  std::string location;                   // "kv_test.cpp:42", where the check was built
  std::string selector;                   // "n1", "all nodes [n1, n2, n3]"
  std::string verdict;                    // "1 of 3 nodes passed; all must pass"
  std::string timing;                     // "never passed within 2s (14 attempts)", "broke at attempt 3 ..."
  std::vector<std::string> expectations;  // "status 200", "json term > 3"
  std::vector<NodeOutcome> nodes;         // failing nodes first; passing nodes may follow
  std::string hint;
  std::string message;             // free text for failures that are not checks
  std::vector<NodeLog> node_logs;  // the involved nodes' last log lines, when kept
};

// Latency of the requests one node served inside Concurrently.
struct LatencyRow {
  std::string node;
  std::uint64_t requests = 0;
  std::chrono::nanoseconds p50{}, p95{}, p99{}, max{};
  // How many requests took 38 to 50ms, the delay of a delayed ACK meeting Nagle's
  // algorithm in the server; the report points the pattern out when it dominates.
  std::uint64_t delayed_ack_requests = 0;
};

struct TestResult {
  int index = 0;  // 1-based, as the tests are numbered in the source
  std::string name;
  bool passed = false;
  bool skipped = false;     // not run
  std::string skip_reason;  // why, when not because an earlier test failed
  std::chrono::nanoseconds duration{};
  std::optional<FailureReport> failure;
  std::vector<LatencyRow> latencies;  // filled when the test used Concurrently
};

struct SuiteResult {
  std::string name;  // stage key or suite name
  bool passed = false;
  std::chrono::nanoseconds duration{};
  std::optional<FailureReport> setup_failure;  // cluster start or Setup() failed
  std::string skipped_reason;                  // set when this machine cannot run the suite (Unavailable)
  std::vector<TestResult> tests;
  std::string log_directory;  // the run's node logs and events, when the cluster kept them
};

}  // namespace attest
