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

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <unistd.h>

#include <fmt/format.h>

#include "attest/error.hpp"
#include "attest/report/detail/text.hpp"
#include "attest/report/failure_text.hpp"
#include "attest/report/reporter.hpp"
#include "attest/report/results.hpp"

namespace attest {

namespace detail {

// Escapes text for an XML 1.0 attribute (`attribute` true) or element content.
// XML 1.0 cannot carry most control characters at all, not even as character
// references, and a single invalid UTF-8 byte makes the whole document unreadable for
// a CI: those are written as the visible text \xNN instead. In attributes, newlines and
// tabs become character references, or parsers would fold them into spaces.
inline std::string XmlEscape(std::string_view text, bool attribute) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      const std::size_t length = Utf8SequenceLength(text, i);
      // U+FFFE and U+FFFF are not XML characters either.
      const bool non_character = length == 3 && c == 0xEF &&
                                 static_cast<unsigned char>(text[i + 1]) == 0xBF &&
                                 static_cast<unsigned char>(text[i + 2]) >= 0xBE;
      if (length == 0 || non_character) {
        for (std::size_t k = 0; k < std::max<std::size_t>(length, 1); ++k) {
          out += fmt::format("\\x{:02x}", static_cast<unsigned char>(text[i + k]));
        }
        i += std::max<std::size_t>(length, 1);
      } else {
        out.append(text.substr(i, length));
        i += length;
      }
      continue;
    }
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += attribute ? "&quot;" : "\""; break;
      case '\'': out += attribute ? "&apos;" : "'"; break;
      case '\n': out += attribute ? "&#10;" : "\n"; break;
      case '\t': out += attribute ? "&#9;" : "\t"; break;
      case '\r': out += "&#13;"; break;
      default:
        if (c < 0x20 || c == 0x7F) {
          out += fmt::format("\\x{:02x}", c);
        } else {
          out += static_cast<char>(c);
        }
    }
    ++i;
  }
  return out;
}

inline std::string Seconds(std::chrono::nanoseconds duration) {
  return fmt::format("{:.3f}", static_cast<double>(duration.count()) / 1e9);
}

inline std::string HostName() {
  char buffer[256] = {};
  if (::gethostname(buffer, sizeof buffer - 1) != 0) return "localhost";
  return buffer;
}

inline std::string UtcTimestamp(std::chrono::system_clock::time_point when) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
  std::tm parts{};
  ::gmtime_r(&seconds, &parts);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return buffer;
}

}  // namespace detail

// One line for a <failure message="...">: what was checked and the first thing that
// went wrong, e.g. "GET /kv/key: n1: status: expected 200, got 404".
inline std::string FailureSummary(const FailureReport& report) {
  std::string summary = report.title.empty() ? std::string("check failed") : report.title;
  std::string cause;
  for (const NodeOutcome& node : report.nodes) {
    if (node.passed) continue;
    if (!node.transport_error.empty()) {
      cause = node.node + ": " + node.transport_error;
    } else if (!node.mismatches.empty()) {
      cause = node.node + ": " + node.mismatches.front();
    }
    if (!cause.empty()) break;
  }
  if (cause.empty()) cause = !report.message.empty() ? report.message : report.verdict;
  if (cause.empty() && !report.timing.empty()) cause = report.timing;
  if (!cause.empty()) summary += ": " + cause.substr(0, cause.find('\n'));
  return summary;
}

class JUnitReporter : public Reporter {
 public:
  // Writes an empty report to `path` at once, so a path that cannot be written is
  // found before any test runs; throws attest::Error naming the path and the reason.
  explicit JUnitReporter(std::string path, std::string name = "attest")
      : path_(std::move(path)), name_(std::move(name)) {
    Write();
  }

  // A <property> of every suite that starts from now on (the runner records the
  // challenge, the stage title and the backend); setting a name again replaces it.
  void SetProperty(const std::string& name, const std::string& value) {
    std::lock_guard lock(mutex_);
    for (auto& property : properties_) {
      if (property.first == name) {
        property.second = value;
        return;
      }
    }
    properties_.emplace_back(name, value);
  }

  const std::string& Path() const noexcept { return path_; }

  // The error of the last write that failed during a run (reporters must not throw
  // into the suite); empty when every write succeeded.
  std::string LastWriteError() const {
    std::lock_guard lock(mutex_);
    return last_error_;
  }

  // The document as it stands.
  std::string Xml() const {
    std::lock_guard lock(mutex_);
    return XmlLocked();
  }

  // Writes the document to the path (through a temporary file and a rename, so
  // readers never see half a report). Throws attest::Error naming the path.
  void Write() {
    std::lock_guard lock(mutex_);
    WriteLocked();
  }

  void SuiteStarting(const std::string& suite_name, int) override {
    std::lock_guard lock(mutex_);
    Suite suite;
    suite.name = suite_name;
    suite.started = std::chrono::system_clock::now();
    suite.properties = properties_;
    suite.events = std::move(pending_events_);
    pending_events_.clear();
    current_ = std::move(suite);
  }

  void Event(const std::string& text) override {
    std::lock_guard lock(mutex_);
    (current_ ? current_->events : pending_events_).push_back(text);
  }

  void TestStarting(int, const std::string&) override {}
  void TestFinished(const TestResult&) override {
    // The suite's result carries every test; it is written when the suite finishes.
  }

  void SuiteFinished(const SuiteResult& result) override {
    std::lock_guard lock(mutex_);
    Suite suite = current_ ? std::move(*current_) : Suite{};
    current_.reset();
    if (suite.name.empty()) {
      suite.started = std::chrono::system_clock::now();
      suite.properties = properties_;
    }
    suite.result = result;
    suites_.push_back(std::move(suite));
    try {
      WriteLocked();
      last_error_.clear();
    } catch (const Error& error) {
      last_error_ = error.what();
    }
  }

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

  static Counts CountsOf(const SuiteResult& result) {
    Counts counts;
    counts.tests = result.tests.size() + (result.setup_failure ? 1 : 0);
    counts.errors = result.setup_failure ? 1 : 0;
    for (const TestResult& test : result.tests) {
      if (test.skipped) {
        ++counts.skipped;
      } else if (!test.passed) {
        ++counts.failures;
      }
    }
    return counts;
  }

  static void AppendFailure(std::string& out, const char* element, const char* type,
                            const FailureReport& report) {
    using detail::XmlEscape;
    out += fmt::format("      <{} message=\"{}\" type=\"{}\">{}</{}>\n", element,
                       XmlEscape(FailureSummary(report), true), type,
                       XmlEscape(FormatFailure(report, TextStyle::Plain()), false), element);
  }

  static void AppendSuite(std::string& out, const Suite& suite) {
    using detail::XmlEscape;
    const SuiteResult& result = suite.result;
    const std::string name = result.name.empty() ? suite.name : result.name;
    const Counts counts = CountsOf(result);
    out += fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" "
        "time=\"{}\" timestamp=\"{}\" hostname=\"{}\">\n",
        XmlEscape(name, true), counts.tests, counts.failures, counts.errors, counts.skipped,
        detail::Seconds(result.duration), detail::UtcTimestamp(suite.started),
        XmlEscape(detail::HostName(), true));
    if (!suite.properties.empty()) {
      out += "    <properties>\n";
      for (const auto& [key, value] : suite.properties) {
        out += fmt::format("      <property name=\"{}\" value=\"{}\"/>\n", XmlEscape(key, true),
                           XmlEscape(value, true));
      }
      out += "    </properties>\n";
    }
    if (result.setup_failure) {
      out += fmt::format("    <testcase name=\"(setup)\" classname=\"{}\" time=\"0.000\">\n",
                         XmlEscape(name, true));
      AppendFailure(out, "error", "attest.SetupFailure", *result.setup_failure);
      out += "    </testcase>\n";
    }
    for (const TestResult& test : result.tests) {
      out += fmt::format("    <testcase name=\"{}\" classname=\"{}\" time=\"{}\"",
                         XmlEscape(test.name, true), XmlEscape(name, true),
                         detail::Seconds(test.duration));
      if (test.passed && !test.skipped) {
        out += "/>\n";
        continue;
      }
      out += ">\n";
      if (test.skipped) {
        out += "      <skipped message=\"not run: an earlier test failed\"/>\n";
      } else if (test.failure) {
        AppendFailure(out, "failure", "attest.Failure", *test.failure);
      } else {
        out += "      <failure message=\"failed without a report\" type=\"attest.Failure\"/>\n";
      }
      out += "    </testcase>\n";
    }
    if (!suite.events.empty()) {
      std::string events;
      for (const std::string& event : suite.events) events += event + "\n";
      out += "    <system-out>" + XmlEscape(events, false) + "</system-out>\n";
    }
    out += "  </testsuite>\n";
  }

  std::string XmlLocked() const {
    Counts total;
    std::chrono::nanoseconds duration{};
    for (const Suite& suite : suites_) {
      const Counts counts = CountsOf(suite.result);
      total.tests += counts.tests;
      total.failures += counts.failures;
      total.errors += counts.errors;
      total.skipped += counts.skipped;
      duration += suite.result.duration;
    }
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += fmt::format(
        "<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" "
        "time=\"{}\"",
        detail::XmlEscape(name_, true), total.tests, total.failures, total.errors, total.skipped,
        detail::Seconds(duration));
    if (suites_.empty()) return out + "/>\n";
    out += ">\n";
    for (const Suite& suite : suites_) AppendSuite(out, suite);
    out += "</testsuites>\n";
    return out;
  }

  void WriteLocked() {
    const std::string xml = XmlLocked();
    const std::string temporary = path_ + ".tmp";
    auto fail = [&](const std::string& what, int error_number) {
      std::remove(temporary.c_str());
      throw Error(fmt::format("cannot write the JUnit report to \"{}\": {}: {}", path_, what,
                              std::strerror(error_number)));
    };
    std::FILE* file = std::fopen(temporary.c_str(), "wb");
    if (file == nullptr) fail("cannot create " + temporary, errno);
    const bool written = std::fwrite(xml.data(), 1, xml.size(), file) == xml.size();
    const int write_errno = errno;
    if (std::fclose(file) != 0 || !written) fail("write failed", written ? errno : write_errno);
    if (std::rename(temporary.c_str(), path_.c_str()) != 0) fail("rename failed", errno);
  }

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
