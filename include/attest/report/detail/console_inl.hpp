// Definitions of report/console.hpp.
#pragma once

#include "attest/report/console.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "attest/report/detail/text.hpp"

namespace attest {

namespace detail {

// The per-node latency table printed after a test that used Concurrently.
// At least 10 requests and most of them in the delayed-ACK band: a server on loopback
// answers in well under a millisecond otherwise.
ATTEST_INLINE bool LooksLikeDelayedAcks(const LatencyRow& row) {
  return row.requests >= 10 && row.delayed_ack_requests * 2 > row.requests;
}

ATTEST_INLINE std::string LatencyTable(const std::vector<LatencyRow>& rows, std::string_view indent,
                                       const TextStyle& style) {
  std::size_t name_width = 4;
  for (const LatencyRow& row : rows) name_width = std::max(name_width, row.node.size());
  std::string out;
  out += indent;
  out += style.Paint(TextStyle::Tone::Dim, PadRight("node", name_width) + "  " + PadLeft("requests", 8) +
                                               "  " + PadLeft("p50", 7) + "  " + PadLeft("p95", 7) + "  " +
                                               PadLeft("p99", 7) + "  " + PadLeft("max", 7));
  out += '\n';
  for (const LatencyRow& row : rows) {
    out += indent;
    out += PadRight(Printable(row.node), name_width) + "  " + PadLeft(std::to_string(row.requests), 8) +
           "  " + PadLeft(DurationText(row.p50), 7) + "  " + PadLeft(DurationText(row.p95), 7) + "  " +
           PadLeft(DurationText(row.p99), 7) + "  " + PadLeft(DurationText(row.max), 7);
    out += '\n';
  }
  for (const LatencyRow& row : rows) {
    if (!LooksLikeDelayedAcks(row)) continue;
    const std::string lines[] = {
        "note: " + std::to_string(row.delayed_ack_requests) + " of " + std::to_string(row.requests) +
            " requests to " + Printable(row.node) + " took 38-50ms, the delayed-ACK pattern:",
        "the server writes each response in two pieces with Nagle's algorithm on, and the",
        "second waits 40ms for the client's ACK. Set TCP_NODELAY on the server's sockets",
        "(or write each response at once); see docs/testing-your-own-server.md.",
    };
    for (const std::string& line : lines) {
      out += indent;
      out += style.Paint(TextStyle::Tone::Yellow, line);
      out += '\n';
    }
  }
  return out;
}

}  // namespace detail

ATTEST_INLINE void ConsoleReporter::SetSuiteTitle(const std::string& suite_name, const std::string& title) {
  std::lock_guard lock(mutex_);
  titles_[suite_name] = title;
}

ATTEST_INLINE void ConsoleReporter::Heading(const std::string& text) {
  Write(style_.Paint(TextStyle::Tone::Bold, detail::Printable(text)) + "\n");
}

ATTEST_INLINE void ConsoleReporter::SuiteStarting(const std::string& suite_name, int tests) {
  std::lock_guard lock(mutex_);
  reported_.clear();
  held_.clear();
  std::string line = "● " + detail::Printable(suite_name);
  if (const auto title = titles_.find(suite_name); title != titles_.end()) {
    line += ": " + detail::Printable(title->second);
  }
  line += " (" + detail::CountOf(static_cast<std::size_t>(tests), "test") + ")";
  WriteLocked(style_.Paint(TextStyle::Tone::Bold, line) + "\n");
}

ATTEST_INLINE void ConsoleReporter::Event(const std::string& text) {
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

ATTEST_INLINE void ConsoleReporter::TestStarting(int, const std::string&) {
  // Nothing yet: the line is printed once, when the test finishes, with its outcome.
}

ATTEST_INLINE void ConsoleReporter::TestFinished(const TestResult& result) {
  std::lock_guard lock(mutex_);
  // Skipped tests are not progress: they are listed with the suite's end, after a
  // setup failure that caused them rather than before it.
  if (result.skipped) {
    held_.push_back(result);
    return;
  }
  WriteLocked(RenderTest(result));
}

ATTEST_INLINE void ConsoleReporter::SuiteFinished(const SuiteResult& result) {
  std::lock_guard lock(mutex_);
  std::string out;
  if (result.setup_failure) {
    out += "  " + style_.Paint(TextStyle::Tone::Red, "✗ setup failed") + "\n";
    detail::AppendIndented(out, "      ", "      ", FormatFailure(*result.setup_failure, style_));
  }
  if (!result.skipped_reason.empty()) {
    out +=
        "  " + style_.Paint(TextStyle::Tone::Yellow, "○ skipped: this machine cannot run the suite") + "\n";
    detail::AppendIndented(out, "      ", "      ", detail::Printable(result.skipped_reason));
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
  const bool all_skipped = !result.skipped_reason.empty();
  std::string line = std::string(result.passed ? "✓"
                                 : all_skipped ? "○"
                                               : "✗") +
                     " " + detail::Printable(result.name) + ": passed " + std::to_string(passed) + " of " +
                     detail::CountOf(result.tests.size(), "test") + " in " +
                     detail::DurationText(result.duration);
  std::vector<std::string> notes;
  if (result.setup_failure) notes.push_back("setup failed");
  if (failed > 0) notes.push_back(std::to_string(failed) + " failed");
  if (skipped > 0) notes.push_back(std::to_string(skipped) + " skipped");
  for (std::size_t i = 0; i < notes.size(); ++i) line += (i == 0 ? " (" : ", ") + notes[i];
  if (!notes.empty()) line += ')';
  out += style_.Paint(result.passed ? TextStyle::Tone::Green
                      : all_skipped ? TextStyle::Tone::Yellow
                                    : TextStyle::Tone::BoldRed,
                      line);
  out += '\n';
  WriteLocked(out);
}

ATTEST_INLINE std::string ConsoleReporter::Key(const TestResult& test) {
  return std::to_string(test.index) + '\n' + test.name;
}

ATTEST_INLINE std::string ConsoleReporter::RenderTest(const TestResult& test) {
  reported_.insert(Key(test));
  using Tone = TextStyle::Tone;
  const std::string label =
      (test.index > 0 ? std::to_string(test.index) + ". " : std::string()) + detail::Printable(test.name);
  std::string out = "  ";
  if (test.skipped) {
    out += style_.Paint(Tone::Dim,
                        "○ " + label + " (skipped: " +
                            (test.skip_reason.empty() ? "an earlier test failed" : test.skip_reason) + ")");
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

ATTEST_INLINE void ConsoleReporter::Write(const std::string& text) {
  std::lock_guard lock(mutex_);
  WriteLocked(text);
}

ATTEST_INLINE void ConsoleReporter::WriteLocked(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), out_);
  std::fflush(out_);
}

}  // namespace attest
