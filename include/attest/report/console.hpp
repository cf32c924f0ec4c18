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

#include <algorithm>
#include <cstdio>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "attest/report/detail/text.hpp"
#include "attest/report/failure_text.hpp"
#include "attest/report/reporter.hpp"
#include "attest/report/results.hpp"

namespace attest {

namespace detail {

// The per-node latency table printed after a test that used Concurrently.
inline std::string LatencyTable(const std::vector<LatencyRow>& rows, std::string_view indent,
                                const TextStyle& style) {
  std::size_t name_width = 4;
  for (const LatencyRow& row : rows) name_width = std::max(name_width, row.node.size());
  std::string out;
  out += indent;
  out += style.Paint(TextStyle::Tone::Dim,
                     fmt::format("{:<{}}  {:>8}  {:>7}  {:>7}  {:>7}  {:>7}", "node", name_width,
                                 "requests", "p50", "p95", "p99", "max"));
  out += '\n';
  for (const LatencyRow& row : rows) {
    out += indent;
    out += fmt::format("{:<{}}  {:>8}  {:>7}  {:>7}  {:>7}  {:>7}", Printable(row.node),
                       name_width, row.requests, DurationText(row.p50), DurationText(row.p95),
                       DurationText(row.p99), DurationText(row.max));
    out += '\n';
  }
  return out;
}

}  // namespace detail

class ConsoleReporter : public Reporter {
 public:
  // Writes to `out` (not owned; stdout by default), coloured when `out` is a terminal.
  explicit ConsoleReporter(std::FILE* out = stdout)
      : ConsoleReporter(out, TextStyle::ForStream(out)) {}
  ConsoleReporter(std::FILE* out, TextStyle style) : out_(out), style_(style) {}

  const TextStyle& Style() const noexcept { return style_; }

  // Shown after the suite's name in its header line (the runner passes stage titles).
  void SetSuiteTitle(const std::string& suite_name, const std::string& title) {
    std::lock_guard lock(mutex_);
    titles_[suite_name] = title;
  }

  // A bold line outside any suite (the runner's banner and its closing summary).
  void Heading(const std::string& text) {
    Write(style_.Paint(TextStyle::Tone::Bold, detail::Printable(text)) + "\n");
  }

  void SuiteStarting(const std::string& suite_name, int tests) override {
    std::lock_guard lock(mutex_);
    reported_.clear();
    held_.clear();
    std::string line = "● " + detail::Printable(suite_name);
    if (const auto title = titles_.find(suite_name); title != titles_.end()) {
      line += ": " + detail::Printable(title->second);
    }
    line += fmt::format(" ({} test{})", tests, tests == 1 ? "" : "s");
    WriteLocked(style_.Paint(TextStyle::Tone::Bold, line) + "\n");
  }

  void Event(const std::string& text) override {
    const std::string printable = detail::Printable(text);
    std::string out;
    bool first = true;
    for (std::string_view line : detail::SplitLines(printable)) {
      out += style_.Paint(TextStyle::Tone::Dim, (first ? "  · " : "    ") + std::string(line));
      out += '\n';
      first = false;
    }
    Write(out);
  }

  void TestStarting(int, const std::string&) override {
    // Nothing yet: the line is printed once, when the test finishes, with its outcome.
  }

  void TestFinished(const TestResult& result) override {
    std::lock_guard lock(mutex_);
    // Skipped tests are not progress: they are listed with the suite's end, after a
    // setup failure that caused them rather than before it.
    if (result.skipped) {
      held_.push_back(result);
      return;
    }
    WriteLocked(RenderTest(result));
  }

  void SuiteFinished(const SuiteResult& result) override {
    std::lock_guard lock(mutex_);
    std::string out;
    if (result.setup_failure) {
      out += "  " + style_.Paint(TextStyle::Tone::Red, "✗ setup failed") + "\n";
      detail::AppendIndented(out, "      ", "      ",
                             FormatFailure(*result.setup_failure, style_));
    }
    // Tests the suite never announced (skipped after a failure, or a DSL that only
    // reports at the end) are still listed, so the numbering has no holes.
    for (const TestResult& test : result.tests) {
      if (reported_.count(Key(test)) == 0) out += RenderTest(test);
    }
    for (const TestResult& test : held_) {
      if (reported_.count(Key(test)) == 0) out += RenderTest(test);
    }
    held_.clear();
    int passed = 0, failed = 0, skipped = 0;
    for (const TestResult& test : result.tests) {
      if (test.skipped) {
        ++skipped;
      } else if (test.passed) {
        ++passed;
      } else {
        ++failed;
      }
    }
    std::string line = fmt::format("{} {}: passed {} of {} test{} in {}",
                                   result.passed ? "✓" : "✗", detail::Printable(result.name),
                                   passed, result.tests.size(), result.tests.size() == 1 ? "" : "s",
                                   detail::DurationText(result.duration));
    std::vector<std::string> notes;
    if (result.setup_failure) notes.push_back("setup failed");
    if (failed > 0) notes.push_back(fmt::format("{} failed", failed));
    if (skipped > 0) notes.push_back(fmt::format("{} skipped", skipped));
    for (std::size_t i = 0; i < notes.size(); ++i) line += (i == 0 ? " (" : ", ") + notes[i];
    if (!notes.empty()) line += ')';
    out += style_.Paint(result.passed ? TextStyle::Tone::Green : TextStyle::Tone::BoldRed, line);
    out += '\n';
    WriteLocked(out);
  }

 private:
  // A test is known by its index; a DSL that leaves indexes at 0 is told apart by name.
  static std::string Key(const TestResult& test) {
    return std::to_string(test.index) + '\n' + test.name;
  }

  std::string RenderTest(const TestResult& test) {
    reported_.insert(Key(test));
    using Tone = TextStyle::Tone;
    const std::string label =
        (test.index > 0 ? std::to_string(test.index) + ". " : std::string()) +
        detail::Printable(test.name);
    std::string out = "  ";
    if (test.skipped) {
      out += style_.Paint(Tone::Dim, "○ " + label + " (skipped: an earlier test failed)");
      out += '\n';
      return out;
    }
    out += test.passed ? style_.Paint(Tone::Green, "✓") : style_.Paint(Tone::Red, "✗");
    out += ' ' + label + ' ';
    out += style_.Paint(Tone::Dim, "(" + detail::DurationText(test.duration) + ")");
    out += '\n';
    if (!test.latencies.empty()) out += detail::LatencyTable(test.latencies, "      ", style_);
    if (!test.passed) {
      if (test.failure) {
        detail::AppendIndented(out, "      ", "      ", FormatFailure(*test.failure, style_));
      } else {
        out += "      " + style_.Paint(Tone::Red, "failed without a report") + "\n";
      }
    }
    return out;
  }

  void Write(const std::string& text) {
    std::lock_guard lock(mutex_);
    WriteLocked(text);
  }

  void WriteLocked(const std::string& text) {
    std::fwrite(text.data(), 1, text.size(), out_);
    std::fflush(out_);
  }

  std::FILE* out_;
  TextStyle style_;
  std::mutex mutex_;
  std::map<std::string, std::string> titles_;
  std::set<std::string> reported_;
  std::vector<TestResult> held_;  // skipped tests, listed when the suite finishes
};

}  // namespace attest
