// Fuzzes what a check does with a response body (dsl/detail/check_inl.hpp): the body is
// read as JSON the way .JSON(...) reads it, every kind of matcher is applied to the body,
// to JSON paths in it and to a header, and the failure text is rendered
// (report/failure_text.hpp), plain and in colour.
//
// Input: the response body, arbitrary bytes. Its first byte also picks the Content-Type
// (JSON, text, or none), which decides how the failure text shows the body.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "attest/dsl/check.hpp"
#include "attest/dsl/do.hpp"
#include "attest/dsl/matchers.hpp"
#include "attest/http/message.hpp"
#include "attest/report/failure_text.hpp"
#include "attest/report/results.hpp"
#include "harness.hpp"

namespace {

using attest::Matcher;
using attest::detail::Expectation;
using attest::fuzz::RequireInvariant;

// One of every kind of matcher, with the values a suite typically writes.
std::vector<Matcher> EveryMatcher() {
  using namespace attest;
  std::vector<Matcher> matchers = {
      Is(200),
      Is("ok"),
      Is(true),
      Is(nullptr),
      Is(2.5),
      Is(nlohmann::json{1, "two", nullptr}),
      Is(nlohmann::json{{"a", 1}, {"b", {true}}}),
      Is(std::vector<std::string>{"n2", "n3"}),
      GreaterThan(3),
      GreaterThan("9"),
      LessThan("m"),
      LessThan(-1.5),
      IsNull(),
      Contains("a"),
      Contains("1"),
      HasLen(3),
      OneOf("leader", 1, true, nullptr),
      Matcher("even length",
              [](const Actual& actual) {
                return MatchResult{!actual.IsMissing() && actual.Describe().size() % 2 == 0, "odd"};
              }),
  };
  const std::size_t plain = matchers.size();
  for (std::size_t i = 0; i < plain; i += 3) matchers.push_back(Not(matchers[i]));
  return matchers;
}

// Regular expressions cost the most per byte: applied to the body, the header and one
// JSON path, not to every path.
std::vector<Matcher> RegexMatchers() {
  using namespace attest;
  return {Matches("^[a-z]+$"), Matches(R"("id":\s*\d+)"), Matches("(a|b)*c"), Matches("^(?=.*\\d)\\w{2,8}$"),
          Not(Matches("\\bkey\\b|^$"))};
}

const attest::detail::ExpectationList& EveryExpectation() {
  static const attest::detail::ExpectationList expectations = [] {
    const std::vector<Matcher> matchers = EveryMatcher();
    std::vector<Matcher> with_regexes = matchers;
    for (const Matcher& regex : RegexMatchers()) with_regexes.push_back(regex);
    attest::detail::ExpectationList all;
    const auto add = [&all](Expectation::Kind kind, const std::string& key,
                            const std::vector<Matcher>& list) {
      for (const Matcher& matcher : list) all.push_back(Expectation{kind, key, matcher});
    };
    add(Expectation::Kind::Status, "", matchers);
    add(Expectation::Kind::Body, "", with_regexes);
    add(Expectation::Kind::Header, "X-Echo", with_regexes);
    add(Expectation::Kind::Header, "X-Absent", {attest::IsNull()});
    add(Expectation::Kind::Json, "a", with_regexes);
    for (const char* path : {"0", "#", "a.b", "#.id", "a.#", "entries.0.term", "k\\.v"}) {
      add(Expectation::Kind::Json, path, matchers);
    }
    return all;
  }();
  return expectations;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string body(attest::fuzz::AsText(data, size));
  static const char* const kContentTypes[] = {"application/json", "text/plain", ""};
  const std::string content_type = size == 0 ? "" : kContentTypes[data[0] % 3];

  // The header carries the body's first line, so header matchers see server bytes too.
  attest::http::Response response{
      200, body, {{"Content-Type", content_type}, {"X-Echo", body.substr(0, body.find('\n'))}}};
  attest::NodeOutcome outcome;
  outcome.node = "n1";
  outcome.request = "GET http://127.0.0.1:8081/fuzz";
  attest::detail::JudgeResponse(EveryExpectation(), response, outcome);
  RequireInvariant(!outcome.passed, "some matcher always fails (Is(true) and Is(nullptr) together)");

  const auto json = attest::detail::ReadBodyAsJson(body);
  RequireInvariant(json.document.has_value() != !json.problem.empty(),
                   "a body is either JSON or has a problem, not both");

  attest::FetchResponse fetched{200, body, {}};
  (void)fetched.JSON("a.0");

  attest::FailureReport report;
  report.title = "GET /fuzz";
  report.location = "fuzz.cpp:1";
  report.nodes.push_back(outcome);
  for (const auto& expectation : EveryExpectation()) {
    report.expectations.push_back(expectation.Subject() + " " + expectation.matcher.Describe());
  }
  const std::string plain = attest::FormatFailure(report);
  RequireInvariant(plain.find('\x1b') == std::string::npos, "plain failure text has no escapes");
  (void)attest::FormatFailure(report, attest::TextStyle{.color = true});
  (void)attest::PrettyBody(body, content_type);
  return 0;
}
