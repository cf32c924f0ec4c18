// The console reporter: what a person watching a run sees.
//
//   ● http-api: Store and Retrieve Data (3 tests)
//     · started n1
//     ✓ 1. PUT Stores Values (3.2ms)
//     ✗ 2. GET Returns Stored Values (1.1ms)
//         GET /kv/key (kv_test.cpp:21)
//           ...the failure text (report/failure_text.hpp)...
//     ○ 3. DELETE Removes Values (skipped: an earlier test failed)
//   ✗ http-api: passed 1 of 3 tests in 15ms (1 failed, 1 skipped)
//
// Colour follows TextStyle::ForStream (a terminal, NO_COLOR unset). Calls may come
// from several threads (events during Concurrently): each call writes its lines under
// a mutex and flushes, so lines never interleave and a crash loses nothing printed.
#pragma once

#include <cstdio>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "attest/detail/inline.hpp"
#include "attest/report/failure_text.hpp"
#include "attest/report/reporter.hpp"
#include "attest/report/results.hpp"

namespace attest {

class ConsoleReporter : public Reporter {
 public:
  // Writes to `out` (not owned; stdout by default), coloured when `out` is a terminal.
  explicit ConsoleReporter(std::FILE* out = stdout) : ConsoleReporter(out, TextStyle::ForStream(out)) {}
  ConsoleReporter(std::FILE* out, TextStyle style) : out_(out), style_(style) {}

  const TextStyle& Style() const noexcept { return style_; }

  // Shown after the suite's name in its header line (the runner passes stage titles).
  void SetSuiteTitle(const std::string& suite_name, const std::string& title);

  // A bold line outside any suite (the runner's banner and its closing summary).
  void Heading(const std::string& text);

  ATTEST_INLINE void SuiteStarting(const std::string& suite_name, int tests) override;

  ATTEST_INLINE void Event(const std::string& text) override;

  ATTEST_INLINE void TestStarting(int, const std::string&) override;

  ATTEST_INLINE void TestFinished(const TestResult& result) override;

  ATTEST_INLINE void SuiteFinished(const SuiteResult& result) override;

 private:
  // A test is known by its index; a DSL that leaves indexes at 0 is told apart by name.
  static std::string Key(const TestResult& test);

  std::string RenderTest(const TestResult& test);

  void Write(const std::string& text);

  void WriteLocked(const std::string& text);

  std::FILE* out_;
  TextStyle style_;
  std::mutex mutex_;
  std::map<std::string, std::string> titles_;
  std::set<std::string> reported_;
  std::vector<TestResult> held_;  // skipped tests, listed when the suite finishes
};

}  // namespace attest

#if ATTEST_HEADER_ONLY
#include "attest/report/detail/console_inl.hpp"
#endif
