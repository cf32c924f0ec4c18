// Matches, IsNull, Contains, HasLen, Not, Actual and custom matchers.
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "attest/dsl/matchers.hpp"
#include "match_helpers.hpp"
#include "support/catch.hpp"

using namespace attest;
using attest_test::Passes;
using attest_test::Reason;
using nlohmann::json;

namespace {
// The message of the UsageError that Matches(pattern) throws; fails the test if none.
std::string RegexError(const std::string& pattern) {
  try {
    (void)Matches(pattern);
  } catch (const UsageError& error) {
    return error.what();
  }
  FAIL("no UsageError for pattern /" << pattern << "/");
  return {};
}
}  // namespace

TEST_CASE("Matches: search semantics, anchors when asked") {
  CHECK(Passes(Matches("not found"), json("key not found\n")));
  CHECK(Passes(Matches("^key not found\n?$"), json("key not found\n")));
  CHECK(Passes(Matches("^key not found\n?$"), json("key not found")));
  CHECK_FALSE(Passes(Matches("^key not found\n?$"), json("the key not found")));
  CHECK_FALSE(Passes(Matches("^key not found$"), json("key not found\n\n")));
  CHECK(Passes(Matches("^[0-9]+$"), json("12345")));
  CHECK_FALSE(Passes(Matches("^[0-9]+$"), json("123a45")));
  CHECK(Passes(Matches(R"(^http://10\.0\.42\.\d+:\d+/kv/foo$)"), json("http://10.0.42.3:8080/kv/foo")));
  CHECK(Passes(Matches(""), json("")));
}

TEST_CASE("Matches: ECMAScript features such as lookahead and groups work") {
  CHECK(Passes(Matches("^(?=.*\\d)[a-z0-9]+$"), json("abc1")));
  CHECK_FALSE(Passes(Matches("^(?=.*\\d)[a-z0-9]+$"), json("abc")));
  CHECK(Passes(Matches("^(?:ab)+$"), json("abab")));
  CHECK(Passes(Matches("^(a|b)c$"), json("bc")));
  CHECK(Passes(Matches("\\bkey\\b"), json("the key is")));
  CHECK_FALSE(Passes(Matches("\\bkey\\b"), json("keys")));
  CHECK(Passes(Matches("x|^$"), json("")));
  CHECK_FALSE(Passes(Matches("^b"), json("ab")));  // ^ holds at the start only
  CHECK_FALSE(Passes(Matches("a$"), json("ab")));
  CHECK(Passes(Matches("\\0"), json(std::string(1, '\0'))));  // \0 is NUL, not a back-reference
}

TEST_CASE("Matches: non-string values are matched as compact JSON") {
  CHECK(Passes(Matches("^20[0-9]$"), json(204)));
  CHECK(Passes(Matches("^2\\.5$"), json(2.5)));
  CHECK(Passes(Matches("^true$"), json(true)));
  CHECK(Passes(Matches("^null$"), json(nullptr)));
  CHECK(Passes(Matches(R"(^\["a","b"\]$)"), json({"a", "b"})));
  CHECK(Passes(Matches(R"("k":1)"), json({{"k", 1}})));
}

TEST_CASE("Matches: a missing value fails") { CHECK_FALSE(Matches(".*").Match(Actual::Missing()).ok); }

TEST_CASE("Matches: large bodies neither crash nor backtrack exponentially") {
  // The default libstdc++ engine recurses per character and overflows the stack near
  // 100 KB; 300 KB here would crash if the polynomial engine were not used.
  const std::string digits(300'000, '7');
  CHECK(Passes(Matches("^[0-9]+$"), json(digits)));
  CHECK(Passes(Matches("^(a|7)*$"), json(digits)));
  CHECK_FALSE(Passes(Matches("^[0-9]+$"), json(digits + "x")));
  // Exponential for a backtracking engine (seconds at 25 characters), instant here.
  CHECK_FALSE(Passes(Matches("^(a+)+b$"), json(std::string(40, 'a'))));
}

// Regression (fuzz/regressions/matchers/backreference_*): with a back-reference std::regex
// needs its backtracking engine, which overflowed the stack on large bodies.
TEST_CASE("Matches: back-references are refused with an error naming the pattern") {
  CHECK_THROWS_WITH(Matches("(\\w)\\1"),
                    "Matches: regular expression /(\\w)\\1/ uses the back-reference \\1, which "
                    "attest refuses: std::regex runs back-references only with its backtracking "
                    "engine, which can take exponential time and overflow the stack on large "
                    "bodies");
  CHECK(RegexError("(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)\\10").find("back-reference \\10,") != std::string::npos);
  CHECK_THROWS_AS(Matches("^(a+)\\1$"), UsageError);
  // Escaped backslashes, \0 and digits in a class are not back-references.
  CHECK_NOTHROW(Matches("\\\\1"));
  CHECK(Passes(Matches("^\\\\1$"), json("\\1")));
  CHECK_NOTHROW(Matches("\\01"));
  CHECK_NOTHROW(Matches("[1-9]\\d"));
}

// Regression (fuzz/regressions/matchers/repetition_100000): std::regex copies a repeated
// part once per count; a{100000} took seconds and most of the state limit to compile.
TEST_CASE("Matches: repetition counts above 1000 are refused with an error naming the pattern") {
  CHECK_THROWS_WITH(Matches("a{100000}"),
                    "Matches: regular expression /a{100000}/ repeats 100000 times; attest "
                    "refuses repetition counts above 1000 (std::regex copies the repeated part "
                    "once per count)");
  CHECK(RegexError("^x{2,5000}$").find("repeats 5000 times") != std::string::npos);
  CHECK(RegexError("(ab){1001,}").find("repeats 1001 times") != std::string::npos);
  CHECK(RegexError("a{99999999999999999999999}").find("refuses repetition counts") != std::string::npos);
  CHECK(Passes(Matches("^a{1000}$"), json(std::string(1000, 'a'))));
  CHECK(Passes(Matches("^[0-9]{1,3}(\\.[0-9]{1,3}){3}$"), json("10.0.42.3")));
  // Braces inside a class or escaped are not counts.
  CHECK(Passes(Matches("[{]5000}"), json("{5000}")));
  CHECK(Passes(Matches("\\{5000\\}"), json("{5000}")));
}

// Regression (fuzz/regressions/matchers/long_pattern_200000): libstdc++'s regex compiler
// recursed once per term and overflowed the stack on a pattern of 200000 characters.
TEST_CASE("Matches: patterns longer than 4096 bytes are refused with an error naming the pattern") {
  CHECK_THROWS_WITH(Matches(std::string(100'000, 'a')),
                    "Matches: the regular expression /" + std::string(40, 'a') +
                        "/... is 100000 bytes long; attest refuses patterns longer than 4096 "
                        "bytes (std::regex compiles them with one level of recursion per term)");
  CHECK(Passes(Matches(std::string(4096, 'a')), json(std::string(4096, 'a'))));
  const std::string nested = std::string(2048, '(') + std::string(2048, ')');
  CHECK(Passes(Matches(nested), json("")));
}

// Regression (fuzz/regressions/body_matchers/search_quadratic): regex_search tried every
// start position, each a walk to the end of the body, so a 1 MB body that did not match
// took hours. No clock here (timings belong to benchmarks): a quadratic search would not
// finish within the test's ctest timeout, and a linear one takes a second or two.
TEST_CASE("Matches: a search reads the body once, whatever its size") {
  const std::string body(1'000'000, 'a');
  CHECK_FALSE(Passes(Matches("a*b"), json(body)));
  CHECK_FALSE(Passes(Matches("(a|aa)*c"), json(body)));
  CHECK(Passes(Matches("a{3}$"), json(body)));
}

TEST_CASE("Matches: an invalid pattern is a usage error at once, naming pattern and error") {
  CHECK_THROWS_WITH(Matches("(abc"),
                    "Matches: invalid regular expression /(abc/: Mismatched "
                    "'(' and ')' in regular expression");
  CHECK_THROWS_WITH(Matches("[a-"),
                    "Matches: invalid regular expression /[a-/: Invalid end of "
                    "'[x-x]' range in regular expression");
  CHECK_THROWS_AS(Matches("a{2,1}"), UsageError);
  // Balanced only once wrapped for the one-pass search: still refused as written.
  CHECK_THROWS_AS(Matches("a)(?:b"), UsageError);
  CHECK_THROWS_AS(Matches("a)|("), UsageError);
}

TEST_CASE("Matches: Go-style inline flags get a hint about ECMAScript") {
  const std::string hint = " (std::regex uses ECMAScript syntax, which has no inline flags such as (?i))";
  const std::string flagged = RegexError("(?i)abc");
  CHECK(flagged.rfind("Matches: invalid regular expression /(?i)abc/: ", 0) == 0);
  CHECK(flagged.size() > hint.size());
  CHECK(flagged.substr(flagged.size() - hint.size()) == hint);
  CHECK(RegexError("(?P<name>x)").find(hint) != std::string::npos);
  // A real mistake next to valid (?:...) and (?=...) groups gets no hint.
  CHECK(RegexError("(?:a)(?=b)(").find("inline flags") == std::string::npos);
}

TEST_CASE("IsNull: passes on null and on a missing value only") {
  CHECK(Passes(IsNull(), json(nullptr)));
  CHECK(IsNull().Match(Actual::Missing()).ok);
  CHECK_FALSE(Passes(IsNull(), json("")));
  CHECK_FALSE(Passes(IsNull(), json("null")));
  CHECK_FALSE(Passes(IsNull(), json(0)));
  CHECK_FALSE(Passes(IsNull(), json::array()));
  CHECK_FALSE(Passes(IsNull(), json::object()));
}

TEST_CASE("IsNull<std::string>() is the seeds' spelling and behaves the same") {
  CHECK(IsNull<std::string>().Match(Actual::Missing()).ok);
  CHECK(Passes(IsNull<std::string>(), json(nullptr)));
  CHECK_FALSE(Passes(IsNull<std::string>(), json("n1")));
  CHECK(IsNull<std::string>().Describe() == "null");
}

TEST_CASE("Contains: a substring of a string") {
  CHECK(Passes(Contains("error"), json("internal error: boom")));
  CHECK(Passes(Contains(""), json("")));
  CHECK(Passes(Contains("Hello"), json("Hello")));
  CHECK_FALSE(Passes(Contains("error"), json("Error")));
  CHECK_FALSE(Passes(Contains("longer"), json("long")));
  CHECK_FALSE(Contains("x").Match(Actual::Missing()).ok);
}

TEST_CASE("Contains: an element of an array, compared as Is compares") {
  CHECK(Passes(Contains("n2"), json({"n1", "n2", "n3"})));
  CHECK_FALSE(Passes(Contains("n"), json({"n1", "n2"})));  // elements, not substrings
  CHECK(Passes(Contains("3"), json({1, 2, 3})));
  CHECK(Passes(Contains("true"), json({false, true})));
  CHECK_FALSE(Passes(Contains("4"), json({1, 2, 3})));
  CHECK_FALSE(Passes(Contains("x"), json::array()));
}

TEST_CASE("Contains: other values do not match, with a reason") {
  CHECK(Reason(Contains("2"), json(123)) == "expected a string or an array, got a number");
  CHECK(Reason(Contains("k"), json({{"k", 1}})) == "expected a string or an array, got an object");
  CHECK(Reason(Contains("x"), json(nullptr)) == "expected a string or an array, got null");
}

TEST_CASE("HasLen: string bytes, array size, object size") {
  CHECK(Passes(HasLen(4), json("abcd")));
  CHECK(Passes(HasLen(0), json("")));
  CHECK(Passes(HasLen(2), json("\xc3\xa9")));  // one character, two bytes
  CHECK(Passes(HasLen(3), json({1, 2, 3})));
  CHECK(Passes(HasLen(0), json::array()));
  CHECK(Passes(HasLen(2), json({{"a", 1}, {"b", 2}})));
  CHECK_FALSE(Passes(HasLen(3), json("abcd")));
  CHECK(Reason(HasLen(3), json("abcd")) == "has length 4");
  CHECK(Reason(HasLen(4), json({1})) == "has length 1");
  CHECK_FALSE(HasLen(0).Match(Actual::Missing()).ok);
}

TEST_CASE("HasLen: numbers, booleans and null have no length") {
  CHECK(Reason(HasLen(3), json(123)) == "expected a string, an array or an object, got a number");
  CHECK(Reason(HasLen(4), json(true)) == "expected a string, an array or an object, got a boolean");
  CHECK(Reason(HasLen(0), json(nullptr)) == "expected a string, an array or an object, got null");
}

TEST_CASE("HasLen<std::string>(n) is the seeds' spelling and behaves the same") {
  CHECK(Passes(HasLen<std::string>(4), json({"n2", "n3", "n4", "n5"})));
  CHECK(HasLen<std::string>(4).Describe() == "of length 4");
}

TEST_CASE("Not: negates the inner matcher") {
  CHECK(Passes(Not(Is(500)), json(200)));
  CHECK_FALSE(Passes(Not(Is(500)), json(500)));
  CHECK(Passes(Not(Contains("panic")), json("all good")));
  CHECK_FALSE(Passes(Not(Contains("panic")), json("panic: nil map")));
  CHECK(Passes(Not(Not(Is(1))), json(1)));
}

TEST_CASE("Not: a missing value counts as not matching the inner matcher") {
  CHECK(Not(Is(500)).Match(Actual::Missing()).ok);
  CHECK(Not(Contains("x")).Match(Actual::Missing()).ok);
  CHECK_FALSE(Not(IsNull()).Match(Actual::Missing()).ok);  // IsNull passes on missing
  CHECK(Passes(Not(IsNull()), json("n1")));
}

TEST_CASE("Actual: Missing, Of, Value and Describe") {
  const Actual missing = Actual::Missing();
  CHECK(missing.IsMissing());
  CHECK(missing.Describe() == "<missing>");
  CHECK_THROWS_WITH(missing.Value(), "Actual::Value() called on a missing value; check IsMissing() first");
  const Actual status = Actual::Of(404);
  CHECK_FALSE(status.IsMissing());
  CHECK(status.Value() == json(404));
  CHECK(status.Describe() == "404");
  CHECK(Actual::Of(json(nullptr)).Describe() == "null");
  CHECK_FALSE(Actual::Of(json(nullptr)).IsMissing());
  CHECK(Actual::Of("key not found\n").Describe() == "\"key not found\\n\"");
}

TEST_CASE("Matcher: a custom matcher is a description and a function") {
  const Matcher even("even", [](const Actual& actual) {
    if (actual.IsMissing() || !actual.Value().is_number_integer()) {
      return MatchResult{false, "not an integer"};
    }
    return MatchResult{actual.Value().get<long>() % 2 == 0, {}};
  });
  CHECK(even.Describe() == "even");
  CHECK(Passes(even, json(4)));
  CHECK_FALSE(Passes(even, json(3)));
  CHECK(Reason(even, json("x")) == "not an integer");
  CHECK(Not(even).Describe() == "not even");
  CHECK(Passes(Not(even), json(3)));
}

TEST_CASE("Matcher: an empty match function is a usage error") {
  CHECK_THROWS_WITH(Matcher("broken", Matcher::MatchFunction{}),
                    "Matcher \"broken\": the match function is empty");
}

TEST_CASE("Matcher: a custom matcher may derive its own state, holding its data") {
  struct Divisible final : Matcher::State {
    explicit Divisible(long by) : State("divisible by " + std::to_string(by)), divisor(by) {}
    MatchResult Match(const Actual& actual) const override {
      if (actual.IsMissing() || !actual.Value().is_number_integer())
        return MatchResult{false, "not an integer"};
      return MatchResult{actual.Value().get<long>() % divisor == 0, {}};
    }
    long divisor;
  };
  const Matcher by_three(std::make_shared<const Divisible>(3));
  CHECK(by_three.Describe() == "divisible by 3");
  CHECK(Passes(by_three, json(9)));
  CHECK_FALSE(Passes(by_three, json(10)));
  CHECK(Reason(by_three, json("9")) == "not an integer");
  CHECK_THROWS_WITH(Matcher(std::shared_ptr<const Matcher::State>()), "Matcher: the state is null");
}

TEST_CASE("Is: status codes and other numbers describe and match alike") {
  // Is(100) .. Is(599) are made once and shared; the values around them are made per call.
  for (const int code : {99, 100, 200, 404, 599, 600, -200}) {
    const Matcher is = Is(code);
    CHECK(is.Describe() == std::to_string(code));
    CHECK(Passes(is, json(code)));
    CHECK(Passes(is, json(std::to_string(code))));
    CHECK(Passes(is, json(static_cast<double>(code))));
    CHECK_FALSE(Passes(is, json(code + 1)));
    CHECK_FALSE(is.Match(Actual::Missing()).ok);
  }
  CHECK(Reason(Is(200), json("OK")) == "not a number: \"OK\"");
}

TEST_CASE("Is: a status code of any integer type is the same shared matcher") {
  // The description lives in the matcher's state: one address, one state.
  const Matcher is_200 = Is(200);
  const auto shared = [&](const Matcher& is) { return &is.Describe() == &is_200.Describe(); };
  CHECK(shared(Is(200u)));
  CHECK(shared(Is(static_cast<short>(200))));
  CHECK(shared(Is(std::uint64_t{200})));
  CHECK_FALSE(shared(Is(201)));
  CHECK_FALSE(shared(Is(200.0)));
  CHECK(Passes(Is(200u), json(std::uint64_t{200})));
  CHECK_FALSE(Passes(Is(200), json(std::uint64_t{18446744073709551615ULL})));
  // Values no shared matcher has still match as numbers.
  CHECK(Passes(Is(std::uint64_t{18446744073709551615ULL}), json(std::uint64_t{18446744073709551615ULL})));
  CHECK(Is(std::uint64_t{18446744073709551615ULL}).Describe() == "18446744073709551615");
  CHECK(Passes(Is(std::int64_t{-9223372036854775807LL - 1}), json(std::int64_t{-9223372036854775807LL - 1})));
  // A bool and a char are not numbers.
  CHECK(Is(true).Describe() == "true");
  CHECK(Passes(Is('x'), json("x")));
}

TEST_CASE("Matcher: copies share state and stay valid after the original is gone") {
  std::vector<Matcher> kept;
  {
    const Matcher original = Matches("^v[0-9]+$");
    kept.push_back(original);
    kept.push_back(Not(original));
  }
  CHECK(Passes(kept[0], json("v12")));
  CHECK_FALSE(Passes(kept[1], json("v12")));
  CHECK(kept[1].Describe() == "not matching /^v[0-9]+$/");
}

TEST_CASE("Matcher: one matcher may be used from several threads at once") {
  // Concurrently() checks many nodes in parallel with the same matchers.
  const std::vector<Matcher> matchers = {Matches("^node-[0-9]+$"), Is("node-7"), GreaterThan(3),
                                         Contains("node"), OneOf("node-1", "node-7")};
  std::vector<int> passes(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        for (const Matcher& matcher : matchers) {
          if (matcher.Match(Actual::Of("node-7")).ok) ++passes[static_cast<std::size_t>(t)];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  // GreaterThan(3) cannot compare "node-7" with a number; the other four pass.
  for (const int count : passes) CHECK(count == 200 * 4);
}
