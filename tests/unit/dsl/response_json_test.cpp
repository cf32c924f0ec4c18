// What a check does with one response (JudgeResponse, ReadBodyAsJson) and how
// FetchResponse reads its body: JSON from a server is read only up to 1000 levels deep.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "attest/dsl/check.hpp"
#include "attest/dsl/do.hpp"
#include "attest/http/message.hpp"
#include "attest/report/detail/json_depth.hpp"
#include "support/catch.hpp"

using namespace attest;
using attest::detail::Expectation;
using nlohmann::json;

namespace {

std::string Nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

NodeOutcome Judge(std::string body, Expectation expectation) {
  NodeOutcome outcome;
  detail::JudgeResponse({std::move(expectation)}, http::Response{200, std::move(body), {}}, outcome);
  return outcome;
}

}  // namespace

TEST_CASE("JudgeResponse: a JSON path is looked up in the parsed body") {
  const NodeOutcome outcome =
      Judge(R"({"role":"leader"})", Expectation{Expectation::Kind::Json, "role", {Is("follower")}});
  CHECK_FALSE(outcome.passed);
  REQUIRE(outcome.mismatches.size() == 1);
  CHECK(outcome.mismatches[0] == "json role: expected follower, got leader");
  CHECK(Judge(R"({"role":"leader"})", Expectation{Expectation::Kind::Json, "role", {Is("leader")}}).passed);
}

TEST_CASE("JudgeResponse: a body that is not JSON is one mismatch per JSON path") {
  const NodeOutcome outcome = Judge("{oops", Expectation{Expectation::Kind::Json, "role", {Is("leader")}});
  REQUIRE(outcome.mismatches.size() == 1);
  CHECK(outcome.mismatches[0].rfind("json role: the body is not JSON (parse error at line 1", 0) == 0);

  // .JSON("term", GreaterThan(1), LessThan(9)) is two expectations on one path: said once.
  NodeOutcome two;
  detail::JudgeResponse({Expectation{Expectation::Kind::Json, "term", GreaterThan(1)},
                         Expectation{Expectation::Kind::Json, "term", LessThan(9)},
                         Expectation{Expectation::Kind::Json, "role", Is("leader")}},
                        http::Response{200, "{oops", {}}, two);
  REQUIRE(two.mismatches.size() == 2);
  CHECK(two.mismatches[0].rfind("json term: the body is not JSON", 0) == 0);
  CHECK(two.mismatches[1].rfind("json role: the body is not JSON", 0) == 0);
}

TEST_CASE("JudgeResponse: body, JSON and headers read one response in any order, and the body is kept") {
  const std::string body = R"({"role":"leader","term":3})";
  NodeOutcome outcome;
  detail::JudgeResponse({Expectation{Expectation::Kind::Body, "", Contains("leader")},
                         Expectation{Expectation::Kind::Json, "term", Is(3)},
                         Expectation{Expectation::Kind::Body, "", HasLen(body.size())},
                         Expectation{Expectation::Kind::Status, "", Is(201)},
                         Expectation{Expectation::Kind::Header, "x-term", Is(3)},
                         Expectation{Expectation::Kind::Json, "role", Is("follower")},
                         Expectation{Expectation::Kind::Header, "Location", Is("/x")}},
                        http::Response{201, body, {{"Content-Type", "application/json"}, {"X-Term", "3"}}},
                        outcome);
  CHECK(outcome.body == body);
  CHECK(outcome.status == 201);
  CHECK(outcome.content_type == "application/json");
  REQUIRE(outcome.mismatches.size() == 2);
  CHECK(outcome.mismatches[0] == "json role: expected follower, got leader");
  CHECK(outcome.mismatches[1] == "header Location: expected /x, but the response has no Location header");
}

TEST_CASE("ExpectationList keeps the order given, inline and beyond") {
  detail::ExpectationList list;
  CHECK(list.empty());
  for (const char* key : {"a", "b", "c", "d", "e"})
    list.push_back(Expectation{Expectation::Kind::Json, key, Is(1)});
  CHECK_FALSE(list.empty());
  REQUIRE(list.size() == 5);
  std::string keys;
  for (const auto& expectation : list) keys += expectation.key;
  CHECK(keys == "abcde");
  CHECK(list[1].key == "b");
  CHECK(list[4].key == "e");
  const detail::ExpectationList moved = std::move(list);
  CHECK(moved.size() == 5);
  CHECK(moved[2].key == "c");
}

TEST_CASE("JudgeResponse: a passing outcome keeps its body and Content-Type only when a report shows it") {
  const http::Response response{200, "ok", {{"content-type", "text/plain"}}};
  NodeOutcome hidden;
  detail::JudgeResponse({Expectation{Expectation::Kind::Status, "", Is(200)}}, response, hidden);
  CHECK(hidden.passed);
  CHECK(hidden.status == 200);
  CHECK(hidden.body.empty());
  CHECK(hidden.content_type.empty());

  NodeOutcome shown;  // ExactlyOne shows passing nodes too
  detail::JudgeResponse({Expectation{Expectation::Kind::Status, "", Is(200)}}, response, shown,
                        /*shown_when_passing=*/true);
  CHECK(shown.passed);
  CHECK(shown.body == "ok");
  CHECK(shown.content_type == "text/plain");

  NodeOutcome failed;
  detail::JudgeResponse({Expectation{Expectation::Kind::Status, "", Is(201)}}, response, failed);
  CHECK_FALSE(failed.passed);
  CHECK(failed.body == "ok");
  CHECK(failed.content_type == "text/plain");
}

TEST_CASE("JudgeResponse: a matcher may keep a copy of the value it was shown") {
  auto seen = std::make_shared<std::vector<json>>();
  const Matcher recorder("anything", [seen](const Actual& actual) {
    seen->push_back(actual.Value());  // a copy: the Actual itself refers to the response
    return MatchResult{true, {}};
  });
  NodeOutcome outcome;
  detail::JudgeResponse({Expectation{Expectation::Kind::Status, "", recorder},
                         Expectation{Expectation::Kind::Body, "", recorder},
                         Expectation{Expectation::Kind::Json, "a", recorder}},
                        http::Response{200, R"({"a":[1,2]})", {}}, outcome);
  CHECK(outcome.passed);
  REQUIRE(seen->size() == 3);
  CHECK((*seen)[0] == json(200));
  CHECK((*seen)[1] == json(R"({"a":[1,2]})"));
  CHECK((*seen)[2] == json::array({1, 2}));
}

// Regression (fuzz/regressions/body_matchers/number_overflow*): nlohmann throws
// out_of_range, not parse_error, for a number beyond a double; it escaped the check.
TEST_CASE("JudgeResponse: a number too large for a double makes the body not JSON, with the reason") {
  const NodeOutcome outcome =
      Judge(R"({"term":1e400})", Expectation{Expectation::Kind::Json, "term", {Is(1)}});
  CHECK_FALSE(outcome.passed);
  REQUIRE(outcome.mismatches.size() == 1);
  CHECK(outcome.mismatches[0] == "json term: the body is not JSON (number overflow parsing '1e400')");
  CHECK_FALSE(FetchResponse{200, R"({"term":1e400})", {}}.JSONValue("term").has_value());
}

// Regression (fuzz/regressions/body_matchers/nested_100000): 100000 '[' overflowed the
// stack in nlohmann's recursive dump() and comparisons once the body had been parsed.
TEST_CASE("JudgeResponse: a body nested more than 1000 levels deep is refused with a clear message") {
  const NodeOutcome deep =
      Judge(std::string(100'000, '['), Expectation{Expectation::Kind::Json, "a", {Is(1)}});
  CHECK_FALSE(deep.passed);
  REQUIRE(deep.mismatches.size() == 1);
  CHECK(deep.mismatches[0] ==
        "json a: the body is not read as JSON (it nests arrays and objects more than 1000 "
        "levels deep, which attest does not parse)");
  // 1000 levels are read; the body itself (Body matchers) is still a plain string.
  CHECK(Judge(Nested(1000), Expectation{Expectation::Kind::Json, "#", {Is(1)}}).passed);
  CHECK(Judge(Nested(1001), Expectation{Expectation::Kind::Body, "", {HasLen(2002)}}).passed);
}

TEST_CASE("JsonNestsDeeperThan counts arrays and objects, not brackets inside strings") {
  using detail::JsonNestsDeeperThan;
  CHECK_FALSE(JsonNestsDeeperThan(Nested(1000), 1000));
  CHECK(JsonNestsDeeperThan(Nested(1001), 1000));
  CHECK(JsonNestsDeeperThan(std::string(1001, '{'), 1000));
  CHECK_FALSE(JsonNestsDeeperThan("[[]," + Nested(2) + "]", 3));
  CHECK(JsonNestsDeeperThan("[[[]]]", 2));
  CHECK_FALSE(JsonNestsDeeperThan(R"(["[[[[", "\"[[[["])", 1));
  CHECK_FALSE(JsonNestsDeeperThan("]]]]][", 1));  // stray closers do not go below zero
  CHECK_FALSE(JsonNestsDeeperThan("", 0));
}

TEST_CASE("FetchResponse: a body nested more than 1000 levels deep reads as not JSON") {
  FetchResponse deep{200, std::string(100'000, '[') + "1" + std::string(100'000, ']'), {}};
  CHECK_FALSE(deep.JSONValue("0").has_value());
  CHECK(deep.JSON("0").empty());
  FetchResponse fine{200, R"({"a":[[1]]})", {}};
  CHECK(fine.JSON("a.0.0") == "1");
}
