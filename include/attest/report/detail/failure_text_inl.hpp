// Definitions of report/failure_text.hpp.
#pragma once

#include "attest/report/failure_text.hpp"

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <vector>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "attest/report/detail/json_depth.hpp"
#include "attest/report/detail/text.hpp"

namespace attest {

ATTEST_INLINE TextStyle TextStyle::ForStream(std::FILE* stream) {
  if (stream == nullptr) return Plain();
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && no_color[0] != '\0') return Plain();
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::string_view(term) == "dumb") return Plain();
  const int fd = ::fileno(stream);
  return TextStyle{.color = fd >= 0 && ::isatty(fd) == 1};
}

ATTEST_INLINE std::string TextStyle::Paint(Tone tone, std::string_view text) const {
  if (!color || text.empty()) return std::string(text);
  const char* code = "";
  switch (tone) {
    case Tone::Bold: code = "\x1b[1m"; break;
    case Tone::Dim: code = "\x1b[2m"; break;
    case Tone::Red: code = "\x1b[31m"; break;
    case Tone::BoldRed: code = "\x1b[1;31m"; break;
    case Tone::Green: code = "\x1b[32m"; break;
    case Tone::Yellow: code = "\x1b[33m"; break;
    case Tone::Cyan: code = "\x1b[36m"; break;
  }
  std::string out = code;
  out.append(text);
  out += "\x1b[0m";
  return out;
}

namespace detail {

ATTEST_INLINE bool LooksLikeJson(std::string_view body, std::string_view content_type) {
  if (content_type.find("json") != std::string_view::npos) return true;
  const std::size_t first = body.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && (body[first] == '{' || body[first] == '[');
}

// Cuts `text` after kMaxBodyLinesShown lines or kMaxBodyBytesShown bytes, whichever
// comes first, and says how much was left out.
ATTEST_INLINE std::string TruncateBody(std::string text) {
  std::size_t cut = detail::Utf8SafeCut(text, kMaxBodyBytesShown);
  std::size_t newlines = 0;
  for (std::size_t i = 0; i < cut; ++i) {
    if (text[i] == '\n' && ++newlines == kMaxBodyLinesShown) {
      cut = i;
      break;
    }
  }
  if (cut >= text.size()) return text;
  const std::size_t total = text.size();
  text.resize(cut);
  if (!text.empty() && text.back() != '\n') text += '\n';
  text += "... (" + std::to_string(total - cut) + " more bytes not shown, " + std::to_string(total) +
          " in total)";
  return text;
}

}  // namespace detail

ATTEST_INLINE std::string PrettyBody(const std::string& body, const std::string& content_type) {
  if (body.empty()) return "(empty)";
  std::string text;
  // Too deep to re-indent safely (dump() recurses per level): shown as it came.
  if (detail::LooksLikeJson(body, content_type) &&
      !detail::JsonNestsDeeperThan(body, detail::kMaxJsonDepth)) {
    const auto parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_discarded()) {
      text = parsed.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    }
  }
  if (text.empty()) {
    text = body;
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    if (text.empty()) text = body;  // only line ends: show them (escaped) rather than nothing
  }
  return detail::TruncateBody(detail::Printable(text));
}

namespace detail {

// The lines of `text` (one empty line for empty text).
ATTEST_INLINE std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      lines.push_back(text.substr(start));
      return lines;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
}

// "label: value", continuation lines aligned under the value; with `tone`, every line
// of the value is painted (ANSI codes must not span a line break: pagers and CI logs
// handle each line on its own).
ATTEST_INLINE void AppendField(std::string& out, const TextStyle& style, std::string_view indent,
                               std::string_view label, std::string_view value,
                               std::optional<TextStyle::Tone> tone = std::nullopt) {
  const std::string printable = Printable(value);
  const std::string rest(indent.size() + label.size() + 2, ' ');
  bool first = true;
  for (std::string_view line : SplitLines(printable)) {
    if (first) {
      out.append(indent);
      out += style.Paint(TextStyle::Tone::Dim, std::string(label) + ":");
      out += ' ';
    } else {
      out += rest;
    }
    out += tone ? style.Paint(*tone, line) : std::string(line);
    out += '\n';
    first = false;
  }
}

// A block of text (a body) under a label line, indented one level deeper.
ATTEST_INLINE void AppendBlock(std::string& out, const TextStyle& style, std::string_view indent,
                               std::string_view label, const std::string& block) {
  out.append(indent);
  out += style.Paint(TextStyle::Tone::Dim, std::string(label) + ":");
  out += '\n';
  AppendIndented(out, std::string(indent) + "  ", std::string(indent) + "  ", block);
}

ATTEST_INLINE void AppendNode(std::string& out, const TextStyle& style, const NodeOutcome& node) {
  using Tone = TextStyle::Tone;
  const std::string name = node.node.empty() ? std::string("node") : Printable(node.node);
  if (node.passed) {
    out += "  " + style.Paint(Tone::Green, name + ": passed");
    if (!node.request.empty()) out += ": " + Printable(node.request);
    if (node.status) out += " -> " + std::to_string(*node.status);
    out += '\n';
    return;
  }
  out += "  " + style.Paint(Tone::Bold, name + ":");
  if (!node.request.empty()) out += " " + Printable(node.request);
  out += '\n';
  const std::string_view indent = "    ";
  if (!node.request_body.empty()) {
    const std::string sent = PrettyBody(node.request_body, "");
    if (sent.find('\n') == std::string::npos && sent.size() <= 80) {
      AppendField(out, style, indent, "sent", sent);
    } else {
      AppendBlock(out, style, indent, "sent", sent);
    }
  }
  if (node.status) AppendField(out, style, indent, "status", std::to_string(*node.status));
  if (!node.transport_error.empty()) {
    AppendField(out, style, indent, "error", node.transport_error, Tone::Red);
  }
  if (!node.status && node.transport_error.empty()) {
    AppendField(out, style, indent, "status", "no response");
  }
  for (const std::string& mismatch : node.mismatches) {
    const std::string printable = Printable(mismatch);
    bool first = true;
    for (std::string_view line : SplitLines(printable)) {
      out.append(indent);
      out += style.Paint(Tone::Red, (first ? "✗ " : "  ") + std::string(line));
      out += '\n';
      first = false;
    }
  }
  if (node.status) {
    std::string label = "body";
    if (!node.content_type.empty()) label += " (" + Printable(node.content_type) + ")";
    const std::string body = PrettyBody(node.body, node.content_type);
    if (node.body.empty()) {
      AppendField(out, style, indent, label, body);
    } else {
      AppendBlock(out, style, indent, label, body);
    }
  }
}

}  // namespace detail

ATTEST_INLINE std::string FormatFailure(const FailureReport& report, const TextStyle& style) {
  using Tone = TextStyle::Tone;
  std::string out;
  std::string head = report.title.empty() ? std::string("check failed") : detail::Printable(report.title);
  out += style.Paint(Tone::BoldRed, head);
  if (!report.location.empty()) {
    out += ' ' + style.Paint(Tone::Dim, "(" + detail::Printable(report.location) + ")");
  }
  out += '\n';
  const std::string_view indent = "  ";
  if (!report.selector.empty()) detail::AppendField(out, style, indent, "on", report.selector);
  if (!report.verdict.empty()) {
    detail::AppendField(out, style, indent, "result", report.verdict);
  }
  if (!report.timing.empty()) detail::AppendField(out, style, indent, "timing", report.timing);
  if (report.expectations.size() == 1) {
    detail::AppendField(out, style, indent, "expected", report.expectations.front());
  } else if (report.expectations.size() > 1) {
    out += "  " + style.Paint(Tone::Dim, "expected:") + '\n';
    for (const std::string& expectation : report.expectations) {
      detail::AppendIndented(out, "    ", "      ", detail::Printable(expectation));
    }
  }
  if (!report.message.empty()) {
    detail::AppendIndented(out, "  ", "  ", detail::Printable(report.message));
  }
  for (const NodeOutcome& node : report.nodes) {
    out += '\n';
    detail::AppendNode(out, style, node);
  }
  for (const NodeLog& log : report.node_logs) {
    out += '\n';
    out += "  " + style.Paint(Tone::Dim, "log of " + detail::Printable(log.node) + " (last " +
                                             std::to_string(log.lines.size()) +
                                             (log.lines.size() == 1 ? " line):" : " lines):"));
    out += '\n';
    for (const std::string& line : log.lines) out += "    " + detail::Printable(line) + '\n';
  }
  if (!report.hint.empty()) {
    out += '\n';
    detail::AppendField(out, style, indent, "hint", report.hint, Tone::Yellow);
  }
  if (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

}  // namespace attest
