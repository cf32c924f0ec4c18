// GreaterThan and LessThan: numeric, lexicographic, or no match with a reason.
#include <cstdint>
#include <limits>
#include <string>

#include <nlohmann/json.hpp>

#include "attest/dsl/matchers.hpp"
#include "match_helpers.hpp"
#include "support/catch.hpp"

using namespace attest;
using attest_test::Passes;
using attest_test::Reason;
using nlohmann::json;

TEST_CASE("GreaterThan/LessThan: numbers compare as numbers, strictly") {
  CHECK(Passes(GreaterThan(3), json(4)));
  CHECK_FALSE(Passes(GreaterThan(3), json(3)));
  CHECK_FALSE(Passes(GreaterThan(3), json(2)));
  CHECK(Passes(GreaterThan(3), json(3.5)));
  CHECK(Passes(GreaterThan(2.5), json(3)));
  CHECK(Passes(LessThan(100), json(99)));
  CHECK_FALSE(Passes(LessThan(100), json(100)));
  CHECK_FALSE(Passes(LessThan(100), json(100.0)));
  CHECK(Passes(LessThan(0), json(-1)));
  CHECK(Passes(GreaterThan(-1), json(0u)));
}

TEST_CASE("GreaterThan/LessThan: integers beyond double precision stay exact") {
  const std::uint64_t big = std::numeric_limits<std::uint64_t>::max();
  CHECK(Passes(GreaterThan(big - 1), json(big)));
  CHECK_FALSE(Passes(GreaterThan(big), json(big)));
  CHECK(Passes(LessThan(big), json(std::numeric_limits<std::int64_t>::min())));
  const std::int64_t large = (std::int64_t{1} << 53) + 1;
  CHECK(Passes(GreaterThan(large - 1), json(large)));
}

TEST_CASE("GreaterThan/LessThan: numeric strings compare numerically, both ways") {
  // The Go original compares text, where "10" > "9" is false.
  CHECK(Passes(GreaterThan("9"), json(10)));
  CHECK(Passes(GreaterThan("9"), json("10")));
  CHECK(Passes(GreaterThan(9), json("10")));
  CHECK(Passes(LessThan("100"), json("99")));
  CHECK(Passes(LessThan("1e3"), json(999.5)));
  CHECK(Passes(GreaterThan("-3.5"), json("-3")));
  CHECK_FALSE(Passes(GreaterThan("10"), json("9")));
  CHECK_FALSE(Passes(LessThan("5"), json("5.0")));
}

TEST_CASE("GreaterThan/LessThan: two strings that are not both numeric compare byte-wise") {
  CHECK(Passes(GreaterThan("apple"), json("banana")));
  CHECK_FALSE(Passes(GreaterThan("banana"), json("apple")));
  CHECK(Passes(LessThan("b"), json("a")));
  CHECK_FALSE(Passes(LessThan("a"), json("a")));
  CHECK(Passes(GreaterThan("abc"), json("abcd")));
  CHECK(Passes(LessThan("abc"), json("ABC")));
  CHECK(Passes(GreaterThan("10"), json("abc")));  // "a" (0x61) > "1" (0x31)
  CHECK(Passes(LessThan(""), json("")) == false);
  CHECK(Passes(GreaterThan(""), json("x")));
}

TEST_CASE("GreaterThan/LessThan: a number against a non-numeric string does not match") {
  CHECK(Reason(GreaterThan(3), json("abc")) == "cannot compare \"abc\" with > 3");
  CHECK(Reason(LessThan(3), json("")) == "cannot compare \"\" with < 3");
  CHECK(Reason(GreaterThan("abc"), json(5)) == "cannot compare 5 with > abc");
  CHECK_FALSE(Passes(GreaterThan(3), json("abc")));
}

TEST_CASE("GreaterThan/LessThan: booleans, null, arrays and objects do not compare") {
  CHECK(Reason(GreaterThan(0), json(true)) == "cannot compare true with > 0");
  CHECK(Reason(LessThan(1), json(nullptr)) == "cannot compare null with < 1");
  CHECK(Reason(GreaterThan("a"), json({1, 2})) == "cannot compare [1,2] with > a");
  CHECK(Reason(LessThan("a"), json({{"k", "v"}})) == "cannot compare {\"k\":\"v\"} with < a");
}

TEST_CASE("GreaterThan/LessThan: NaN built in C++ is unordered") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK_FALSE(Passes(GreaterThan(0), json(nan)));
  CHECK_FALSE(Passes(LessThan(0), json(nan)));
  CHECK(Reason(LessThan(0), json(nan)) == "cannot compare null with < 0");
}

TEST_CASE("GreaterThan/LessThan: a missing value never matches") {
  CHECK_FALSE(GreaterThan(0).Match(Actual::Missing()).ok);
  CHECK_FALSE(LessThan("z").Match(Actual::Missing()).ok);
}

TEST_CASE("GreaterThan/LessThan: a bound that is neither a number nor a string is a usage error") {
  CHECK_THROWS_WITH(GreaterThan(true),
                    "GreaterThan(true): the bound must be a number or a string, not a boolean");
  CHECK_THROWS_WITH(LessThan(nullptr), "LessThan(null): the bound must be a number or a string, not null");
  CHECK_THROWS_WITH(GreaterThan(json({1})),
                    "GreaterThan([1]): the bound must be a number or a string, not an array");
  CHECK_THROWS_AS(LessThan(false), UsageError);
}
