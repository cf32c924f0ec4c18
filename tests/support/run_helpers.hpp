// Runs one test body in a real suite against real servers and hands back its result.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "attest/attest.hpp"
#include "support/catch.hpp"
#include "support/collecting_reporter.hpp"

namespace attest::testing {

using Endpoints = std::vector<std::pair<std::string, std::string>>;

inline TestResult RunOne(const Endpoints& endpoints, Suite::Body body, std::vector<Option> options = {}) {
  Suite suite = New(WithEndpoints(endpoints));
  for (auto& option : options) suite.With(std::move(option));
  suite.Test("under test", std::move(body));
  CollectingReporter reporter;
  SuiteResult result = suite.RunWithResult(reporter);
  if (result.setup_failure) {
    TestResult failed;
    failed.failure = result.setup_failure;
    return failed;
  }
  return result.tests.at(0);
}

// Catch's substring matcher, under a name that does not clash with attest::Contains.
inline auto Says(const std::string& text) { return Catch::Matchers::Contains(text); }

// The failure's message text (what Failure::what() says), or "" when it passed.
inline std::string FailureText(const TestResult& result) {
  return result.failure ? FormatFailure(*result.failure, TextStyle::Plain()) : "";
}

}  // namespace attest::testing
