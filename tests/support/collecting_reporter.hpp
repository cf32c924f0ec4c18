// A Reporter that prints nothing and keeps everything, so tests can inspect results.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "attest/report/reporter.hpp"

namespace attest::testing {

class CollectingReporter : public attest::Reporter {
 public:
  void SuiteStarting(const std::string& name, int tests) override {
    std::lock_guard lock(mutex_);
    events.push_back("suite " + name + " with " + std::to_string(tests) + " tests");
  }
  void Event(const std::string& text) override {
    std::lock_guard lock(mutex_);
    events.push_back(text);
  }
  void TestStarting(int index, const std::string& name) override {
    std::lock_guard lock(mutex_);
    events.push_back("start " + std::to_string(index) + " " + name);
  }
  void TestFinished(const attest::TestResult& result) override {
    std::lock_guard lock(mutex_);
    tests.push_back(result);
  }
  void SuiteFinished(const attest::SuiteResult& result) override {
    std::lock_guard lock(mutex_);
    suites.push_back(result);
  }

  std::vector<std::string> events;
  std::vector<attest::TestResult> tests;
  std::vector<attest::SuiteResult> suites;

 private:
  std::mutex mutex_;
};

}  // namespace attest::testing
