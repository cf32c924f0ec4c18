// FormatFailure and PrettyBody: the text a person reads when a check fails.
#include <string>

#include "attest/report/failure_text.hpp"
#include "support/catch.hpp"
#include "support/report_fixtures.hpp"

using attest::FormatFailure;
using attest::PrettyBody;
using attest::TextStyle;
using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;

TEST_CASE("PrettyBody re-indents JSON by two spaces", "[report][body]") {
  CHECK(PrettyBody(R"({"role":"leader","peers":["n2","n3"]})", "application/json") ==
        "{\n  \"peers\": [\n    \"n2\",\n    \"n3\"\n  ],\n  \"role\": \"leader\"\n}");
}

TEST_CASE("PrettyBody recognises JSON by content type or by its first character", "[report][body]") {
  CHECK(PrettyBody(R"([1,2])", "application/problem+json; charset=utf-8") == "[\n  1,\n  2\n]");
  CHECK(PrettyBody("  {\"a\":1}\n", "") == "{\n  \"a\": 1\n}");
  CHECK(PrettyBody("{\"a\":1}", "text/plain") == "{\n  \"a\": 1\n}");
  // A number or a string is valid JSON but a plain-text body that happens to be one
  // should stay as it came.
  CHECK(PrettyBody("42", "text/plain") == "42");
}

TEST_CASE("PrettyBody shows JSON that does not parse as it came", "[report][body]") {
  CHECK(PrettyBody(R"({"a":1,)", "application/json") == R"({"a":1,)");
  CHECK(PrettyBody("{not json}", "") == "{not json}");
}

// Regression (fuzz/regressions/body_matchers/nested_100000): dump() recursed once per
// level and overflowed the stack on a body of 100000 '['.
TEST_CASE("PrettyBody shows JSON nested more than 1000 levels deep as it came", "[report][body]") {
  const std::string deep = std::string(1001, '[') + std::string(1001, ']');
  CHECK_THAT(PrettyBody(deep, "application/json"), StartsWith("[[[[[[[[[["));
  CHECK_THAT(PrettyBody(std::string(100'000, '['), ""), StartsWith("[[[[[[[[[["));
  const std::string shallow = std::string(1000, '[') + std::string(1000, ']');
  CHECK_THAT(PrettyBody(shallow, "application/json"), StartsWith("[\n  [\n    ["));
}

TEST_CASE("PrettyBody keeps plain text, minus trailing line ends", "[report][body]") {
  CHECK(PrettyBody("key not found\n", "text/plain") == "key not found");
  CHECK(PrettyBody("line 1\r\nline 2\r\n", "text/plain") == "line 1\nline 2");
  CHECK(PrettyBody("", "application/json") == "(empty)");
  CHECK(PrettyBody("\n", "text/plain") == "\n");
}

TEST_CASE("PrettyBody escapes binary bodies", "[report][body]") {
  CHECK(PrettyBody(std::string("\x89PNG\r\n\x1a\n\0", 9), "image/png") == "\\x89PNG\n\\x1a\n\\x00");
}

TEST_CASE("PrettyBody cuts long bodies and says how much", "[report][body]") {
  SECTION("by bytes") {
    const std::string body(10000, 'x');
    const std::string shown = PrettyBody(body, "text/plain");
    CHECK_THAT(shown, StartsWith(std::string(attest::kMaxBodyBytesShown, 'x') + "\n"));
    CHECK_THAT(shown, EndsWith("... (6000 more bytes not shown, 10000 in total)"));
  }
  SECTION("by lines") {
    std::string body;
    for (int i = 0; i < 100; ++i) body += "line " + std::to_string(i) + "\n";
    const std::string shown = PrettyBody(body, "text/plain");
    CHECK_THAT(shown, Contains("line 59\n"));
    CHECK_THAT(shown, !Contains("line 60"));
    const std::size_t total = body.size() - 1;  // the final newline is trimmed
    const std::size_t kept = shown.find("...");
    CHECK_THAT(shown, EndsWith("... (" + std::to_string(total - (kept - 1)) + " more bytes not shown, " +
                               std::to_string(total) + " in total)"));
  }
  SECTION("pretty JSON is cut after pretty printing") {
    std::string body = "[";
    for (int i = 0; i < 200; ++i) body += (i ? "," : "") + std::to_string(i);
    body += "]";
    const std::string shown = PrettyBody(body, "application/json");
    CHECK_THAT(shown, StartsWith("[\n  0,\n  1,\n"));
    CHECK_THAT(shown, Contains("  58,\n... ("));
    CHECK_THAT(shown, !Contains("  59,"));
  }
  SECTION("never inside a UTF-8 character") {
    const std::string body = std::string(attest::kMaxBodyBytesShown - 1, 'a') + "✓✓✓";
    const std::string shown = PrettyBody(body, "text/plain");
    CHECK_THAT(shown, StartsWith(std::string(attest::kMaxBodyBytesShown - 1, 'a') + "\n..."));
    CHECK_THAT(shown, Contains("(9 more bytes not shown"));
  }
}

TEST_CASE("FormatFailure puts the parts in reading order", "[report][failure]") {
  const std::string text = FormatFailure(attest_test::MultiNodeFailure());
  const std::vector<std::string> order = {"PUT /kv/key (kv_test.cpp:42)",
                                          "on: all nodes [n1, n2, n3]",
                                          "result: 1 of 3 nodes passed",
                                          "timing: never passed within 2s (14 attempts)",
                                          "expected:\n    status 200\n    json term > 3",
                                          "n2: PUT http://127.0.0.1:8082/kv/key",
                                          "sent: value",
                                          "status: 500",
                                          "✗ status: expected 200, got 500",
                                          "✗ json term: expected > 3, got 2",
                                          "body (application/json):\n      {\n        \"error\"",
                                          "n3: PUT http://127.0.0.1:8083/kv/key",
                                          "error: connection refused",
                                          "n1: passed: PUT http://127.0.0.1:8081/kv/key -> 200",
                                          "hint: Every node must accept writes."};
  std::size_t at = 0;
  for (const std::string& part : order) {
    INFO("looking for \"" << part << "\" after offset " << at << " in\n" << text);
    const std::size_t found = text.find(part, at);
    REQUIRE(found != std::string::npos);
    at = found + part.size();
  }
  CHECK_THAT(text,
             EndsWith("  hint: Every node must accept writes.\n        Check the handler on followers."));
}

TEST_CASE("FormatFailure without colour has no escape codes", "[report][failure]") {
  CHECK_THAT(FormatFailure(attest_test::MultiNodeFailure()), !Contains("\x1b["));
  CHECK_THAT(FormatFailure(attest_test::MultiNodeFailure(), TextStyle::Plain()), !Contains("\x1b["));
}

TEST_CASE("FormatFailure colours each line on its own", "[report][failure]") {
  const std::string text = FormatFailure(attest_test::MultiNodeFailure(), TextStyle{.color = true});
  CHECK_THAT(text, StartsWith("\x1b[1;31mPUT /kv/key\x1b[0m \x1b[2m(kv_test.cpp:42)\x1b[0m\n"));
  CHECK_THAT(text, Contains("\x1b[31m✗ status: expected 200, got 500\x1b[0m\n"));
  // The two-line hint: every line opens and closes its own colour.
  CHECK_THAT(text, Contains("\x1b[33mEvery node must accept writes.\x1b[0m\n"
                            "        \x1b[33mCheck the handler on followers.\x1b[0m"));
}

TEST_CASE("FormatFailure of a failure that is not a check shows its message", "[report][failure]") {
  attest::FailureReport report;
  report.title = "exception in test body";
  report.location = "kv_test.cpp:57";
  report.message = "std::out_of_range: vector::_M_range_check: __n (which is 3) >= this->size() (which is 3)";
  CHECK(FormatFailure(report) ==
        "exception in test body (kv_test.cpp:57)\n"
        "  std::out_of_range: vector::_M_range_check: __n (which is 3) >= this->size() (which is 3)");
}

TEST_CASE("FormatFailure leaves out what is empty", "[report][failure]") {
  attest::FailureReport report;
  CHECK(FormatFailure(report) == "check failed");
  report.title = "GET /health";
  report.expectations = {"status 200"};
  CHECK(FormatFailure(report) == "GET /health\n  expected: status 200");
}

TEST_CASE("FormatFailure: a node that answered nothing and gave no error", "[report][failure]") {
  attest::FailureReport report;
  report.title = "GET /health";
  attest::NodeOutcome node;
  node.node = "n1";
  node.request = "GET http://127.0.0.1:1/health";
  report.nodes = {node};
  CHECK(FormatFailure(report) ==
        "GET /health\n\n  n1: GET http://127.0.0.1:1/health\n    status: no response");
}

TEST_CASE("FormatFailure shows a long or JSON request body as a block", "[report][failure]") {
  attest::FailureReport report;
  report.title = "POST /api";
  auto node = attest_test::FailingNode("n1", "POST http://127.0.0.1:8081/api", 400, "", "",
                                       {"status: expected 201, got 400"});
  node.request_body = R"({"key":"value"})";
  report.nodes = {node};
  CHECK(FormatFailure(report) ==
        "POST /api\n"
        "\n"
        "  n1: POST http://127.0.0.1:8081/api\n"
        "    sent:\n"
        "      {\n"
        "        \"key\": \"value\"\n"
        "      }\n"
        "    status: 400\n"
        "    ✗ status: expected 201, got 400\n"
        "    body: (empty)");
}

TEST_CASE("FormatFailure escapes control characters from the server", "[report][failure]") {
  attest::FailureReport report;
  report.title = "GET /";
  report.nodes = {attest_test::FailingNode("n1", "GET http://127.0.0.1:8081/", 200, "\x1b[2Jcleared",
                                           "text/plain", {"body: expected \"ok\", got \"\x1b[2Jcleared\""})};
  const std::string text = FormatFailure(report);
  CHECK_THAT(text, !Contains("\x1b"));
  CHECK_THAT(text, Contains("✗ body: expected \"ok\", got \"\\x1b[2Jcleared\""));
  CHECK_THAT(text, Contains("body (text/plain):\n      \\x1b[2Jcleared"));
}

TEST_CASE("FormatFailure keeps multi-line mismatches inside their node", "[report][failure]") {
  attest::FailureReport report;
  report.title = "GET /log";
  report.nodes = {attest_test::FailingNode("n1", "GET http://127.0.0.1:8081/log", 200, "a", "",
                                           {"body: expected \"a\nb\",\ngot \"a\""})};
  CHECK_THAT(FormatFailure(report), Contains("    ✗ body: expected \"a\n      b\",\n      got \"a\"\n"));
}

TEST_CASE("TextStyle::Plain never colours", "[report][style]") {
  CHECK_FALSE(TextStyle::Plain().color);
  CHECK(TextStyle::Plain().Paint(TextStyle::Tone::Red, "x") == "x");
  CHECK(TextStyle{.color = true}.Paint(TextStyle::Tone::Green, "ok") == "\x1b[32mok\x1b[0m");
  CHECK(TextStyle{.color = true}.Paint(TextStyle::Tone::Green, "").empty());
}
