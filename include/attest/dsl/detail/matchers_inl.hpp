// Definitions of dsl/matchers.hpp.
#pragma once

#include "attest/dsl/matchers.hpp"

#include <regex>

#include <nlohmann/json.hpp>

#include "attest/dsl/detail/matcher_compare.hpp"
#include "attest/dsl/detail/matcher_text.hpp"

namespace attest {

ATTEST_INLINE std::string DescribeValue(const nlohmann::json& value) { return detail::DescribeJson(value); }

ATTEST_INLINE Actual Actual::Of(nlohmann::json value) {
  return Actual(std::make_shared<const nlohmann::json>(std::move(value)));
}

ATTEST_INLINE const nlohmann::json& Actual::Value() const {
  if (!value_) throw UsageError("Actual::Value() called on a missing value; check IsMissing() first");
  return *value_;
}

ATTEST_INLINE std::string Actual::Describe() const {
  return value_ ? DescribeValue(*value_) : "<missing>";
}

ATTEST_INLINE Matcher::Matcher(std::string description, MatchFunction match) {
  if (!match) throw UsageError("Matcher \"" + description + "\": the match function is empty");
  state_ = std::make_shared<const State>(State{std::move(description), std::move(match)});
}

namespace detail {

ATTEST_INLINE nlohmann::json ToJson(const MatcherArgument& argument) {
  using Kind = MatcherArgument::Kind;
  switch (argument.kind) {
    case Kind::Null:
      return nlohmann::json(nullptr);
    case Kind::Bool:
      return nlohmann::json(argument.boolean);
    case Kind::Integer:
      return nlohmann::json(argument.integer);
    case Kind::Unsigned:
      return nlohmann::json(argument.unsigned_integer);
    case Kind::Float:
      return nlohmann::json(argument.floating);
    case Kind::String:
      return nlohmann::json(argument.text);
    case Kind::JsonText:
      return nlohmann::json::parse(argument.text);
    case Kind::Array: {
      nlohmann::json array = nlohmann::json::array();
      for (const auto& item : argument.items) array.push_back(ToJson(item));
      return array;
    }
    case Kind::Object: {
      nlohmann::json object = nlohmann::json::object();
      for (const auto& [key, item] : argument.members) object[key] = ToJson(item);
      return object;
    }
  }
  return nlohmann::json(nullptr);
}

ATTEST_INLINE Matcher IsCore(const MatcherArgument& argument) {
  nlohmann::json expected = ToJson(argument);
  std::string description = DescribeValue(expected);
  return Matcher(std::move(description), [expected = std::move(expected)](const Actual& actual) {
    if (actual.IsMissing()) return MatchResult{};
    Comparison comparison = CompareForEquality(expected, actual.Value());
    return MatchResult{comparison.equal, std::move(comparison.reason)};
  });
}

ATTEST_INLINE Matcher OrderCore(const MatcherArgument& argument, bool greater, const char* name) {
  nlohmann::json bound = ToJson(argument);
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

ATTEST_INLINE Matcher IsNullCore() {
  return Matcher("null", [](const Actual& actual) {
    return MatchResult{actual.IsMissing() || actual.Value().is_null(), {}};
  });
}

ATTEST_INLINE Matcher HasLenCore(std::size_t length) {
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

ATTEST_INLINE Matcher OneOfCore(const std::vector<MatcherArgument>& arguments) {
  std::vector<nlohmann::json> choices;
  choices.reserve(arguments.size());
  for (const auto& argument : arguments) choices.push_back(ToJson(argument));
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

ATTEST_INLINE UsageError InvalidRegex(const std::string& pattern, const std::regex_error& error) {
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

template <class Char>
Matcher MatchesCore(std::string pattern) {
  using Regex = std::basic_regex<Char>;
  std::shared_ptr<const Regex> regex;
  try {
    regex = std::make_shared<const Regex>(CompileRegex<Regex>(pattern));
  } catch (const std::regex_error& error) {
    throw InvalidRegex(pattern, error);
  }
  return Matcher("matching /" + EscapeControl(pattern) + "/", [regex](const Actual& actual) {
    if (actual.IsMissing()) return MatchResult{};
    const std::string text = MatchText(actual.Value());
    try {
      return MatchResult{std::regex_search(text, *regex), {}};
    } catch (const std::regex_error& error) {
      // libstdc++ reports runaway backtracking as error_complexity/error_stack.
      return MatchResult{false, std::string("the regular expression engine gave up: ") + error.what()};
    }
  });
}

#if defined(ATTEST_SEPARATE_COMPILATION)
// The one instantiation that programs built against the declarations link to.
template Matcher MatchesCore<char>(std::string pattern);
#endif

}  // namespace detail

ATTEST_INLINE Matcher Contains(std::string needle) {
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

ATTEST_INLINE Matcher Not(Matcher inner) {
  std::string description = "not " + inner.Describe();
  return Matcher(std::move(description), [inner = std::move(inner)](const Actual& actual) {
    return MatchResult{!inner.Match(actual).ok, {}};
  });
}

}  // namespace attest
