// Renders a FailureReport as the text people read when a check fails.
//
// The same text is Failure::what(), the console's failure block and the body of a
// JUnit <failure>, so it is plain and stable (golden tests compare it); colour is an
// optional layer of ANSI codes that the console adds on a terminal.
//
//   std::string text = attest::FormatFailure(report);                 // plain
//   std::string tty = attest::FormatFailure(report, TextStyle::ForStream(stdout));
#pragma once

#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>

#include "attest/detail/inline.hpp"
#include "attest/report/results.hpp"

namespace attest {

// Whether output gets ANSI colours, and the few colours attest uses.
struct TextStyle {
  bool color = false;

  enum class Tone { Bold, Dim, Red, BoldRed, Green, Yellow, Cyan };

  static TextStyle Plain() { return TextStyle{}; }

  // Colour only on a terminal, and never when NO_COLOR is set to a non-empty value
  // (https://no-color.org) or TERM is "dumb".
  static TextStyle ForStream(std::FILE* stream);

  // `text` wrapped in the tone's escape codes, or unchanged without colour.
  std::string Paint(Tone tone, std::string_view text) const;
};

// How much of a body the failure text shows. A failing check against an endpoint that
// returns megabytes must still leave a readable report.
inline constexpr std::size_t kMaxBodyBytesShown = 4000;
inline constexpr std::size_t kMaxBodyLinesShown = 60;

// A body as a person wants to read it: JSON (by Content-Type, or an untyped body that
// starts with '{' or '[') re-indented by 2; anything else as sent. Control characters
// and invalid UTF-8 are escaped, and long bodies are cut with a note of how much.
// A body that claims to be JSON but does not parse, or nests more than 1000 levels
// deep, is shown as it came.
std::string PrettyBody(const std::string& body, const std::string& content_type);

// The failure as people read it, in this order: title and location; selector, verdict
// and timing; the expectations; the free-text message; per node its request, status,
// transport error, mismatches and body; the nodes' last log lines; last the hint.
// Empty parts are left out.
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
std::string FormatFailure(const FailureReport& report, const TextStyle& style = {});

}  // namespace attest

#if ATTEST_HEADER_ONLY
#include "attest/report/detail/failure_text_inl.hpp"
#endif
