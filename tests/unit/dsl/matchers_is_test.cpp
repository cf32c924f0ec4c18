// Is and OneOf: the typed equality rules, with each kind of actual value.
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "attest/dsl/matchers.hpp"
#include "match_helpers.hpp"
#include "support/catch.hpp"

using namespace attest;
using attest_test::Passes;
using attest_test::Reason;
using nlohmann::json;

TEST_CASE("Is: integers compare numerically with integers and floats") {
  CHECK(Passes(Is(200), json(200)));
  CHECK(Passes(Is(200), json(200.0)));
  CHECK(Passes(Is(200.0), json(200)));
  CHECK(Passes(Is(200u), json(200)));
  CHECK(Passes(Is(std::int64_t{-5}), json(-5.0)));
  CHECK_FALSE(Passes(Is(200), json(201)));
  CHECK_FALSE(Passes(Is(200), json(200.5)));
  CHECK_FALSE(Passes(Is(-1), json(std::numeric_limits<std::uint64_t>::max())));
}

TEST_CASE("Is: large integers keep every digit") {
  const std::uint64_t big = std::numeric_limits<std::uint64_t>::max();
  CHECK(Passes(Is(big), json(big)));
  CHECK_FALSE(Passes(Is(big), json(big - 1)));
  const std::int64_t large = (std::int64_t{1} << 53) + 1;  // not exact as a double
  CHECK(Passes(Is(large), json(large)));
  CHECK_FALSE(Passes(Is(large), json(large - 1)));
  CHECK(Passes(Is(large), json(std::to_string(large))));
  CHECK(Passes(Is(std::to_string(big)), json(big)));
}

TEST_CASE("Is: a number matches a numeric string, both ways") {
  CHECK(Passes(Is(42), json("42")));
  CHECK(Passes(Is(42), json("42.0")));
  CHECK(Passes(Is(1000), json("1e3")));
  CHECK(Passes(Is(-3.5), json("-3.5")));
  CHECK(Passes(Is("1"), json(1)));
  CHECK(Passes(Is("1.0"), json(1)));
  CHECK(Passes(Is("200"), json(200.0)));
  CHECK_FALSE(Passes(Is("2"), json(1)));
  CHECK_FALSE(Passes(Is(43), json("42")));
}

TEST_CASE("Is: strings that are not wholly a number do not match a number") {
  CHECK(Reason(Is(42), json("abc")) == "not a number: \"abc\"");
  CHECK(Reason(Is(42), json("")) == "not a number: \"\"");
  CHECK(Reason(Is(1), json(" 1")) == "not a number: \" 1\"");
  CHECK(Reason(Is(1), json("1 ")) == "not a number: \"1 \"");
  CHECK(Reason(Is(1), json("+1")) == "not a number: \"+1\"");
  CHECK(Reason(Is(16), json("0x10")) == "not a number: \"0x10\"");
  CHECK(Reason(Is(12), json("12abc")) == "not a number: \"12abc\"");
  CHECK(Reason(Is(42), json("42\n")) == "not a number: \"42\\n\"");
  CHECK_FALSE(Passes(Is(std::numeric_limits<double>::infinity()), json("inf")));
  CHECK_FALSE(Passes(Is("nan"), json(0)));
  CHECK_FALSE(Passes(Is("1e3x"), json(1000)));
}

TEST_CASE("Is: two strings compare exactly, even when both are numeric") {
  CHECK(Passes(Is("value"), json("value")));
  CHECK(Passes(Is("42"), json("42")));
  CHECK(Passes(Is(""), json("")));
  CHECK_FALSE(Passes(Is("1.0"), json("1")));
  CHECK_FALSE(Passes(Is("value"), json("Value")));
  CHECK_FALSE(Passes(Is("value"), json("value\n")));
  CHECK(Reason(Is("value"), json("other")).empty());
}

TEST_CASE("Is: booleans match booleans and the strings true/false, both ways") {
  CHECK(Passes(Is(true), json(true)));
  CHECK(Passes(Is(false), json(false)));
  CHECK(Passes(Is(true), json("true")));
  CHECK(Passes(Is(false), json("false")));
  CHECK(Passes(Is("true"), json(true)));
  CHECK(Passes(Is("false"), json(false)));
  CHECK_FALSE(Passes(Is(true), json(false)));
  CHECK_FALSE(Passes(Is(true), json("false")));
  CHECK_FALSE(Passes(Is("true"), json(false)));
  CHECK_FALSE(Passes(Is("yes"), json(true)));
  CHECK(Reason(Is(true), json("True")) == "not a boolean: \"True\"");
  CHECK(Reason(Is(true), json(1)) == "expected a boolean, got a number");
  CHECK(Reason(Is(1), json(true)) == "expected a number, got a boolean");
}

TEST_CASE("Is: null matches only null") {
  CHECK(Passes(Is(nullptr), json(nullptr)));
  CHECK(Passes(Is(json()), json(nullptr)));
  CHECK(Reason(Is(nullptr), json("")) == "expected null, got a string");
  CHECK(Reason(Is(nullptr), json(0)) == "expected null, got a number");
  CHECK(Reason(Is(nullptr), json("null")) == "expected null, got a string");
  CHECK(Reason(Is(""), json(nullptr)) == "expected a string, got null");
  CHECK(Reason(Is(0), json(nullptr)) == "expected a number, got null");
  CHECK(Reason(Is(false), json(nullptr)) == "expected a boolean, got null");
}

TEST_CASE("Is: arrays and objects compare as JSON") {
  CHECK(Passes(Is(json({1, 2, 3})), json::parse("[1, 2, 3]")));
  CHECK(Passes(Is(std::vector<std::string>{"n2", "n3"}), json::parse(R"(["n2","n3"])")));
  CHECK(Passes(Is(json({{"a", 1}, {"b", "x"}})), json::parse(R"({"b":"x","a":1})")));
  CHECK_FALSE(Passes(Is(json({1, 2, 3})), json::parse("[3, 2, 1]")));
  CHECK_FALSE(Passes(Is(json({{"a", 1}})), json::parse(R"({"a":1,"b":2})")));
  CHECK(Reason(Is(json({1, 2})), json("[1,2]")) == "expected an array, got a string");
  CHECK(Reason(Is(json::object()), json::array()) == "expected an object, got an array");
}

TEST_CASE("Is: a number never matches a string the other way round by accident") {
  CHECK(Reason(Is("abc"), json(5)) == "expected a string, got a number");
  CHECK(Reason(Is("abc"), json::array()) == "expected a string, got an array");
}

TEST_CASE("Is: accepts std::string, std::string_view, char and json") {
  const std::string owned = "value";
  CHECK(Passes(Is(owned), json("value")));
  CHECK(Passes(Is(std::string_view("value")), json("value")));
  CHECK(Passes(Is('x'), json("x")));
  CHECK_FALSE(Passes(Is('x'), json(120)));  // a char is text, not its code
  CHECK(Passes(Is(json("value")), json("value")));
}

// Regression (fuzz/regressions/matchers/is_json_invalid_utf8): Is(json) used to dump the
// value, and nlohmann's dump() throws type_error on invalid UTF-8.
TEST_CASE("Is: a json value with invalid UTF-8 is taken byte for byte, not dumped") {
  const std::string bytes = "ok\xff\xfe";
  Matcher matcher = Is(json(bytes));
  CHECK(Passes(matcher, json(bytes)));
  CHECK_FALSE(Passes(matcher, json("ok")));
  CHECK(matcher.Describe() == bytes);  // failure text escapes the bytes when it prints them
  CHECK(Passes(Is(json({{"k", bytes}, {"n", {1, 2.5, -3}}})), json({{"n", {1, 2.5, -3}}, {"k", bytes}})));
}

TEST_CASE("Is: a json value of binary data is a usage error") {
  CHECK_THROWS_AS(Is(json::binary({1, 2, 3})), UsageError);
}

TEST_CASE("Is: the matcher owns its expected value") {
  Matcher matcher = [] {
    std::string temporary = "owned";
    return Is(temporary);
  }();
  CHECK(Passes(matcher, json("owned")));
  CHECK(matcher.Describe() == "owned");
}

TEST_CASE("Is: a missing value never matches, not even null") {
  CHECK_FALSE(Is(200).Match(Actual::Missing()).ok);
  CHECK_FALSE(Is(nullptr).Match(Actual::Missing()).ok);
  CHECK_FALSE(Is("").Match(Actual::Missing()).ok);
}

TEST_CASE("OneOf: passes when Is passes for any value") {
  const Matcher matcher = OneOf("value1", "value2", "value3");
  CHECK(Passes(matcher, json("value1")));
  CHECK(Passes(matcher, json("value3")));
  CHECK_FALSE(Passes(matcher, json("value4")));
  CHECK_FALSE(matcher.Match(Actual::Missing()).ok);
}

TEST_CASE("OneOf: mixes types and uses the typed rules") {
  const Matcher matcher = OneOf(200, "201", true);
  CHECK(Passes(matcher, json(200)));
  CHECK(Passes(matcher, json("200")));
  CHECK(Passes(matcher, json(201)));
  CHECK(Passes(matcher, json("true")));
  CHECK_FALSE(Passes(matcher, json(202)));
  CHECK(Passes(OneOf(std::string("a")), json("a")));
  CHECK(Passes(OneOf(nullptr, 0), json(nullptr)));
}
