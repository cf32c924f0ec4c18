// Renders a FailureReport as the text people read when a check fails.
//
// The same text is Failure::what(), the console's failure block and the body of a
// JUnit <failure>, so it is plain and stable (golden tests compare it); colour is an
// optional layer of ANSI codes that the console adds on a terminal.
//
//   std::string text = attest::FormatFailure(report);                 // plain
//   std::string tty = attest::FormatFailure(report, TextStyle::ForStream(stdout));
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "attest/report/detail/text.hpp"
#include "attest/report/results.hpp"

namespace attest {

// Whether output gets ANSI colours, and the few colours attest uses.
struct TextStyle {
  bool color = false;

  enum class Tone { Bold, Dim, Red, BoldRed, Green, Yellow, Cyan };

  static TextStyle Plain() { return TextStyle{}; }

  // Colour only on a terminal, and never when NO_COLOR is set to a non-empty value
  // (https://no-color.org) or TERM is "dumb".
  static TextStyle ForStream(std::FILE* stream) {
    if (stream == nullptr) return Plain();
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color != nullptr && no_color[0] != '\0') return Plain();
    const char* term = std::getenv("TERM");
    if (term != nullptr && std::string_view(term) == "dumb") return Plain();
    const int fd = ::fileno(stream);
    return TextStyle{.color = fd >= 0 && ::isatty(fd) == 1};
  }

  // `text` wrapped in the tone's escape codes, or unchanged without colour.
  std::string Paint(Tone tone, std::string_view text) const {
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
};

// How much of a body the failure text shows. A failing check against an endpoint that
// returns megabytes must still leave a readable report.
inline constexpr std::size_t kMaxBodyBytesShown = 4000;
inline constexpr std::size_t kMaxBodyLinesShown = 60;

namespace detail {

inline bool LooksLikeJson(std::string_view body, std::string_view content_type) {
  if (content_type.find("json") != std::string_view::npos) return true;
  const std::size_t first = body.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && (body[first] == '{' || body[first] == '[');
}

// Cuts `text` after kMaxBodyLinesShown lines or kMaxBodyBytesShown bytes, whichever
// comes first, and says how much was left out.
inline std::string TruncateBody(std::string text) {
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
  text += "... (" + std::to_string(total - cut) + " more bytes not shown, " +
          std::to_string(total) + " in total)";
  return text;
}

}  // namespace detail

// A body as a person wants to read it: JSON (by Content-Type, or an untyped body that
// starts with '{' or '[') re-indented by 2; anything else as sent. Control characters
// and invalid UTF-8 are escaped, and long bodies are cut with a note of how much.
// A body that claims to be JSON but does not parse is shown as it came.
inline std::string PrettyBody(const std::string& body, const std::string& content_type) {
  if (body.empty()) return "(empty)";
  std::string text;
  if (detail::LooksLikeJson(body, content_type)) {
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
inline std::vector<std::string_view> SplitLines(std::string_view text) {
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
inline void AppendField(std::string& out, const TextStyle& style, std::string_view indent,
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
inline void AppendBlock(std::string& out, const TextStyle& style, std::string_view indent,
                        std::string_view label, const std::string& block) {
  out.append(indent);
  out += style.Paint(TextStyle::Tone::Dim, std::string(label) + ":");
  out += '\n';
  AppendIndented(out, std::string(indent) + "  ", std::string(indent) + "  ", block);
}

inline void AppendNode(std::string& out, const TextStyle& style, const NodeOutcome& node) {
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

// The failure as people read it, in this order: title and location; selector, verdict
// and timing; the expectations; the free-text message; per node its request, status,
// transport error, mismatches and body; last the hint. Empty parts are left out.
//
//   PUT /kv/key (kv_test.cpp:42)
//     on: all nodes [n1, n2]
//     result: 1 of 2 nodes passed; all must pass
//     expected: status 200
//
//     n2: PUT http://127.0.0.1:8082/kv/key
//       sent: value
//       status: 500
//       ✗ status: expected 200, got 500
//       body (application/json):
//         {
//           "error": "disk full"
//         }
//
//     hint: Check that your handler stores the value.
inline std::string FormatFailure(const FailureReport& report, const TextStyle& style = {}) {
  using Tone = TextStyle::Tone;
  std::string out;
  std::string head = report.title.empty() ? std::string("check failed")
                                          : detail::Printable(report.title);
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
  if (!report.hint.empty()) {
    out += '\n';
    detail::AppendField(out, style, indent, "hint", report.hint, Tone::Yellow);
  }
  if (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

}  // namespace attest
