// Definitions of report/junit.hpp.
#pragma once

#include "attest/report/junit.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

#include <unistd.h>

#include "attest/report/detail/text.hpp"

namespace attest {

namespace detail {

// Escapes text for an XML 1.0 attribute (`attribute` true) or element content.
// XML 1.0 cannot carry most control characters at all, not even as character
// references, and a single invalid UTF-8 byte makes the whole document unreadable for
// a CI: those are written as the visible text \xNN instead. In attributes, newlines and
// tabs become character references, or parsers would fold them into spaces.
ATTEST_INLINE std::string XmlEscape(std::string_view text, bool attribute) {
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
          out += HexByte(static_cast<unsigned char>(text[i + k]));
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
          out += HexByte(c);
        } else {
          out += static_cast<char>(c);
        }
    }
    ++i;
  }
  return out;
}

ATTEST_INLINE std::string Seconds(std::chrono::nanoseconds duration) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", static_cast<double>(duration.count()) / 1e9);
  return buffer;
}

ATTEST_INLINE std::string HostName() {
  char buffer[256] = {};
  if (::gethostname(buffer, sizeof buffer - 1) != 0) return "localhost";
  return buffer;
}

ATTEST_INLINE std::string UtcTimestamp(std::chrono::system_clock::time_point when) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
  std::tm parts{};
  ::gmtime_r(&seconds, &parts);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return buffer;
}

}  // namespace detail

ATTEST_INLINE std::string FailureSummary(const FailureReport& report) {
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

ATTEST_INLINE JUnitReporter::JUnitReporter(std::string path, std::string name)
    : path_(std::move(path)), name_(std::move(name)) {
  Write();
}

ATTEST_INLINE void JUnitReporter::SetProperty(const std::string& name, const std::string& value) {
  std::lock_guard lock(mutex_);
  for (auto& property : properties_) {
    if (property.first == name) {
      property.second = value;
      return;
    }
  }
  properties_.emplace_back(name, value);
}

ATTEST_INLINE std::string JUnitReporter::LastWriteError() const {
  std::lock_guard lock(mutex_);
  return last_error_;
}

ATTEST_INLINE std::string JUnitReporter::Xml() const {
  std::lock_guard lock(mutex_);
  return XmlLocked();
}

ATTEST_INLINE void JUnitReporter::Write() {
  std::lock_guard lock(mutex_);
  WriteLocked();
}

ATTEST_INLINE void JUnitReporter::SuiteStarting(const std::string& suite_name, int) {
  std::lock_guard lock(mutex_);
  Suite suite;
  suite.name = suite_name;
  suite.started = std::chrono::system_clock::now();
  suite.properties = properties_;
  suite.events = std::move(pending_events_);
  pending_events_.clear();
  current_ = std::move(suite);
}

ATTEST_INLINE void JUnitReporter::Event(const std::string& text) {
  std::lock_guard lock(mutex_);
  (current_ ? current_->events : pending_events_).push_back(text);
}

ATTEST_INLINE void JUnitReporter::TestStarting(int, const std::string&) {}

ATTEST_INLINE void JUnitReporter::TestFinished(const TestResult&) {
  // The suite's result carries every test; it is written when the suite finishes.
}

ATTEST_INLINE void JUnitReporter::SuiteFinished(const SuiteResult& result) {
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

ATTEST_INLINE JUnitReporter::Counts JUnitReporter::CountsOf(const SuiteResult& result) {
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

// ' tests="3" failures="1" errors="0" skipped="1"'
ATTEST_INLINE std::string JUnitReporter::CountAttributes(const Counts& counts) {
  return " tests=\"" + std::to_string(counts.tests) + "\" failures=\"" + std::to_string(counts.failures) +
         "\" errors=\"" + std::to_string(counts.errors) + "\" skipped=\"" + std::to_string(counts.skipped) +
         "\"";
}

ATTEST_INLINE void JUnitReporter::AppendFailure(std::string& out, const char* element, const char* type,
                                                const FailureReport& report) {
  using detail::XmlEscape;
  out += std::string("      <") + element + " message=\"" + XmlEscape(FailureSummary(report), true) +
         "\" type=\"" + type + "\">" + XmlEscape(FormatFailure(report, TextStyle::Plain()), false) + "</" +
         element + ">\n";
}

ATTEST_INLINE void JUnitReporter::AppendSuite(std::string& out, const Suite& suite) {
  using detail::XmlEscape;
  const SuiteResult& result = suite.result;
  const std::string name = result.name.empty() ? suite.name : result.name;
  const Counts counts = CountsOf(result);
  out += "  <testsuite name=\"" + XmlEscape(name, true) + "\"" + CountAttributes(counts) + " time=\"" +
         detail::Seconds(result.duration) + "\" timestamp=\"" + detail::UtcTimestamp(suite.started) +
         "\" hostname=\"" + XmlEscape(detail::HostName(), true) + "\">\n";
  if (!suite.properties.empty()) {
    out += "    <properties>\n";
    for (const auto& [key, value] : suite.properties) {
      out += "      <property name=\"" + XmlEscape(key, true) + "\" value=\"" + XmlEscape(value, true) +
             "\"/>\n";
    }
    out += "    </properties>\n";
  }
  if (result.setup_failure) {
    out += "    <testcase name=\"(setup)\" classname=\"" + XmlEscape(name, true) + "\" time=\"0.000\">\n";
    AppendFailure(out, "error", "attest.SetupFailure", *result.setup_failure);
    out += "    </testcase>\n";
  }
  for (const TestResult& test : result.tests) {
    out += "    <testcase name=\"" + XmlEscape(test.name, true) + "\" classname=\"" + XmlEscape(name, true) +
           "\" time=\"" + detail::Seconds(test.duration) + "\"";
    if (test.passed && !test.skipped) {
      out += "/>\n";
      continue;
    }
    out += ">\n";
    if (test.skipped) {
      const std::string why = !result.skipped_reason.empty() ? result.skipped_reason
                              : !test.skip_reason.empty()    ? test.skip_reason
                                                             : "an earlier test failed";
      out += "      <skipped message=\"" + XmlEscape("not run: " + why, true) + "\"/>\n";
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

ATTEST_INLINE std::string JUnitReporter::XmlLocked() const {
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
  out += "<testsuites name=\"" + detail::XmlEscape(name_, true) + "\"" + CountAttributes(total) + " time=\"" +
         detail::Seconds(duration) + "\"";
  if (suites_.empty()) return out + "/>\n";
  out += ">\n";
  for (const Suite& suite : suites_) AppendSuite(out, suite);
  out += "</testsuites>\n";
  return out;
}

ATTEST_INLINE void JUnitReporter::WriteLocked() {
  const std::string xml = XmlLocked();
  const std::string temporary = path_ + ".tmp";
  auto fail = [&](const std::string& what, int error_number) {
    std::remove(temporary.c_str());
    throw Error("cannot write the JUnit report to \"" + path_ + "\": " + what + ": " +
                std::strerror(error_number));
  };
  std::FILE* file = std::fopen(temporary.c_str(), "wb");
  if (file == nullptr) fail("cannot create " + temporary, errno);
  const bool written = std::fwrite(xml.data(), 1, xml.size(), file) == xml.size();
  const int write_errno = errno;
  if (std::fclose(file) != 0 || !written) fail("write failed", written ? errno : write_errno);
  if (std::rename(temporary.c_str(), path_.c_str()) != 0) fail("rename failed", errno);
}

}  // namespace attest
