// Definitions of dsl/matchers.hpp.
#pragma once

#include "attest/dsl/matchers.hpp"

#include <algorithm>
#include <regex>

#include <nlohmann/json.hpp>

#include "attest/dsl/detail/matcher_compare.hpp"
#include "attest/dsl/detail/matcher_text.hpp"

namespace attest {

ATTEST_INLINE std::string DescribeValue(const nlohmann::json& value) { return detail::DescribeJson(value); }

ATTEST_INLINE Actual Actual::Of(nlohmann::json value) {
  return Actual(std::make_shared<const nlohmann::json>(std::move(value)));
}

ATTEST_INLINE Actual detail::ActualView(const nlohmann::json& value) {
  // The aliasing constructor with no owner: a pointer that counts no references.
  return Actual(std::shared_ptr<const nlohmann::json>(std::shared_ptr<const nlohmann::json>(), &value));
}

ATTEST_INLINE const nlohmann::json& Actual::Value() const {
  if (!value_) throw UsageError("Actual::Value() called on a missing value; check IsMissing() first");
  return *value_;
}

ATTEST_INLINE std::string Actual::Describe() const { return value_ ? DescribeValue(*value_) : "<missing>"; }

namespace detail {

// A matcher's state holding its function as it is (a lambda of the built-in matchers,
// or a user's std::function), so the function needs no allocation of its own.
template <class Function>
class FunctionState final : public Matcher::State {
 public:
  FunctionState(std::string description, Function match)
      : State(std::move(description)), match_(std::move(match)) {}
  MatchResult Match(const Actual& actual) const override { return match_(actual); }

 private:
  Function match_;
};

template <class Function>
Matcher MakeMatcher(std::string description, Function match) {
  return Matcher(std::make_shared<const FunctionState<Function>>(std::move(description), std::move(match)));
}

}  // namespace detail

ATTEST_INLINE Matcher::Matcher(std::string description, MatchFunction match) {
  if (!match) throw UsageError("Matcher \"" + description + "\": the match function is empty");
  state_ =
      std::make_shared<const detail::FunctionState<MatchFunction>>(std::move(description), std::move(match));
}

ATTEST_INLINE Matcher::Matcher(std::shared_ptr<const State> state) : state_(std::move(state)) {
  if (!state_) throw UsageError("Matcher: the state is null");
}

ATTEST_INLINE Matcher::Matcher(const Matcher& other) = default;
ATTEST_INLINE Matcher::Matcher(Matcher&& other) noexcept = default;
ATTEST_INLINE Matcher& Matcher::operator=(const Matcher& other) = default;
ATTEST_INLINE Matcher& Matcher::operator=(Matcher&& other) noexcept = default;
ATTEST_INLINE Matcher::~Matcher() = default;

namespace detail {

ATTEST_INLINE MatcherArgument::MatcherArgument() = default;
ATTEST_INLINE MatcherArgument::MatcherArgument(const MatcherArgument& other) = default;
ATTEST_INLINE MatcherArgument::MatcherArgument(MatcherArgument&& other) noexcept = default;
ATTEST_INLINE MatcherArgument& MatcherArgument::operator=(const MatcherArgument& other) = default;
ATTEST_INLINE MatcherArgument& MatcherArgument::operator=(MatcherArgument&& other) noexcept = default;
ATTEST_INLINE MatcherArgument::~MatcherArgument() = default;

ATTEST_INLINE nlohmann::json ToJson(const MatcherArgument& argument) {
  using Kind = MatcherArgument::Kind;
  switch (argument.kind) {
    case Kind::Null: return nlohmann::json(nullptr);
    case Kind::Bool: return nlohmann::json(argument.boolean);
    case Kind::Integer: return nlohmann::json(argument.integer);
    case Kind::Unsigned: return nlohmann::json(argument.unsigned_integer);
    case Kind::Float: return nlohmann::json(argument.floating);
    case Kind::String: return nlohmann::json(argument.text);
    case Kind::Array: {
      nlohmann::json array = nlohmann::json::array();
      for (const auto& item : argument.items) array.push_back(ToJson(item));
      return array;
    }
    case Kind::Object: {
      nlohmann::json object = nlohmann::json::object();
      for (std::size_t i = 0; i < argument.keys.size(); ++i) {
        object[argument.keys[i]] = ToJson(argument.items[i]);
      }
      return object;
    }
  }
  return nlohmann::json(nullptr);
}

ATTEST_INLINE Matcher MakeIs(const MatcherArgument& argument) {
  nlohmann::json expected = ToJson(argument);
  std::string description = DescribeValue(expected);
  return MakeMatcher(std::move(description), [expected = std::move(expected)](const Actual& actual) {
    if (actual.IsMissing()) return MatchResult{};
    Comparison comparison = CompareForEquality(expected, actual.Value());
    return MatchResult{comparison.equal, std::move(comparison.reason)};
  });
}

// Is(code) for a status code: an integer actual value (a status always is one) is
// compared at once; anything else the way MakeIs compares it.
//
// Its state is made once and never freed, and the matcher holds it without a reference
// count (an empty owner): copying it, as every .Status(200) does on every thread of a
// Concurrently, then writes to no memory those threads share.
ATTEST_INLINE Matcher MakeStatusIs(std::int64_t code) {
  nlohmann::json expected = code;
  std::string description = DescribeValue(expected);
  auto match = [code, expected = std::move(expected)](const Actual& actual) {
    if (actual.IsMissing()) return MatchResult{};
    const nlohmann::json& value = actual.Value();
    // An unsigned value above INT64_MAX turns negative here: still unequal.
    if (value.is_number_integer()) return MatchResult{value.get<std::int64_t>() == code, {}};
    Comparison comparison = CompareForEquality(expected, value);
    return MatchResult{comparison.equal, std::move(comparison.reason)};
  };
  const auto* state = new FunctionState<decltype(match)>(std::move(description), std::move(match));
  return Matcher(std::shared_ptr<const Matcher::State>(std::shared_ptr<const void>(), state));
}

// Status codes are what Is() is given in nearly every check, so Is(100) .. Is(599) are
// made once, on first use, and shared like any copied matcher: a check's .Status(200)
// then costs no allocation and no JSON conversion. The list is never freed either, so
// the states stay reachable (no leak report) and valid for matchers copied into other
// statics, whatever order those are destroyed in.
ATTEST_INLINE const Matcher* SharedStatusIs(std::int64_t code) {
  if (code < kFirstSharedStatus || code > kLastSharedStatus) return nullptr;
  static const std::vector<Matcher>* const status_matchers = [] {
    auto* matchers = new std::vector<Matcher>;
    matchers->reserve(static_cast<std::size_t>(kLastSharedStatus - kFirstSharedStatus + 1));
    for (std::int64_t status = kFirstSharedStatus; status <= kLastSharedStatus; ++status) {
      matchers->push_back(MakeStatusIs(status));
    }
    return matchers;
  }();
  return &(*status_matchers)[static_cast<std::size_t>(code - kFirstSharedStatus)];
}

ATTEST_INLINE Matcher IsCore(const MatcherArgument& argument) {
  if (argument.kind == MatcherArgument::Kind::Integer) {
    if (const Matcher* shared = SharedStatusIs(argument.integer)) return *shared;
  }
  return MakeIs(argument);
}

ATTEST_INLINE Matcher OrderCore(const MatcherArgument& argument, bool greater, const char* name) {
  nlohmann::json bound = ToJson(argument);
  if (!bound.is_number() && !bound.is_string()) {
    throw UsageError(std::string(name) + "(" + CompactJson(bound) +
                     "): the bound must be a number or a string, not " + KindName(bound));
  }
  std::string description = (greater ? "> " : "< ") + DescribeValue(bound);
  return MakeMatcher(description, [bound = std::move(bound), greater, description](const Actual& actual) {
    if (actual.IsMissing()) return MatchResult{};
    Ordering ordering = CompareForOrder(actual.Value(), bound, description);
    if (!ordering.order) return MatchResult{false, std::move(ordering.reason)};
    return MatchResult{greater ? *ordering.order > 0 : *ordering.order < 0, {}};
  });
}

ATTEST_INLINE Matcher IsNullCore() {
  return MakeMatcher("null", [](const Actual& actual) {
    return MatchResult{actual.IsMissing() || actual.Value().is_null(), {}};
  });
}

ATTEST_INLINE Matcher HasLenCore(std::size_t length) {
  return MakeMatcher("of length " + std::to_string(length), [length](const Actual& actual) {
    if (actual.IsMissing()) return MatchResult{};
    const nlohmann::json& value = actual.Value();
    std::size_t actual_length = 0;
    if (value.is_string()) {
      actual_length = value.get_ref<const std::string&>().size();
    } else if (value.is_array() || value.is_object()) {
      actual_length = value.size();
    } else {
      return MatchResult{false,
                         std::string("expected a string, an array or an object, got ") + KindName(value)};
    }
    if (actual_length == length) return MatchResult{true, {}};
    return MatchResult{false, "has length " + std::to_string(actual_length)};
  });
}

ATTEST_INLINE Matcher OneOfCore(std::initializer_list<MatcherArgument> arguments) {
  std::vector<nlohmann::json> choices;
  choices.reserve(arguments.size());
  for (const auto& argument : arguments) choices.push_back(ToJson(argument));
  std::string description = "one of [";
  for (std::size_t i = 0; i < choices.size(); ++i) {
    if (i != 0) description += ", ";
    description += DescribeValue(choices[i]);
  }
  description += "]";
  return MakeMatcher(std::move(description), [choices = std::move(choices)](const Actual& actual) {
    if (actual.IsMissing()) return MatchResult{};
    for (const nlohmann::json& choice : choices) {
      if (CompareForEquality(choice, actual.Value()).equal) return MatchResult{true, {}};
    }
    return MatchResult{};
  });
}

// Compiles `pattern` (ECMAScript). With libstdc++ the engine is asked for its
// polynomial (breadth-first) mode: the default depth-first engine recurses once per input
// character and overflows the stack on bodies of about 100 KB (a crash, not an
// exception), and backtracks exponentially on patterns such as (a+)+b. Only
// back-references need the depth-first engine, and CheckRegexLimits refuses them.
template <class Regex>
Regex CompileRegex(const std::string& pattern) {
#ifdef __GLIBCXX__
  return Regex(pattern, Regex::ECMAScript | std::regex_constants::__polynomial);
#else
  return Regex(pattern, Regex::ECMAScript);
#endif
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

// The largest count a pattern may repeat something ({n}, {n,}, {n,m}): std::regex copies
// the repeated part once per count, so a{100000} costs seconds and megabytes to compile
// and every character of the body pays for each copy.
inline constexpr std::size_t kMaxRegexRepetition = 1000;

// The longest pattern Matches takes, in bytes. libstdc++'s regex compiler recurses once
// per term and per group, so a pattern of 100000 characters overflows the stack (20000
// under AddressSanitizer); 4096 leaves a wide margin.
inline constexpr std::size_t kMaxRegexLength = 4096;

// Refuses, with UsageError naming the pattern, what std::regex cannot run safely:
//  - back-references (\1 .. \9...): only the backtracking engine supports them, and it
//    recurses once per character (a stack overflow on large bodies) and backtracks
//    exponentially;
//  - repetition counts above kMaxRegexRepetition;
//  - patterns longer than kMaxRegexLength bytes (named by their start).
// Everything else is left to the regex compiler, which reports real syntax errors.
ATTEST_INLINE void CheckRegexLimits(const std::string& pattern) {
  if (pattern.size() > kMaxRegexLength) {
    throw UsageError("Matches: the regular expression /" + EscapeControl(pattern.substr(0, 40)) + "/... is " +
                     std::to_string(pattern.size()) + " bytes long; attest refuses patterns longer than " +
                     std::to_string(kMaxRegexLength) +
                     " bytes (std::regex compiles them with one level of recursion per term)");
  }
  const auto refuse = [&](const std::string& why) {
    return UsageError("Matches: regular expression /" + EscapeControl(pattern) + "/ " + why);
  };
  bool in_class = false;  // inside [...]
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\') {
      if (i + 1 == pattern.size()) return;  // the compiler reports the dangling escape
      const char next = pattern[i + 1];
      if (!in_class && next >= '1' && next <= '9') {
        std::size_t end = i + 1;
        while (end < pattern.size() && pattern[end] >= '0' && pattern[end] <= '9') ++end;
        throw refuse("uses the back-reference \\" + pattern.substr(i + 1, end - i - 1) +
                     ", which attest refuses: std::regex runs back-references only with its "
                     "backtracking engine, which can take exponential time and overflow the "
                     "stack on large bodies");
      }
      i += next == 'c' ? 2 : 1;  // \cX: X is the control letter, whatever it is
      continue;
    }
    if (in_class) {
      if (c == '[' && i + 1 < pattern.size() &&
          (pattern[i + 1] == ':' || pattern[i + 1] == '.' || pattern[i + 1] == '=')) {
        // [:alpha:], [.a.], [=a=]: skip to the closing ":]" (or ".]", "=]").
        const std::size_t close = pattern.find(std::string{pattern[i + 1], ']'}, i + 2);
        if (close == std::string::npos) return;  // the compiler reports it
        i = close + 1;
        continue;
      }
      if (c == ']') in_class = false;
      continue;
    }
    if (c == '[') {
      in_class = true;
      if (i + 1 < pattern.size() && pattern[i + 1] == '^') ++i;
      continue;
    }
    if (c != '{') continue;
    // {n}, {n,} or {n,m}: each count at most kMaxRegexRepetition.
    std::size_t j = i + 1;
    while (j < pattern.size() && (pattern[j] == ',' || (pattern[j] >= '0' && pattern[j] <= '9'))) {
      const std::size_t start = j;
      std::size_t count = 0;
      while (j < pattern.size() && pattern[j] >= '0' && pattern[j] <= '9') {
        count = std::min<std::size_t>(count * 10 + static_cast<std::size_t>(pattern[j] - '0'),
                                      kMaxRegexRepetition + 1);
        ++j;
      }
      if (j > start && count > kMaxRegexRepetition) {
        throw refuse("repeats " + pattern.substr(start, j - start) +
                     " times; attest refuses repetition counts above " + std::to_string(kMaxRegexRepetition) +
                     " (std::regex copies the repeated part once per count)");
      }
      if (j < pattern.size() && pattern[j] == ',') ++j;
    }
  }
}

// The regular expression a body is searched with: `pattern` wrapped so that one match of
// the whole text gives the answer of a search. std::regex_search tries every start
// position in turn, each a walk to the end of the text (quadratic in the body's size);
// matching [\s\S]*(?:pattern)[\s\S]* reads the text once. Only whether it matches is
// used, so the extra group numbers do not matter (and back-references are refused).
ATTEST_INLINE std::string SearchPattern(const std::string& pattern) {
  return "[\\s\\S]*(?:" + pattern + ")[\\s\\S]*";
}

template <class Char>
Matcher MatchesCore(std::string pattern) {
  using Regex = std::basic_regex<Char>;
  CheckRegexLimits(pattern);
  Regex searcher;
  try {
    // The pattern on its own first: a mistake is reported as written, and a pattern
    // that only compiles inside the wrapper ("a)(b") is refused.
    (void)CompileRegex<Regex>(pattern);
    searcher = CompileRegex<Regex>(SearchPattern(pattern));
  } catch (const std::regex_error& error) {
    throw InvalidRegex(pattern, error);
  }
  return MakeMatcher(
      "matching /" + EscapeControl(pattern) + "/", [searcher = std::move(searcher)](const Actual& actual) {
        if (actual.IsMissing()) return MatchResult{};
        const std::string text = MatchText(actual.Value());
        try {
          return MatchResult{std::regex_match(text, searcher), {}};
        } catch (const std::regex_error& error) {
          // libstdc++ reports runaway matching as error_complexity/error_stack.
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
  return detail::MakeMatcher(std::move(description), [element = std::move(element)](const Actual& actual) {
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
    return MatchResult{false, std::string("expected a string or an array, got ") + detail::KindName(value)};
  });
}

ATTEST_INLINE Matcher Not(Matcher inner) {
  std::string description = "not " + inner.Describe();
  return detail::MakeMatcher(std::move(description), [inner = std::move(inner)](const Actual& actual) {
    return MatchResult{!inner.Match(actual).ok, {}};
  });
}

}  // namespace attest
