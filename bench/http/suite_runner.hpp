// Runs a benchmark suite quietly and turns any failure into an exception whose text is
// attest's own failure report, so main() can print it and exit 1.
#pragma once

#include <stdexcept>
#include <string>

#include "attest/attest.hpp"

namespace attest::bench {

// A request of the benchmark failed (attest's check or the bare client).
class RequestFailed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Prints nothing: the benchmark prints its own table, and console output between
// timed rounds would only add noise.
class SilentReporter : public Reporter {
 public:
  void SuiteStarting(const std::string&, int) override {}
  void Event(const std::string&) override {}
  void TestStarting(int, const std::string&) override {}
  void TestFinished(const TestResult&) override {}
  void SuiteFinished(const SuiteResult&) override {}
};

inline SuiteResult RunSuiteOrThrow(Suite& suite) {
  SilentReporter reporter;
  SuiteResult result = suite.RunWithResult(reporter);
  if (result.passed) return result;
  if (result.setup_failure) throw RequestFailed(FormatFailure(*result.setup_failure));
  for (const auto& test : result.tests) {
    if (test.failure) {
      throw RequestFailed("in \"" + test.name + "\":\n" + FormatFailure(*test.failure));
    }
  }
  throw RequestFailed("suite " + result.name + " failed without a report");
}

}  // namespace attest::bench
