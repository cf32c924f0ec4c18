// The events a suite run emits. Reporters (console, JUnit) implement this.
#pragma once

#include <string>

#include "attest/report/results.hpp"

namespace attest {

class Reporter {
 public:
  virtual ~Reporter() = default;
  // A suite is about to start its cluster; `tests` is how many tests it has.
  virtual void SuiteStarting(const std::string& suite_name, int tests) = 0;
  // A line of progress outside any test ("starting 3 nodes", "n2 killed").
  virtual void Event(const std::string& text) = 0;
  virtual void TestStarting(int index, const std::string& name) = 0;
  virtual void TestFinished(const TestResult& result) = 0;
  virtual void SuiteFinished(const SuiteResult& result) = 0;
};

}  // namespace attest
