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
// { ... return MatchResult{ok, reason}; }) (include <nlohmann/json.hpp> to read
// a.Value()).
//
// Matchers take numbers, booleans, strings, nullptr, enums, nlohmann::json and
// containers of these; a value is held without nlohmann/json.hpp, so writing matchers
// costs a suite file little to compile.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "attest/detail/inline.hpp"
#include "attest/error.hpp"

namespace attest {

// Renders a JSON value for messages: strings plain unless empty, with a leading or
// trailing space, or with control characters (then JSON-quoted); others compact JSON.
std::string DescribeValue(const nlohmann::json& value);

class Actual;
namespace detail {
// An Actual that refers to `value` without owning it: how a check hands a response's
// values to its matchers without an allocation per expectation. Valid while `value` is.
Actual ActualView(const nlohmann::json& value);
}  // namespace detail

// What a matcher looks at: a JSON value, or nothing (a missing header or JSON path).
// Status codes arrive as JSON integers, bodies and headers as JSON strings.
// The Actual a check passes to a matcher refers to the response it is judging and is
// valid during the call; a matcher that keeps something keeps a copy of Value().
class Actual {
 public:
  static Actual Missing() { return Actual(nullptr); }
  static Actual Of(nlohmann::json value);

  bool IsMissing() const noexcept { return value_ == nullptr; }

  // Throws UsageError when missing: asking for the value of nothing is a bug in the
  // matcher that asks, which must say so rather than read garbage.
  const nlohmann::json& Value() const;

  // For "got ..." text; "<missing>" when there is nothing.
  std::string Describe() const;

 private:
  friend Actual detail::ActualView(const nlohmann::json& value);
  explicit Actual(std::shared_ptr<const nlohmann::json> value) : value_(std::move(value)) {}
  std::shared_ptr<const nlohmann::json> value_;  // shared: an Actual is copied cheaply
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

  // What every copy of a matcher shares: its description and how it matches. The
  // built-in matchers derive their own state from it, holding their data and their
  // test in the one allocation a matcher costs.
  struct State {
    explicit State(std::string text) : description(std::move(text)) {}
    State(const State&) = delete;
    State& operator=(const State&) = delete;
    virtual ~State() = default;
    virtual MatchResult Match(const Actual& actual) const = 0;

    const std::string description;
  };

  // Throws UsageError if `match` is empty.
  Matcher(std::string description, MatchFunction match);
  // Throws UsageError if `state` is null.
  explicit Matcher(std::shared_ptr<const State> state);
  // Out of line: a matcher is a temporary in every modifier call of a suite file, and
  // inline, each one's reference counting was compiled there.
  Matcher(const Matcher& other);
  Matcher(Matcher&& other) noexcept;
  Matcher& operator=(const Matcher& other);
  Matcher& operator=(Matcher&& other) noexcept;
  ~Matcher();

  MatchResult Match(const Actual& actual) const { return state_->Match(actual); }
  const std::string& Describe() const noexcept { return state_->description; }

 private:
  std::shared_ptr<const State> state_;
};

namespace detail {

// A value given to a matcher (Is(200), OneOf("a", "b"), Is(std::vector{1, 2})), kept
// as plain data; the matcher turns it into JSON where it is compiled.
//
// An object's members are two parallel vectors, not a vector of pairs: std::pair of an
// incomplete MatcherArgument does not compile with clang 14 and libstdc++ 12.
//
// Its special members are compiled with the rest of attest (matchers_inl.hpp): inline,
// the recursive destructor alone was about 1 KB of code in every suite file.
struct MatcherArgument {
  enum class Kind { Null, Bool, Integer, Unsigned, Float, String, Array, Object };

  MatcherArgument();
  MatcherArgument(const MatcherArgument& other);
  MatcherArgument(MatcherArgument&& other) noexcept;
  MatcherArgument& operator=(const MatcherArgument& other);
  MatcherArgument& operator=(MatcherArgument&& other) noexcept;
  ~MatcherArgument();

  Kind kind = Kind::Null;
  bool boolean = false;
  std::int64_t integer = 0;
  std::uint64_t unsigned_integer = 0;
  double floating = 0;
  std::string text;                    // String
  std::vector<MatcherArgument> items;  // Array: the elements; Object: the member values
  std::vector<std::string> keys;       // Object: the member names, parallel to items
};

template <class T, class = void>
struct IsRange : std::false_type {};
template <class T>
struct IsRange<T, std::void_t<decltype(std::begin(std::declval<const T&>())),
                              decltype(std::end(std::declval<const T&>()))>> : std::true_type {};

template <class T, class = void>
struct IsMap : std::false_type {};
template <class T>
struct IsMap<T, std::void_t<typename T::key_type, typename T::mapped_type>> : std::true_type {};

template <class T, class = void>
struct IsNlohmannJson : std::false_type {};
template <class T>
struct IsNlohmannJson<T, std::void_t<typename T::json_pointer, typename T::object_t>> : std::true_type {};

template <class T>
inline constexpr bool kAlwaysFalse = false;

// An nlohmann::json value taken apart as it is, without a dump and a parse: the bytes of
// its strings stay exactly as given (dump() would throw on invalid UTF-8).
template <class Json>
MatcherArgument JsonToMatcherArgument(const Json& value) {
  MatcherArgument out;
  using Kind = MatcherArgument::Kind;
  if (value.is_null()) {
    out.kind = Kind::Null;
  } else if (value.is_boolean()) {
    out.kind = Kind::Bool;
    out.boolean = value.template get<bool>();
  } else if (value.is_number_unsigned()) {
    out.kind = Kind::Unsigned;
    out.unsigned_integer = value.template get<std::uint64_t>();
  } else if (value.is_number_integer()) {
    out.kind = Kind::Integer;
    out.integer = value.template get<std::int64_t>();
  } else if (value.is_number_float()) {
    out.kind = Kind::Float;
    out.floating = value.template get<double>();
  } else if (value.is_string()) {
    out.kind = Kind::String;
    out.text = value.template get_ref<const typename Json::string_t&>();
  } else if (value.is_array()) {
    out.kind = Kind::Array;
    for (const auto& item : value) out.items.push_back(JsonToMatcherArgument(item));
  } else if (value.is_object()) {
    out.kind = Kind::Object;
    for (auto it = value.begin(); it != value.end(); ++it) {
      out.keys.push_back(it.key());
      out.items.push_back(JsonToMatcherArgument(it.value()));
    }
  } else {
    throw UsageError(std::string("matchers take JSON values, not ") +
                     (value.is_binary() ? "binary data" : "a discarded value"));
  }
  return out;
}

// Converts what a user passes to a matcher. A char is a one-character string, not its
// code; nullptr is null; an nlohmann::json is taken as it is.
template <class T>
MatcherArgument ToMatcherArgument(const T& value) {
  MatcherArgument out;
  using Kind = MatcherArgument::Kind;
  if constexpr (std::is_same_v<T, std::nullptr_t>) {
    out.kind = Kind::Null;
  } else if constexpr (IsNlohmannJson<T>::value) {
    return JsonToMatcherArgument(value);
  } else if constexpr (std::is_same_v<T, bool>) {
    out.kind = Kind::Bool;
    out.boolean = value;
  } else if constexpr (std::is_same_v<T, char>) {
    out.kind = Kind::String;
    out.text = std::string(1, value);
  } else if constexpr (std::is_enum_v<T>) {
    return ToMatcherArgument(static_cast<std::underlying_type_t<T>>(value));
  } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
    out.kind = Kind::Integer;
    out.integer = value;
  } else if constexpr (std::is_integral_v<T>) {
    out.kind = Kind::Unsigned;
    out.unsigned_integer = value;
  } else if constexpr (std::is_floating_point_v<T>) {
    out.kind = Kind::Float;
    out.floating = static_cast<double>(value);
  } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
    out.kind = Kind::String;
    out.text = std::string(std::string_view(value));
  } else if constexpr (IsMap<T>::value) {
    static_assert(std::is_convertible_v<const typename T::key_type&, std::string_view>,
                  "a map given to a matcher needs string keys (it stands for a JSON object)");
    out.kind = Kind::Object;
    for (const auto& [key, item] : value) {
      out.keys.emplace_back(std::string_view(key));
      out.items.push_back(ToMatcherArgument(item));
    }
  } else if constexpr (IsRange<T>::value) {
    out.kind = Kind::Array;
    for (const auto& item : value) out.items.push_back(ToMatcherArgument(item));
  } else {
    static_assert(kAlwaysFalse<T>,
                  "matchers take numbers, booleans, strings, nullptr, enums, nlohmann::json "
                  "and containers of these");
  }
  return out;
}

Matcher IsCore(const MatcherArgument& argument);
// Is(100) .. Is(599), made once and shared (see IsCore); null for any other code.
inline constexpr std::int64_t kFirstSharedStatus = 100;
inline constexpr std::int64_t kLastSharedStatus = 599;
const Matcher* SharedStatusIs(std::int64_t code);
// `greater` selects GreaterThan, else LessThan; `name` is for the usage error.
Matcher OrderCore(const MatcherArgument& argument, bool greater, const char* name);
Matcher IsNullCore();
Matcher HasLenCore(std::size_t length);
Matcher OneOfCore(std::initializer_list<MatcherArgument> arguments);
// A template only so that std::regex, the costliest thing to compile here, is
// instantiated where Matches is used (header-only) or once (attest::compiled).
template <class Char>
Matcher MatchesCore(std::string pattern);
#if !ATTEST_HEADER_ONLY
extern template Matcher MatchesCore<char>(std::string pattern);
#endif

}  // namespace detail

// Equal under the typed rules above. Is(200) -> "200", Is("") -> "\"\"".
template <class T>
Matcher Is(const T& expected) {
  // A status code, the commonest argument, skips the conversion to a MatcherArgument.
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool> && !std::is_same_v<T, char>) {
    if (std::in_range<std::int64_t>(expected)) {
      if (const Matcher* shared = detail::SharedStatusIs(static_cast<std::int64_t>(expected))) return *shared;
    }
  }
  return detail::IsCore(detail::ToMatcherArgument(expected));
}

// std::regex ECMAScript, search semantics (like Go's MatchString: anchor with ^ and $),
// against strings as they are and other values as compact JSON. An invalid pattern
// throws UsageError at once, naming the pattern and the error.
template <class Char = char>
Matcher Matches(std::string pattern) {
  return detail::MatchesCore<Char>(std::move(pattern));
}

// Numeric when both sides are numbers or numeric strings, byte-wise when both are
// strings, otherwise no match (with a reason). The bound must be a number or a string.
template <class T>
Matcher GreaterThan(const T& bound) {
  return detail::OrderCore(detail::ToMatcherArgument(bound), true, "GreaterThan");
}
template <class T>
Matcher LessThan(const T& bound) {
  return detail::OrderCore(detail::ToMatcherArgument(bound), false, "LessThan");
}

// Passes on JSON null and on a missing value. The type parameter is accepted and
// ignored so that the seeds' IsNull[string]() ports as IsNull<std::string>().
template <class T = void>
Matcher IsNull() {
  return detail::IsNullCore();
}

// A substring of a string, or an element of an array (compared as Is compares).
Matcher Contains(std::string needle);

// String length in bytes, array size or object size. HasLen<std::string>(4) also compiles.
template <class T = void>
Matcher HasLen(std::size_t length) {
  return detail::HasLenCore(length);
}

// Passes when Is(value) passes for any of the values.
template <class... T>
Matcher OneOf(const T&... values) {
  static_assert(sizeof...(T) > 0, "OneOf needs at least one value");
  return detail::OneOfCore({detail::ToMatcherArgument(values)...});
}

// Passes exactly when `inner` does not; a missing value does not match most matchers,
// so Not(Is(500)) passes on it, while Not(IsNull()) fails on it.
Matcher Not(Matcher inner);

}  // namespace attest

#if ATTEST_HEADER_ONLY
#include "attest/dsl/detail/matchers_inl.hpp"
#endif
