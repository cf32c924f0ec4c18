// Matchers: what a Check expects of a status, a body, a header or a JSON path.
//
//   d.GET(Node("n1"), "/cluster/info")
//       .Status(Is(200), Not(Is(500)))
//       .JSON("term", GreaterThan(3))       // numeric, also on "3" or "10" as strings
//       .JSON("leader", IsNull())           // null or missing
//       .Body(Matches("^ok\n?$"))           // ECMAScript, search semantics
//       .Run();
//
// Comparisons are typed, not textual: numbers compare as numbers (200 == 200.0) and a
// string that is wholly a number counts as that number, both ways, so Is("1") passes on
// JSON 1, Is(42) on the body "42", and GreaterThan("9") on 10 (the Go original compared
// text, where "10" > "9" is false). Booleans likewise match "true"/"false". Strings
// compare exactly ("1.0" is not "1" when both are strings), null only matches null,
// arrays and objects compare as JSON. A missing value (no such header or JSON path)
// matches only IsNull() (and Not(m) for any other m).
//
// Each matcher describes itself for failure text: Is(200) -> "200", GreaterThan(3) ->
// "> 3", OneOf("a", "b") -> "one of [a, b]", Not(Is(500)) -> "not 500".
// A custom matcher is a description plus a function: Matcher("even", [](const Actual& a)
// { ... return MatchResult{ok, reason}; }).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "attest/dsl/detail/matcher_compare.hpp"
#include "attest/dsl/detail/matcher_text.hpp"
#include "attest/error.hpp"

namespace attest {

// Renders a JSON value for messages: strings plain unless empty, with a leading or
// trailing space, or with control characters (then JSON-quoted); others compact JSON.
inline std::string DescribeValue(const nlohmann::json& value) { return detail::DescribeJson(value); }

// What a matcher looks at: a JSON value, or nothing (a missing header or JSON path).
// Status codes arrive as JSON integers, bodies and headers as JSON strings.
class Actual {
 public:
  static Actual Missing() { return Actual(std::nullopt); }
  static Actual Of(nlohmann::json value) { return Actual(std::move(value)); }

  bool IsMissing() const noexcept { return !value_.has_value(); }

  // Throws UsageError when missing: asking for the value of nothing is a bug in the
  // matcher that asks, which must say so rather than read garbage.
  const nlohmann::json& Value() const {
    if (!value_) throw UsageError("Actual::Value() called on a missing value; check IsMissing() first");
    return *value_;
  }

  // For "got ..." text; "<missing>" when there is nothing.
  std::string Describe() const { return value_ ? DescribeValue(*value_) : "<missing>"; }

 private:
  explicit Actual(std::optional<nlohmann::json> value) : value_(std::move(value)) {}
  std::optional<nlohmann::json> value_;
};

struct MatchResult {
  bool ok = false;
  std::string reason;  // optional extra explanation, e.g. "not a number: \"abc\""
};

// A type-erased matcher. Copies share one immutable state, so copying is cheap and a
// matcher outlives whatever it was made from (it owns its data).
class [[nodiscard]] Matcher {
 public:
  using MatchFunction = std::function<MatchResult(const Actual&)>;

  // Throws UsageError if `match` is empty.
  Matcher(std::string description, MatchFunction match) {
    if (!match) throw UsageError("Matcher \"" + description + "\": the match function is empty");
    state_ = std::make_shared<const State>(State{std::move(description), std::move(match)});
  }

  MatchResult Match(const Actual& actual) const { return state_->match_(actual); }
  const std::string& Describe() const noexcept { return state_->description_; }

 private:
  struct State {
    std::string description_;
    MatchFunction match_;
  };
  std::shared_ptr<const State> state_;
};

namespace detail {

// Converts what a user passes to a matcher into JSON. A char is a one-character
// string, not its code (nlohmann would store 'a' as 97); nullptr is JSON null.
template <class T>
nlohmann::json MatcherValue(const T& value) {
  if constexpr (std::is_same_v<T, nlohmann::json>) {
    return value;
  } else if constexpr (std::is_same_v<T, std::nullptr_t>) {
    return nlohmann::json(nullptr);  // before string_view, which a nullptr converts to
  } else if constexpr (std::is_same_v<T, char>) {
    return nlohmann::json(std::string(1, value));
  } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
    return nlohmann::json(std::string(std::string_view(value)));
  } else {
    return nlohmann::json(value);
  }
}

inline Matcher IsCore(nlohmann::json expected) {
  std::string description = DescribeValue(expected);
  return Matcher(std::move(description), [expected = std::move(expected)](const Actual& actual) {
    if (actual.IsMissing()) return MatchResult{};
    Comparison comparison = CompareForEquality(expected, actual.Value());
    return MatchResult{comparison.equal, std::move(comparison.reason)};
  });
}

// `greater` selects GreaterThan, else LessThan; `name` is for the usage error.
inline Matcher OrderCore(nlohmann::json bound, bool greater, const char* name) {
  if (!bound.is_number() && !bound.is_string()) {
    throw UsageError(std::string(name) + "(" + CompactJson(bound) +
                     "): the bound must be a number or a string, not " + KindName(bound));
  }
  std::string description = (greater ? "> " : "< ") + DescribeValue(bound);
  return Matcher(description, [bound = std::move(bound), greater, description](const Actual& actual) {
    if (actual.IsMissing()) return MatchResult{};
    Ordering ordering = CompareForOrder(actual.Value(), bound, description);
    if (!ordering.order) return MatchResult{false, std::move(ordering.reason)};
    return MatchResult{greater ? *ordering.order > 0 : *ordering.order < 0, {}};
  });
}

inline Matcher IsNullCore() {
  return Matcher("null", [](const Actual& actual) {
    return MatchResult{actual.IsMissing() || actual.Value().is_null(), {}};
  });
}

inline Matcher HasLenCore(std::size_t length) {
  return Matcher("of length " + std::to_string(length), [length](const Actual& actual) {
    if (actual.IsMissing()) return MatchResult{};
    const nlohmann::json& value = actual.Value();
    std::size_t actual_length = 0;
    if (value.is_string()) {
      actual_length = value.get_ref<const std::string&>().size();
    } else if (value.is_array() || value.is_object()) {
      actual_length = value.size();
    } else {
      return MatchResult{false, std::string("expected a string, an array or an object, got ") +
                                    KindName(value)};
    }
    if (actual_length == length) return MatchResult{true, {}};
    return MatchResult{false, "has length " + std::to_string(actual_length)};
  });
}

inline Matcher OneOfCore(std::vector<nlohmann::json> choices) {
  std::string description = "one of [";
  for (std::size_t i = 0; i < choices.size(); ++i) {
    if (i != 0) description += ", ";
    description += DescribeValue(choices[i]);
  }
  description += "]";
  return Matcher(std::move(description), [choices = std::move(choices)](const Actual& actual) {
    if (actual.IsMissing()) return MatchResult{};
    for (const nlohmann::json& choice : choices) {
      if (CompareForEquality(choice, actual.Value()).equal) return MatchResult{true, {}};
    }
    return MatchResult{};
  });
}

// Compiles `pattern` (ECMAScript). With libstdc++ the engine is asked for its
// polynomial (breadth-first) mode when the pattern allows it: the default depth-first
// engine recurses once per input character and overflows the stack on bodies of about
// 100 KB (a crash, not an exception), and backtracks exponentially on patterns such as
// (a+)+b. Only back-references need the depth-first engine.
template <class Regex>
Regex CompileRegex(const std::string& pattern) {
#ifdef __GLIBCXX__
  try {
    return Regex(pattern, Regex::ECMAScript | std::regex_constants::__polynomial);
  } catch (const std::regex_error&) {
    // A back-reference, or a real mistake: the plain compile below reports which.
  }
#endif
  return Regex(pattern, Regex::ECMAScript);
}

inline UsageError InvalidRegex(const std::string& pattern, const std::regex_error& error) {
  std::string message = "Matches: invalid regular expression /" + pattern + "/: " + error.what();
  // Go's RE2 allows inline flags; ECMAScript does not, and ported suites may use them.
  for (std::size_t at = pattern.find("(?"); at != std::string::npos; at = pattern.find("(?", at + 2)) {
    const char next = at + 2 < pattern.size() ? pattern[at + 2] : '\0';
    if (next != '=' && next != '!' && next != ':') {
      message += " (std::regex uses ECMAScript syntax, which has no inline flags such as (?i))";
      break;
    }
  }
  return UsageError(message);
}

}  // namespace detail

// Equal under the typed rules above. Is(200) -> "200", Is("") -> "\"\"".
template <class T>
Matcher Is(const T& expected) {
  return detail::IsCore(detail::MatcherValue(expected));
}

// std::regex ECMAScript, search semantics (like Go's MatchString: anchor with ^ and $),
// against strings as they are and other values as compact JSON. An invalid pattern
// throws UsageError at once, naming the pattern and the error.
//
// A template only so that std::regex, the costliest thing to compile here, is
// instantiated in the translation units that use Matches and not in every one that
// includes this header; Matches("...") is written and behaves as a plain function.
template <class Regex = std::regex>
Matcher Matches(std::string pattern) {
  std::shared_ptr<const Regex> regex;
  try {
    regex = std::make_shared<const Regex>(detail::CompileRegex<Regex>(pattern));
  } catch (const std::regex_error& error) {
    throw detail::InvalidRegex(pattern, error);
  }
  return Matcher("matching /" + detail::EscapeControl(pattern) + "/", [regex](const Actual& actual) {
    if (actual.IsMissing()) return MatchResult{};
    const std::string text = detail::MatchText(actual.Value());
    try {
      return MatchResult{std::regex_search(text, *regex), {}};
    } catch (const std::regex_error& error) {
      // libstdc++ reports runaway backtracking as error_complexity/error_stack.
      return MatchResult{false, std::string("the regular expression engine gave up: ") + error.what()};
    }
  });
}

// Numeric when both sides are numbers or numeric strings, byte-wise when both are
// strings, otherwise no match (with a reason). The bound must be a number or a string.
template <class T>
Matcher GreaterThan(const T& bound) {
  return detail::OrderCore(detail::MatcherValue(bound), true, "GreaterThan");
}
template <class T>
Matcher LessThan(const T& bound) {
  return detail::OrderCore(detail::MatcherValue(bound), false, "LessThan");
}

// Passes on JSON null and on a missing value. The type parameter is accepted and
// ignored so that the seeds' IsNull[string]() ports as IsNull<std::string>().
template <class T = void>
Matcher IsNull() {
  return detail::IsNullCore();
}

// A substring of a string, or an element of an array (compared as Is compares).
inline Matcher Contains(std::string needle) {
  nlohmann::json element(std::move(needle));
  std::string description = "containing " + DescribeValue(element);
  return Matcher(std::move(description), [element = std::move(element)](const Actual& actual) {
    if (actual.IsMissing()) return MatchResult{};
    const nlohmann::json& value = actual.Value();
    if (value.is_string()) {
      const auto& text = value.get_ref<const std::string&>();
      return MatchResult{text.find(element.get_ref<const std::string&>()) != std::string::npos, {}};
    }
    if (value.is_array()) {
      for (const nlohmann::json& item : value) {
        if (detail::CompareForEquality(element, item).equal) return MatchResult{true, {}};
      }
      return MatchResult{};
    }
    return MatchResult{false, std::string("expected a string or an array, got ") +
                                  detail::KindName(value)};
  });
}

// String length in bytes, array size or object size. HasLen<std::string>(4) also compiles.
template <class T = void>
Matcher HasLen(std::size_t length) {
  return detail::HasLenCore(length);
}

// Passes when Is(value) passes for any of the values.
template <class... T>
Matcher OneOf(const T&... values) {
  static_assert(sizeof...(T) > 0, "OneOf needs at least one value");
  std::vector<nlohmann::json> choices;
  choices.reserve(sizeof...(T));
  (choices.push_back(detail::MatcherValue(values)), ...);
  return detail::OneOfCore(std::move(choices));
}

// Passes exactly when `inner` does not; a missing value does not match most matchers,
// so Not(Is(500)) passes on it, while Not(IsNull()) fails on it.
inline Matcher Not(Matcher inner) {
  std::string description = "not " + inner.Describe();
  return Matcher(std::move(description), [inner = std::move(inner)](const Actual& actual) {
    return MatchResult{!inner.Match(actual).ok, {}};
  });
}

}  // namespace attest
