// Small text helpers shared by the failure renderer and the reporters: making bytes
// from a server safe to print, indenting blocks, and writing durations the same way
// everywhere (console lines, failure text and JUnit must agree).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "attest/detail/duration_text.hpp"

namespace attest::detail {

// "\x1b": a byte as attest shows bytes that cannot be printed.
inline std::string HexByte(unsigned char byte) {
  static constexpr char kDigits[] = "0123456789abcdef";
  return std::string("\\x") + kDigits[byte >> 4] + kDigits[byte & 0xF];
}

// `text` padded with spaces to `width` columns (counted in bytes), on the right or the
// left: the columns of the latency table.
inline std::string PadRight(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}
inline std::string PadLeft(std::string text, std::size_t width) {
  if (text.size() < width) text.insert(0, width - text.size(), ' ');
  return text;
}

// "1 test" / "3 tests".
inline std::string CountOf(std::size_t count, const std::string& noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

// Length of the valid UTF-8 sequence starting at text[i], or 0 when the bytes there
// are not one (overlong forms, surrogates and code points past U+10FFFF included).
inline std::size_t Utf8SequenceLength(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  std::uint32_t code = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    code = lead & 0x1Fu;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    code = lead & 0x0Fu;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    code = lead & 0x07u;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    code = (code << 6) | (byte(i + k) & 0x3Fu);
  }
  static constexpr std::uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code < kSmallest[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
    return 0;
  }
  return length;
}

// Text from a server may hold escape sequences or binary data that would garble a
// terminal or a CI log: control characters other than newline and tab, DEL and
// invalid UTF-8 bytes are shown as \xNN; carriage returns of CRLF line ends are dropped.
inline std::string Printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      ++i;
      continue;
    }
    if (c == '\n' || c == '\t' || (c >= 0x20 && c < 0x7F)) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    const std::size_t length = c >= 0x80 ? Utf8SequenceLength(text, i) : 0;
    if (length == 0) {
      out += HexByte(c);
      ++i;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

// The largest prefix of `text` no longer than `limit` bytes that does not split a
// UTF-8 sequence.
inline std::size_t Utf8SafeCut(std::string_view text, std::size_t limit) {
  if (limit >= text.size()) return text.size();
  std::size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return cut;
}

// Appends `text` with `first` before its first line and `rest` before every other
// line, so multi-line values stay inside their block. Empty lines stay empty.
inline void AppendIndented(std::string& out, std::string_view first, std::string_view rest,
                           std::string_view text) {
  std::size_t start = 0;
  bool first_line = true;
  while (true) {
    const std::size_t end = text.find('\n', start);
    const std::string_view line = text.substr(start, end == std::string_view::npos ? end : end - start);
    if (!line.empty()) out.append(first_line ? first : rest);  // no trailing blanks
    out.append(line);
    out += '\n';
    first_line = false;
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
}

// Measured durations: see attest/detail/duration_text.hpp.
using attest::detail::DurationText;

}  // namespace attest::detail
