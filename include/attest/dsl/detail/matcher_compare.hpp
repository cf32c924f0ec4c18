// Typed comparisons behind Is, GreaterThan, LessThan, Contains and OneOf.
//
// Numbers compare as numbers whatever their JSON representation (200 == 200.0), and a
// string that is wholly a number ("12", "-3.5", "1e3") stands for that number, because
// status codes arrive as numbers, bodies and headers as strings, and suites ported from
// the Go original wrote numbers as strings (Is("1"), GreaterThan("3")).
#pragma once

#include <charconv>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include <nlohmann/json.hpp>

#include "attest/dsl/detail/matcher_text.hpp"

namespace attest::detail {

// The number a string spells, or nullopt. Only what std::from_chars accepts for the
// whole string counts: not "", " 1", "+1", "0x10", "12abc", and not "inf" or "nan"
// (from_chars would take those, but a body saying "nan" is not a number to a tester).
inline std::optional<nlohmann::json> ParseNumericText(std::string_view text) {
  if (text.empty()) return std::nullopt;
  for (const char c : text) {
    const bool allowed = (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
    if (!allowed) return std::nullopt;
  }
  const char* begin = text.data();
  const char* end = begin + text.size();
  const auto whole = [&](auto& value) {
    const auto [stop, error] = std::from_chars(begin, end, value);
    return error == std::errc{} && stop == end;
  };
  // Integers first so that large values keep every digit.
  if (std::int64_t signed_value = 0; whole(signed_value)) return nlohmann::json(signed_value);
  if (std::uint64_t unsigned_value = 0; whole(unsigned_value)) {
    return nlohmann::json(unsigned_value);
  }
  if (double floating = 0; whole(floating)) return nlohmann::json(floating);
  return std::nullopt;
}

// The value as a number: itself if it is one, the number a numeric string spells.
inline std::optional<nlohmann::json> AsNumber(const nlohmann::json& value) {
  if (value.is_number()) return value;
  if (value.is_string()) return ParseNumericText(value.get_ref<const std::string&>());
  return std::nullopt;
}

// Orders two JSON numbers exactly when both are integers (signed or unsigned), and as
// doubles otherwise. NaN (only possible in values built in C++) is unordered.
inline std::partial_ordering CompareNumbers(const nlohmann::json& a, const nlohmann::json& b) {
  if (!a.is_number_float() && !b.is_number_float()) {
    const auto three_way = [](auto x, auto y) {
      if (std::cmp_less(x, y)) return std::partial_ordering::less;
      if (std::cmp_greater(x, y)) return std::partial_ordering::greater;
      return std::partial_ordering::equivalent;
    };
    const bool a_unsigned = a.is_number_unsigned();
    const bool b_unsigned = b.is_number_unsigned();
    if (a_unsigned && b_unsigned) return three_way(a.get<std::uint64_t>(), b.get<std::uint64_t>());
    if (a_unsigned) return three_way(a.get<std::uint64_t>(), b.get<std::int64_t>());
    if (b_unsigned) return three_way(a.get<std::int64_t>(), b.get<std::uint64_t>());
    return three_way(a.get<std::int64_t>(), b.get<std::int64_t>());
  }
  return a.get<double>() <=> b.get<double>();
}

struct Comparison {
  bool equal = false;
  std::string reason;  // why two values of different kinds could not be equal
};

// Is(expected) against a present actual value; see matchers.hpp for the rules.
inline Comparison CompareForEquality(const nlohmann::json& expected, const nlohmann::json& actual) {
  if (expected.is_number()) {
    if (actual.is_number()) return {CompareNumbers(expected, actual) == 0, {}};  // a status code
    if (const auto number = AsNumber(actual)) return {CompareNumbers(expected, *number) == 0, {}};
    if (actual.is_string()) return {false, "not a number: " + CompactJson(actual)};
    return {false, std::string("expected a number, got ") + KindName(actual)};
  }
  if (expected.is_boolean()) {
    if (actual.is_boolean()) return {expected == actual, {}};
    if (actual.is_string()) {
      const auto& text = actual.get_ref<const std::string&>();
      if (text == "true" || text == "false") return {(text == "true") == expected.get<bool>(), {}};
      return {false, "not a boolean: " + CompactJson(actual)};
    }
    return {false, std::string("expected a boolean, got ") + KindName(actual)};
  }
  if (expected.is_string()) {
    if (actual.is_string()) return {expected == actual, {}};
    // The other way round: Is("1") on JSON 1, Is("true") on JSON true.
    if (actual.is_number()) {
      if (const auto number = AsNumber(expected)) return {CompareNumbers(*number, actual) == 0, {}};
    }
    if (actual.is_boolean()) {
      const auto& text = expected.get_ref<const std::string&>();
      return {(text == "true" && actual.get<bool>()) || (text == "false" && !actual.get<bool>()), {}};
    }
    return {false, std::string("expected a string, got ") + KindName(actual)};
  }
  if (expected.is_null()) {
    if (actual.is_null()) return {true, {}};
    return {false, std::string("expected null, got ") + KindName(actual)};
  }
  if (expected.type() == actual.type()) return {expected == actual, {}};
  return {false, std::string("expected ") + KindName(expected) + ", got " + KindName(actual)};
}

struct Ordering {
  std::optional<std::partial_ordering> order;  // empty when the values cannot be ordered
  std::string reason;
};

// actual <=> bound for GreaterThan/LessThan: numeric when both are numbers or numeric
// strings, byte-wise when both are strings, otherwise unordered with a reason.
inline Ordering CompareForOrder(const nlohmann::json& actual, const nlohmann::json& bound,
                                const std::string& description) {
  const auto actual_number = AsNumber(actual);
  const auto bound_number = AsNumber(bound);
  if (actual_number && bound_number) {
    const auto order = CompareNumbers(*actual_number, *bound_number);
    if (order == std::partial_ordering::unordered) {
      return {std::nullopt, "cannot compare " + CompactJson(actual) + " with " + description};
    }
    return {order, {}};
  }
  if (actual.is_string() && bound.is_string()) {
    const int order = actual.get_ref<const std::string&>().compare(bound.get_ref<const std::string&>());
    return {order <=> 0, {}};
  }
  return {std::nullopt, "cannot compare " + CompactJson(actual) + " with " + description};
}

}  // namespace attest::detail
