// How matchers render values in descriptions and failure reasons.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace attest::detail {

// Compact JSON. Bodies are arbitrary bytes, so invalid UTF-8 is replaced (U+FFFD) rather
// than letting nlohmann throw in the middle of building a failure message.
inline std::string CompactJson(const nlohmann::json& value) {
  // An integer is what dump() writes, without the serializer it sets up: Is(200) is
  // described on every check that is built.
  if (value.is_number_unsigned()) return std::to_string(value.get<std::uint64_t>());
  if (value.is_number_integer()) return std::to_string(value.get<std::int64_t>());
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// A string needs quotes when, printed plain, a reader could not see where it begins
// and ends or what it holds: empty, edge spaces, or control characters ("ok\n").
inline bool NeedsQuotes(const std::string& text) {
  if (text.empty() || text.front() == ' ' || text.back() == ' ') return true;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) return true;
  }
  return false;
}

// Control characters as escapes ("\n", "\t", "\x1b"), so a pattern written as
// "^ok\n?$" describes itself on one line, the way it was written.
inline std::string EscapeControl(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (byte < 0x20 || byte == 0x7f) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    } else {
      out += c;
    }
  }
  return out;
}

// For "got ..." and descriptions: strings plain when that is unambiguous.
inline std::string DescribeJson(const nlohmann::json& value) {
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (!NeedsQuotes(text)) return text;
  }
  return CompactJson(value);
}

// The text a regular expression is matched against: strings raw, others compact JSON.
inline std::string MatchText(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  return CompactJson(value);
}

// "a number", "an object", ... for type-mismatch reasons.
inline const char* KindName(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null: return "null";
    case nlohmann::json::value_t::boolean: return "a boolean";
    case nlohmann::json::value_t::string: return "a string";
    case nlohmann::json::value_t::array: return "an array";
    case nlohmann::json::value_t::object: return "an object";
    case nlohmann::json::value_t::binary: return "binary data";
    case nlohmann::json::value_t::discarded: return "a discarded value";
    default: return "a number";
  }
}

}  // namespace attest::detail
