// The text helpers every report shares: safe printing of server bytes, durations.
#include <chrono>
#include <string>

#include "attest/report/detail/text.hpp"
#include "support/catch.hpp"

using namespace std::chrono_literals;
using attest::detail::DurationText;
using attest::detail::Printable;

TEST_CASE("Printable keeps text, newlines, tabs and valid UTF-8", "[report][text]") {
  CHECK(Printable("plain text") == "plain text");
  CHECK(Printable("a\n\tb") == "a\n\tb");
  CHECK(Printable("Grüße ✓ 😀") == "Grüße ✓ 😀");
}

TEST_CASE("Printable escapes what would garble a terminal", "[report][text]") {
  CHECK(Printable("red \x1b[31m") == "red \\x1b[31m");
  CHECK(Printable(std::string("nul\0byte", 8)) == "nul\\x00byte");
  CHECK(Printable("del\x7f") == "del\\x7f");
  CHECK(Printable("bell\a") == "bell\\x07");
}

TEST_CASE("Printable escapes invalid UTF-8 byte by byte", "[report][text]") {
  CHECK(Printable("\xff\xfe") == "\\xff\\xfe");
  CHECK(Printable("cut \xe2\x9c") == "cut \\xe2\\x9c");            // a truncated sequence
  CHECK(Printable("\xc0\xaf") == "\\xc0\\xaf");                    // overlong '/'
  CHECK(Printable("\xed\xa0\x80") == "\\xed\\xa0\\x80");           // a UTF-16 surrogate
  CHECK(Printable("\xf4\x90\x80\x80") == "\\xf4\\x90\\x80\\x80");  // past U+10FFFF
}

TEST_CASE("Printable drops the CR of CRLF but shows a lone CR", "[report][text]") {
  CHECK(Printable("a\r\nb\r\n") == "a\nb\n");
  CHECK(Printable("progress\rdone") == "progress\\x0ddone");
}

TEST_CASE("Utf8SafeCut never splits a character", "[report][text]") {
  const std::string text = "ab✓cd";  // ✓ is 3 bytes at offsets 2..4
  CHECK(attest::detail::Utf8SafeCut(text, 2) == 2);
  CHECK(attest::detail::Utf8SafeCut(text, 3) == 2);
  CHECK(attest::detail::Utf8SafeCut(text, 4) == 2);
  CHECK(attest::detail::Utf8SafeCut(text, 5) == 5);
  CHECK(attest::detail::Utf8SafeCut(text, 100) == text.size());
}

TEST_CASE("AppendIndented indents every line of a block", "[report][text]") {
  std::string out;
  attest::detail::AppendIndented(out, "- ", "  ", "one\ntwo\n");
  CHECK(out == "- one\n  two\n\n");
}

TEST_CASE("DurationText picks a readable unit", "[report][text]") {
  CHECK(DurationText(0ns) == "0ns");
  CHECK(DurationText(850ns) == "850ns");
  CHECK(DurationText(420us) == "420us");
  CHECK(DurationText(3500us) == "3.5ms");
  CHECK(DurationText(12ms) == "12ms");
  CHECK(DurationText(999ms) == "999ms");
  CHECK(DurationText(1250ms) == "1.25s");
  CHECK(DurationText(59s) == "59.00s");
  CHECK(DurationText(125s) == "2m05s");
  CHECK(DurationText(-3ms) == "-3.0ms");
}
