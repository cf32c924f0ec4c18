// A Reporter that passes every event on to several others (console and JUnit at once).
//
//   attest::ConsoleReporter console;
//   attest::JUnitReporter junit("results.xml");
//   attest::MultiReporter both{&console, &junit};
//   suite.Run(both);
#pragma once

#include <exception>
#include <initializer_list>
#include <string>
#include <vector>

#include "attest/error.hpp"
#include "attest/report/reporter.hpp"
#include "attest/report/results.hpp"

namespace attest {

class MultiReporter : public Reporter {
 public:
  MultiReporter() = default;
  // The reporters are not owned and must outlive this one; null entries are an error.
  MultiReporter(std::initializer_list<Reporter*> reporters) {
    for (Reporter* reporter : reporters) Add(reporter);
  }

  MultiReporter& Add(Reporter* reporter) {
    if (reporter == nullptr) throw UsageError("MultiReporter: a reporter is null");
    reporters_.push_back(reporter);
    return *this;
  }
  MultiReporter& Add(Reporter& reporter) { return Add(&reporter); }

  std::size_t Size() const noexcept { return reporters_.size(); }

  void SuiteStarting(const std::string& suite_name, int tests) override {
    ForEach([&](Reporter& r) { r.SuiteStarting(suite_name, tests); });
  }
  void Event(const std::string& text) override {
    ForEach([&](Reporter& r) { r.Event(text); });
  }
  void TestStarting(int index, const std::string& name) override {
    ForEach([&](Reporter& r) { r.TestStarting(index, name); });
  }
  void TestFinished(const TestResult& result) override {
    ForEach([&](Reporter& r) { r.TestFinished(result); });
  }
  void SuiteFinished(const SuiteResult& result) override {
    ForEach([&](Reporter& r) { r.SuiteFinished(result); });
  }

 private:
  // One reporter failing (a full disk under the JUnit file) must not silence the
  // others: every reporter gets the event, then the first exception is rethrown.
  template <class Call>
  void ForEach(const Call& call) {
    std::exception_ptr first;
    for (Reporter* reporter : reporters_) {
      try {
        call(*reporter);
      } catch (...) {
        if (!first) first = std::current_exception();
      }
    }
    if (first) std::rethrow_exception(first);
  }

  std::vector<Reporter*> reporters_;
};

}  // namespace attest
