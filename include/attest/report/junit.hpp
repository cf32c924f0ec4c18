// The JUnit XML reporter, for CI systems that show test results (GitLab, Jenkins,
// GitHub test-report actions).
//
//   attest::JUnitReporter junit("results.xml");  // throws attest::Error if not writable
//   suite.Run(junit);
//
// One <testsuite> per suite, one <testcase> per test (its name without the number, so
// a CI's test history survives inserting a test), <failure> with a one-line message and
// the plain failure text, <skipped> for tests not run after a failure, a "(setup)"
// testcase with <error> when the cluster or Setup failed, <properties> from
// SetProperty, and the suite's events in <system-out>. The file is rewritten after
// every suite, so an interrupted run still leaves a valid report of what finished.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "attest/detail/inline.hpp"
#include "attest/error.hpp"
#include "attest/report/failure_text.hpp"
#include "attest/report/reporter.hpp"
#include "attest/report/results.hpp"

namespace attest {

// One line for a <failure message="...">: what was checked and the first thing that
// went wrong, e.g. "GET /kv/key: n1: status: expected 200, got 404".
std::string FailureSummary(const FailureReport& report);

class JUnitReporter : public Reporter {
 public:
  // Writes an empty report to `path` at once, so a path that cannot be written is
  // found before any test runs; throws attest::Error naming the path and the reason.
  explicit JUnitReporter(std::string path, std::string name = "attest");

  // A <property> of every suite that starts from now on (the runner records the
  // challenge, the stage title and the backend); setting a name again replaces it.
  void SetProperty(const std::string& name, const std::string& value);

  const std::string& Path() const noexcept { return path_; }

  // The error of the last write that failed during a run (reporters must not throw
  // into the suite); empty when every write succeeded.
  std::string LastWriteError() const;

  // The document as it stands.
  std::string Xml() const;

  // Writes the document to the path (through a temporary file and a rename, so
  // readers never see half a report). Throws attest::Error naming the path.
  void Write();

  ATTEST_INLINE void SuiteStarting(const std::string& suite_name, int) override;

  ATTEST_INLINE void Event(const std::string& text) override;

  ATTEST_INLINE void TestStarting(int, const std::string&) override;
  ATTEST_INLINE void TestFinished(const TestResult&) override;

  ATTEST_INLINE void SuiteFinished(const SuiteResult& result) override;

 private:
  struct Suite {
    std::string name;
    std::chrono::system_clock::time_point started;
    std::vector<std::pair<std::string, std::string>> properties;
    std::vector<std::string> events;
    SuiteResult result;
  };

  struct Counts {
    std::size_t tests = 0, failures = 0, errors = 0, skipped = 0;
  };

  static Counts CountsOf(const SuiteResult& result);
  static std::string CountAttributes(const Counts& counts);

  static void AppendFailure(std::string& out, const char* element, const char* type,
                            const FailureReport& report);

  static void AppendSuite(std::string& out, const Suite& suite);

  std::string XmlLocked() const;

  void WriteLocked();

  std::string path_;
  std::string name_;
  mutable std::mutex mutex_;
  std::vector<std::pair<std::string, std::string>> properties_;
  std::vector<std::string> pending_events_;
  std::optional<Suite> current_;
  std::vector<Suite> suites_;
  std::string last_error_;
};

}  // namespace attest

#if ATTEST_HEADER_ONLY
#include "attest/report/detail/junit_inl.hpp"
#endif
