// require:: assertions for scripts and actor code. A failed assertion throws
// attest::dst::AssertionFailure whose message shows the values and where the assertion
// is; inside generated code that place is the spec's file and line (the generator wraps
// scripts in #line directives, and the location is taken at the call site).
//
//   auto id = actors.taskStore->Enqueue(ctx, "A", 1, 1, {});
//   require::True(id > 0);                 // e2e.yaml:31: require::True failed
//   require::Equal(2, store->Size());      // e2e.yaml:32: require::Equal failed: expected 2, actual 3
//   require::Throws<std::out_of_range>([&] { store->Get(99); });
#pragma once

#include <concepts>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "attest/detail/source_location.hpp"
#include "attest/dst/detail/describe.hpp"
#include "attest/error.hpp"

namespace attest::dst {

// Where an assertion was written, taken at the call site; honours #line, so inside
// generated code it is the spec's file and line.
using SourceLocation = attest::detail::SourceLocation;

class AssertionFailure : public Error {
 public:
  AssertionFailure(std::string assertion, const std::string& detail, SourceLocation where,
                   std::string_view message)
      : Error(Compose(assertion, detail, where, message)), assertion_(std::move(assertion)), where_(where) {}
  // "require::Equal"
  const std::string& Assertion() const noexcept { return assertion_; }
  SourceLocation Where() const noexcept { return where_; }

 private:
  static std::string Compose(const std::string& assertion, const std::string& detail, SourceLocation where,
                             std::string_view message) {
    std::string text = where.FullString() + ": " + assertion + " failed";
    if (!message.empty()) text += ": " + std::string(message);
    if (!detail.empty()) text += "\n  " + detail;
    return text;
  }
  std::string assertion_;
  SourceLocation where_;
};

namespace detail {

// clang-format 14 misreads concept definitions and requires-expressions (it takes a
// template argument list for comparisons): these lines keep the layout they were given.
// clang-format off
template <class T>
concept NonBoolInteger = std::integral<std::remove_cvref_t<T>> &&
                         !std::same_as<std::remove_cvref_t<T>, bool> &&
                         !std::same_as<std::remove_cvref_t<T>, char>;

template <class T>
concept CharPointer = std::is_pointer_v<std::decay_t<T>> &&
                      std::same_as<std::remove_cv_t<std::remove_pointer_t<std::decay_t<T>>>, char>;

// ==, except that integers compare by value whatever their signedness (no surprise
// from -1 == 4294967295u) and C strings compare by content, not by address.
template <class A, class B>
bool Equals(const A& a, const B& b) {
  if constexpr (NonBoolInteger<A> && NonBoolInteger<B>) {
    return std::cmp_equal(a, b);
  } else if constexpr ((CharPointer<A> || CharPointer<B>) && StringLike<A> && StringLike<B>) {
    return std::string_view(a) == std::string_view(b);
  } else {
    static_assert(requires { a == b; }, "require::Equal: the two values cannot be compared with ==");
    return static_cast<bool>(a == b);
  }
}

template <class A, class B>
bool Less(const A& a, const B& b) {
  if constexpr (NonBoolInteger<A> && NonBoolInteger<B>) {
    return std::cmp_less(a, b);
  } else {
    static_assert(requires { a < b; }, "require: the two values cannot be compared with <");
    return static_cast<bool>(a < b);
  }
}
// clang-format on

[[noreturn]] inline void Fail(const char* assertion, const std::string& detail, SourceLocation where,
                              std::string_view message) {
  throw AssertionFailure(assertion, detail, where, message);
}

}  // namespace detail

namespace require {

using attest::dst::SourceLocation;

inline void True(bool condition, std::string_view message = {},
                 SourceLocation where = SourceLocation::Current()) {
  if (!condition) detail::Fail("require::True", "expected true, got false", where, message);
}

inline void False(bool condition, std::string_view message = {},
                  SourceLocation where = SourceLocation::Current()) {
  if (condition) detail::Fail("require::False", "expected false, got true", where, message);
}

// Fails unconditionally: for branches a scenario must never reach.
[[noreturn]] inline void Fail(std::string_view message, SourceLocation where = SourceLocation::Current()) {
  detail::Fail("require::Fail", "", where, message);
}

template <class Expected, class Actual>
void Equal(const Expected& expected, const Actual& actual, std::string_view message = {},
           SourceLocation where = SourceLocation::Current()) {
  if (!detail::Equals(expected, actual)) {
    detail::Fail("require::Equal",
                 "expected " + detail::Describe(expected) + ", actual " + detail::Describe(actual), where,
                 message);
  }
}

template <class A, class B>
void NotEqual(const A& unexpected, const B& actual, std::string_view message = {},
              SourceLocation where = SourceLocation::Current()) {
  if (detail::Equals(unexpected, actual)) {
    detail::Fail(
        "require::NotEqual",
        "expected anything but " + detail::Describe(unexpected) + ", actual " + detail::Describe(actual),
        where, message);
  }
}

// actual >= minimum
template <class A, class B>
void AtLeast(const A& actual, const B& minimum, std::string_view message = {},
             SourceLocation where = SourceLocation::Current()) {
  if (detail::Less(actual, minimum)) {
    detail::Fail("require::AtLeast",
                 "expected at least " + detail::Describe(minimum) + ", actual " + detail::Describe(actual),
                 where, message);
  }
}

// actual <= maximum
template <class A, class B>
void AtMost(const A& actual, const B& maximum, std::string_view message = {},
            SourceLocation where = SourceLocation::Current()) {
  if (detail::Less(maximum, actual)) {
    detail::Fail("require::AtMost",
                 "expected at most " + detail::Describe(maximum) + ", actual " + detail::Describe(actual),
                 where, message);
  }
}

// actual < bound
template <class A, class B>
void Less(const A& actual, const B& bound, std::string_view message = {},
          SourceLocation where = SourceLocation::Current()) {
  if (!detail::Less(actual, bound)) {
    detail::Fail("require::Less",
                 "expected less than " + detail::Describe(bound) + ", actual " + detail::Describe(actual),
                 where, message);
  }
}

// actual > bound
template <class A, class B>
void Greater(const A& actual, const B& bound, std::string_view message = {},
             SourceLocation where = SourceLocation::Current()) {
  if (!detail::Less(bound, actual)) {
    detail::Fail("require::Greater",
                 "expected greater than " + detail::Describe(bound) + ", actual " + detail::Describe(actual),
                 where, message);
  }
}

// A string containing a substring, or a range containing an element.
template <class Haystack, class Needle>
void Contains(const Haystack& haystack, const Needle& needle, std::string_view message = {},
              SourceLocation where = SourceLocation::Current()) {
  bool found = false;
  if constexpr (detail::StringLike<Haystack>) {
    found = std::string_view(haystack).find(std::string_view(needle)) != std::string_view::npos;
  } else {
    for (const auto& element : haystack) {
      if (detail::Equals(element, needle)) {
        found = true;
        break;
      }
    }
  }
  if (!found) {
    detail::Fail("require::Contains",
                 detail::Describe(haystack) + " does not contain " + detail::Describe(needle), where,
                 message);
  }
}

// Runs fn; any exception fails the assertion with its type and message. Returns what
// fn returns, so `auto id = require::NoThrow([&] { return store->Enqueue(...); });`.
template <class F>
decltype(auto) NoThrow(F&& fn, std::string_view message = {},
                       SourceLocation where = SourceLocation::Current()) {
  try {
    return std::forward<F>(fn)();
  } catch (...) {
    detail::Fail("require::NoThrow",
                 "threw " + detail::CurrentExceptionTypeName() + ": " + detail::CurrentExceptionText(), where,
                 message);
  }
}

// Runs fn, which must throw (anything).
template <class F>
void Throws(F&& fn, std::string_view message = {}, SourceLocation where = SourceLocation::Current()) {
  try {
    std::forward<F>(fn)();
  } catch (...) {
    return;
  }
  detail::Fail("require::Throws", "expected an exception, none was thrown", where, message);
}

// Runs fn, which must throw an E (or a type derived from E); returns a copy of it so
// its message can be checked. Another exception type fails, naming the type thrown.
template <std::copy_constructible E, class F>
E Throws(F&& fn, std::string_view message = {}, SourceLocation where = SourceLocation::Current()) {
  try {
    std::forward<F>(fn)();
  } catch (const E& expected) {
    return expected;
  } catch (...) {
    detail::Fail("require::Throws",
                 "expected an exception of type " + detail::TypeName<E>() + ", got " +
                     detail::CurrentExceptionTypeName() + ": " + detail::CurrentExceptionText(),
                 where, message);
  }
  detail::Fail("require::Throws",
               "expected an exception of type " + detail::TypeName<E>() + ", none was thrown", where,
               message);
}

}  // namespace require
}  // namespace attest::dst
