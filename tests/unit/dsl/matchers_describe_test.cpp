// Every matcher's description, and DescribeValue, exactly as failure messages show them.
#include <string>

#include <nlohmann/json.hpp>

#include "attest/dsl/matchers.hpp"
#include "support/catch.hpp"

using namespace attest;
using nlohmann::json;

TEST_CASE("Describe: Is renders its value") {
  CHECK(Is(200).Describe() == "200");
  CHECK(Is(2.5).Describe() == "2.5");
  CHECK(Is("value").Describe() == "value");
  CHECK(Is("").Describe() == "\"\"");
  CHECK(Is(" padded").Describe() == "\" padded\"");
  CHECK(Is("ok\n").Describe() == "\"ok\\n\"");
  CHECK(Is(true).Describe() == "true");
  CHECK(Is(nullptr).Describe() == "null");
  CHECK(Is(json({1, "a"})).Describe() == "[1,\"a\"]");
  CHECK(Is(json({{"k", "v"}})).Describe() == "{\"k\":\"v\"}");
  CHECK(Is('x').Describe() == "x");
}

TEST_CASE("Describe: GreaterThan and LessThan") {
  CHECK(GreaterThan(3).Describe() == "> 3");
  CHECK(GreaterThan("3").Describe() == "> 3");
  CHECK(LessThan("100").Describe() == "< 100");
  CHECK(LessThan(0.5).Describe() == "< 0.5");
  CHECK(GreaterThan("").Describe() == "> \"\"");
}

TEST_CASE("Describe: Matches shows the pattern between slashes, unescaped") {
  CHECK(Matches("^a$").Describe() == "matching /^a$/");
  CHECK(Matches("^key not found\n?$").Describe() == "matching /^key not found\\n?$/");
  CHECK(Matches(R"(\d+)").Describe() == R"(matching /\d+/)");
}

TEST_CASE("Describe: IsNull, Contains, HasLen") {
  CHECK(IsNull().Describe() == "null");
  CHECK(Contains("x").Describe() == "containing x");
  CHECK(Contains("").Describe() == "containing \"\"");
  CHECK(Contains("two words").Describe() == "containing two words");
  CHECK(HasLen(3).Describe() == "of length 3");
  CHECK(HasLen(0).Describe() == "of length 0");
}

TEST_CASE("Describe: OneOf lists its values") {
  CHECK(OneOf("a", "b").Describe() == "one of [a, b]");
  CHECK(OneOf(200, 201, 204).Describe() == "one of [200, 201, 204]");
  CHECK(OneOf("only").Describe() == "one of [only]");
  CHECK(OneOf("", "x", nullptr).Describe() == "one of [\"\", x, null]");
}

TEST_CASE("Describe: Not prefixes the inner description") {
  CHECK(Not(Is(500)).Describe() == "not 500");
  CHECK(Not(Contains("panic")).Describe() == "not containing panic");
  CHECK(Not(IsNull()).Describe() == "not null");
  CHECK(Not(Not(HasLen(1))).Describe() == "not not of length 1");
  CHECK(Not(OneOf("a", "b")).Describe() == "not one of [a, b]");
}

TEST_CASE("DescribeValue: strings plain unless that would hide something") {
  CHECK(DescribeValue(json("leader")) == "leader");
  CHECK(DescribeValue(json("two words")) == "two words");
  CHECK(DescribeValue(json("quote\"inside")) == "quote\"inside");
  CHECK(DescribeValue(json("")) == "\"\"");
  CHECK(DescribeValue(json(" lead")) == "\" lead\"");
  CHECK(DescribeValue(json("trail ")) == "\"trail \"");
  CHECK(DescribeValue(json("line\n")) == "\"line\\n\"");
  CHECK(DescribeValue(json("tab\there")) == "\"tab\\there\"");
  CHECK(DescribeValue(json(std::string("nul\0byte", 8))) == "\"nul\\u0000byte\"");
  CHECK(DescribeValue(json("del\x7f")) == "\"del\x7f\"");
  CHECK(DescribeValue(json("caf\xc3\xa9")) == "caf\xc3\xa9");
}

TEST_CASE("DescribeValue: other values as compact JSON") {
  CHECK(DescribeValue(json(42)) == "42");
  CHECK(DescribeValue(json(-1.5)) == "-1.5");
  CHECK(DescribeValue(json(false)) == "false");
  CHECK(DescribeValue(json(nullptr)) == "null");
  CHECK(DescribeValue(json::parse(R"({"a": [1, 2], "b": {"c": null}})")) == R"({"a":[1,2],"b":{"c":null}})");
  CHECK(DescribeValue(json::array()) == "[]");
}

TEST_CASE("DescribeValue: invalid UTF-8 is replaced instead of throwing") {
  // A body is arbitrary bytes; rendering it must not fail while building a message.
  CHECK(DescribeValue(json("bad\xff\n")) == "\"bad\xef\xbf\xbd\\n\"");
  CHECK(DescribeValue(json({"\xff"})) == "[\"\xef\xbf\xbd\"]");
  CHECK(Is(1).Match(Actual::Of(json("\xff"))).reason == "not a number: \"\xef\xbf\xbd\"");
}

TEST_CASE("Matches describes control characters in its pattern as escapes", "[matchers][describe]") {
  CHECK(attest::Matches("^key not found\n?$").Describe() == "matching /^key not found\\n?$/");
  CHECK(attest::Matches("a\tb\x01").Describe() == "matching /a\\tb\\x01/");
}
