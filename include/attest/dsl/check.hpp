// A Check is one request and what its answer must look like:
//
//   d.GET(Node("n1"), "/kv/key").Status(Is(200)).Body(Is("value")).Eventually().Run();
//   d.GET(Node("n1"), "/kv/key").Status(200).Body("value").Run();   // plain value = Is(value)
//
// It is built by Do, refined by chainable modifiers and executed by Run(), which throws
// attest::Failure with a FailureReport when the nodes do not answer as expected.
// A Check that is built but never run is a bug in the test: the type and every modifier
// are [[nodiscard]], and a Check destroyed without Run() is recorded and fails the test
// that dropped it, naming the file and line where it was built.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "attest/detail/inline.hpp"
#include "attest/detail/source_location.hpp"
#include "attest/dsl/matchers.hpp"
#include "attest/dsl/selector.hpp"
#include "attest/http/message.hpp"

namespace attest {

// Request headers: H{{"Content-Type", "application/json"}}.
using H = std::vector<std::pair<std::string, std::string>>;

namespace detail {

class RunState;  // dsl/detail/run_state.hpp

enum class CheckMode { Once, Eventually, Consistently };

// One matcher applied to one part of the response. A modifier with several matchers,
// .JSON("term", GreaterThan(2), LessThan(9)), adds one expectation for each.
struct Expectation {
  enum class Kind { Status, Body, Json, Header };
  Kind kind = Kind::Status;
  std::string key;  // JSON path or header name
  Matcher matcher;

  std::string Subject() const;  // "status", "json term", "header Location"
};

// A check's expectations, in the order given. The first two are held inline: nearly
// every check has one or two (a status, a body), and a check is built for every
// request a suite sends, thousands of times in a Concurrently.
class ExpectationList {
 public:
  class Iterator {
   public:
    const Expectation& operator*() const { return (*list_)[index_]; }
    const Expectation* operator->() const { return &(*list_)[index_]; }
    Iterator& operator++() {
      ++index_;
      return *this;
    }
    bool operator==(const Iterator& other) const { return index_ == other.index_; }

   private:
    friend class ExpectationList;
    Iterator(const ExpectationList* list, std::size_t index) : list_(list), index_(index) {}
    const ExpectationList* list_;
    std::size_t index_;
  };

  ExpectationList() = default;
  ExpectationList(std::initializer_list<Expectation> expectations) {
    for (const auto& expectation : expectations) push_back(expectation);
  }

  void push_back(Expectation expectation) {
    if (inline_count_ < kInline) {
      inline_[inline_count_++].emplace(std::move(expectation));
    } else {
      more_.push_back(std::move(expectation));
    }
  }
  std::size_t size() const { return inline_count_ + more_.size(); }
  bool empty() const { return inline_count_ == 0; }
  const Expectation& operator[](std::size_t i) const {
    return i < kInline ? *inline_[i] : more_[i - kInline];
  }
  Iterator begin() const { return {this, 0}; }
  Iterator end() const { return {this, size()}; }

 private:
  static constexpr std::size_t kInline = 2;
  std::array<std::optional<Expectation>, kInline> inline_;
  std::size_t inline_count_ = 0;
  std::vector<Expectation> more_;
};

// Everything a Check was told, as plain data; RunCheck executes it.
struct CheckSpec {
  http::Request request;  // sent as it is to every node, on every attempt
  NodeSelector selector{NodeSelector::Rule::All, {}};
  ExpectationList expectations;
  std::string hint;
  CheckMode mode = CheckMode::Once;
  std::optional<std::chrono::milliseconds> window;
  SourceLocation location;

  std::string Title() const { return request.method + " " + request.path; }     // "GET /kv/key"
  std::string Where() const { return Title() + " at " + location.ToString(); }  // "... at kv.cpp:12"
};

// Sends the requests and evaluates them; throws Failure when they fail.
void RunCheck(RunState& state, const CheckSpec& spec);
void RecordDroppedCheck(RunState& state, const CheckSpec& spec);
void AddExpectation(CheckSpec& spec, Expectation::Kind kind, std::string key,
                    std::initializer_list<Matcher> matchers);
void SetCheckMode(CheckSpec& spec, CheckMode mode, std::optional<std::chrono::milliseconds> timeout);

// What a modifier accepts: a matcher, or a plain value meaning Is(value).
template <class M>
Matcher AsMatcher(M&& matcher_or_value) {
  if constexpr (std::is_convertible_v<M&&, Matcher>) {
    return Matcher(std::forward<M>(matcher_or_value));
  } else {
    return Is(matcher_or_value);
  }
}

}  // namespace detail

// Through a macro because clang-format 14 misreads a class whose attribute takes an
// argument, and lays out every `Check&&` in it as `Check &&`.
#define ATTEST_CHECK_NODISCARD [[nodiscard("a Check does nothing until .Run() is called")]]
class ATTEST_CHECK_NODISCARD Check {
 public:
  // Built by Do's verbs (d.GET, d.PUT, ...), with the request's parts moved straight
  // into the check: a check is built for every request a suite sends.
  Check(std::shared_ptr<detail::RunState> state, const char* method, NodeSelector&& selector,
        std::string&& path, std::string&& body, H&& headers, detail::SourceLocation at);
  Check(Check&& other) noexcept;
  Check& operator=(Check&&) = delete;
  Check(const Check&) = delete;
  Check& operator=(const Check&) = delete;
  ~Check();

  // The response status must satisfy every matcher: .Status(Is(200)), or .Status(200).
  template <class... M>
  [[nodiscard("call .Run() to send the request")]] Check& Status(M&&... matchers) & {
    return Expect(Kind::Status, {}, {detail::AsMatcher(std::forward<M>(matchers))...});
  }
  template <class... M>
  [[nodiscard("call .Run() to send the request")]] Check&& Status(M&&... matchers) && {
    return std::move(Status(std::forward<M>(matchers)...));
  }

  // The response body, as text, must satisfy every matcher: .Body(Contains("ok")).
  template <class... M>
  [[nodiscard("call .Run() to send the request")]] Check& Body(M&&... matchers) & {
    return Expect(Kind::Body, {}, {detail::AsMatcher(std::forward<M>(matchers))...});
  }
  template <class... M>
  [[nodiscard("call .Run() to send the request")]] Check&& Body(M&&... matchers) && {
    return std::move(Body(std::forward<M>(matchers)...));
  }

  // The value at a gjson-style path of the JSON body: .JSON("entries.0.term", Is(1)).
  // A malformed path throws UsageError here, where it is written.
  template <class... M>
  // Moved into Expect: clang-tidy 14 misses a move in a call with a braced pack expansion.
  // NOLINTNEXTLINE(performance-unnecessary-value-param)
  [[nodiscard("call .Run() to send the request")]] Check& JSON(std::string path, M&&... matchers) & {
    return Expect(Kind::Json, std::move(path), {detail::AsMatcher(std::forward<M>(matchers))...});
  }
  template <class... M>
  [[nodiscard("call .Run() to send the request")]] Check&& JSON(std::string path, M&&... matchers) && {
    return std::move(JSON(std::move(path), std::forward<M>(matchers)...));
  }

  // A response header (case-insensitive name); a missing header matches only IsNull().
  template <class... M>
  // Moved into Expect: clang-tidy 14 misses a move in a call with a braced pack expansion.
  // NOLINTNEXTLINE(performance-unnecessary-value-param)
  [[nodiscard("call .Run() to send the request")]] Check& Header(std::string name, M&&... matchers) & {
    return Expect(Kind::Header, std::move(name), {detail::AsMatcher(std::forward<M>(matchers))...});
  }
  template <class... M>
  [[nodiscard("call .Run() to send the request")]] Check&& Header(std::string name, M&&... matchers) && {
    return std::move(Header(std::move(name), std::forward<M>(matchers)...));
  }

  // What to do next, shown under a failure.
  [[nodiscard("call .Run() to send the request")]] Check& Hint(std::string text) & {
    spec_.hint = std::move(text);
    return *this;
  }
  [[nodiscard("call .Run() to send the request")]] Check&& Hint(std::string text) && {
    return std::move(Hint(std::move(text)));
  }

  // Retry until the check passes or `timeout` (default: WithRetryTimeout) expires.
  // The first attempt is made at once.
  [[nodiscard("call .Run() to send the request")]] Check& Eventually(
      std::optional<std::chrono::milliseconds> timeout = std::nullopt) & {
    detail::SetCheckMode(spec_, detail::CheckMode::Eventually, timeout);
    return *this;
  }
  [[nodiscard("call .Run() to send the request")]] Check&& Eventually(
      std::optional<std::chrono::milliseconds> timeout = std::nullopt) && {
    return std::move(Eventually(timeout));
  }

  // The check must pass on every attempt for the whole of `timeout`.
  [[nodiscard("call .Run() to send the request")]] Check& Consistently(
      std::optional<std::chrono::milliseconds> timeout = std::nullopt) & {
    detail::SetCheckMode(spec_, detail::CheckMode::Consistently, timeout);
    return *this;
  }
  [[nodiscard("call .Run() to send the request")]] Check&& Consistently(
      std::optional<std::chrono::milliseconds> timeout = std::nullopt) && {
    return std::move(Consistently(timeout));
  }

  // Sends the request(s) and evaluates them; throws attest::Failure when they fail.
  void Run();

 private:
  using Kind = detail::Expectation::Kind;

  // Out of line, with the matchers as a list: the expectations are built in attest's
  // code, not in every modifier call of a suite file.
  Check& Expect(Kind kind, std::string key, std::initializer_list<Matcher> matchers);

  std::shared_ptr<detail::RunState> state_;
  detail::CheckSpec spec_;
  int uncaught_at_start_ = 0;
  bool pending_ = true;  // built and not yet run
};
#undef ATTEST_CHECK_NODISCARD

}  // namespace attest

#if ATTEST_HEADER_ONLY
#include "attest/dsl/detail/check_inl.hpp"
#endif
