// Hand-built results, shaped like what the DSL produces, shared by the report tests
// (unit/report, golden/report), and Replay, which feeds them through a reporter.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "attest/report/reporter.hpp"
#include "attest/report/results.hpp"

namespace attest_test {

using namespace std::chrono_literals;

inline attest::NodeOutcome FailingNode(std::string node, std::string request, int status, std::string body,
                                       std::string content_type, std::vector<std::string> mismatches) {
  attest::NodeOutcome outcome;
  outcome.node = std::move(node);
  outcome.request = std::move(request);
  outcome.status = status;
  outcome.body = std::move(body);
  outcome.content_type = std::move(content_type);
  outcome.mismatches = std::move(mismatches);
  return outcome;
}

inline attest::NodeOutcome UnreachableNode(std::string node, std::string request, std::string error) {
  attest::NodeOutcome outcome;
  outcome.node = std::move(node);
  outcome.request = std::move(request);
  outcome.transport_error = std::move(error);
  return outcome;
}

inline attest::NodeOutcome PassingNode(std::string node, std::string request, int status) {
  attest::NodeOutcome outcome;
  outcome.node = std::move(node);
  outcome.request = std::move(request);
  outcome.status = status;
  outcome.passed = true;
  return outcome;
}

// A single-node check: GET that answered 404 instead of 200 with the stored value.
inline attest::FailureReport SingleNodeFailure() {
  attest::FailureReport report;
  report.title = "GET /kv/key";
  report.location = "kv_test.cpp:21";
  report.selector = "n1";
  report.expectations = {"status 200", "body \"value\""};
  report.nodes = {
      FailingNode("n1", "GET http://127.0.0.1:8081/kv/key", 404, "key not found\n", "text/plain",
                  {"status: expected 200, got 404", "body: expected \"value\", got \"key not found\\n\""})};
  report.hint = "GET /kv/{key} should return the value stored by the preceding PUT.";
  return report;
}

// An all-nodes check under Eventually where one node answers wrong and one is down.
inline attest::FailureReport MultiNodeFailure() {
  attest::FailureReport report;
  report.title = "PUT /kv/key";
  report.location = "kv_test.cpp:42";
  report.selector = "all nodes [n1, n2, n3]";
  report.verdict = "1 of 3 nodes passed; all must pass";
  report.timing = "never passed within 2s (14 attempts)";
  report.expectations = {"status 200", "json term > 3"};
  auto n2 = FailingNode("n2", "PUT http://127.0.0.1:8082/kv/key", 500,
                        R"({"error":"disk full","term":2,"peers":["n1","n3"]})", "application/json",
                        {"status: expected 200, got 500", "json term: expected > 3, got 2"});
  n2.request_body = "value";
  auto n3 = UnreachableNode("n3", "PUT http://127.0.0.1:8083/kv/key", "connection refused");
  n3.request_body = "value";
  report.nodes = {n2, n3, PassingNode("n1", "PUT http://127.0.0.1:8081/kv/key", 200)};
  report.hint = "Every node must accept writes.\nCheck the handler on followers.";
  return report;
}

inline attest::TestResult Passed(int index, std::string name, std::chrono::nanoseconds d) {
  attest::TestResult test;
  test.index = index;
  test.name = std::move(name);
  test.passed = true;
  test.duration = d;
  return test;
}

inline attest::TestResult FailedWith(int index, std::string name, std::chrono::nanoseconds d,
                                     attest::FailureReport failure) {
  attest::TestResult test;
  test.index = index;
  test.name = std::move(name);
  test.duration = d;
  test.failure = std::move(failure);
  return test;
}

inline attest::TestResult Skipped(int index, std::string name) {
  attest::TestResult test;
  test.index = index;
  test.name = std::move(name);
  test.skipped = true;
  return test;
}

// Three tests: one passes, one fails, one is skipped after the failure.
inline attest::SuiteResult MixedSuite() {
  attest::SuiteResult suite;
  suite.name = "http-api";
  suite.duration = 1250ms;
  suite.tests = {Passed(1, "PUT Stores Values", 3200us),
                 FailedWith(2, "GET Returns Stored Values", 1100us, SingleNodeFailure()),
                 Skipped(3, "DELETE Removes Values")};
  return suite;
}

// Feeds a suite result through a reporter the way the DSL does: start, each test's
// start and finish (skipped tests are finished without being started), finish.
inline void Replay(attest::Reporter& reporter, const attest::SuiteResult& suite) {
  reporter.SuiteStarting(suite.name, static_cast<int>(suite.tests.size()));
  reporter.Event("started n1");
  for (const auto& test : suite.tests) {
    if (!test.skipped) reporter.TestStarting(test.index, test.name);
    reporter.TestFinished(test);
  }
  reporter.SuiteFinished(suite);
}

}  // namespace attest_test
