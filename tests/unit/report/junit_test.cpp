// JUnitReporter: the XML a CI reads. Every document is parsed back with a strict
// XML 1.0 reader, so the tests see what a CI would see.
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "attest/report/junit.hpp"
#include "support/catch.hpp"
#include "support/report_fixtures.hpp"
#include "support/temp_dir.hpp"
#include "support/xml_reader.hpp"

using attest::JUnitReporter;
using attest_test::TempDir;
using attest_test::XmlElement;
using attest_test::XmlReader;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using namespace std::chrono_literals;

namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

XmlElement ParseFile(const std::string& path) {
  const std::string xml = ReadFile(path);
  INFO(xml);
  return XmlReader::Parse(xml);
}

void Replay(attest::Reporter& reporter, const attest::SuiteResult& suite) {
  reporter.SuiteStarting(suite.name, static_cast<int>(suite.tests.size()));
  reporter.Event("started n1");
  for (const auto& test : suite.tests) {
    reporter.TestStarting(test.index, test.name);
    reporter.TestFinished(test);
  }
  reporter.Event("stopped n1");
  reporter.SuiteFinished(suite);
}

}  // namespace

TEST_CASE("XmlEscape escapes markup and what XML 1.0 cannot carry", "[report][junit][xml]") {
  using attest::detail::XmlEscape;
  CHECK(XmlEscape("a<b>&\"c'", false) == "a&lt;b&gt;&amp;\"c'");
  CHECK(XmlEscape("a<b>&\"c'", true) == "a&lt;b&gt;&amp;&quot;c&apos;");
  CHECK(XmlEscape("l1\nl2\tx", false) == "l1\nl2\tx");
  CHECK(XmlEscape("l1\nl2\tx", true) == "l1&#10;l2&#9;x");
  CHECK(XmlEscape("cr\r", false) == "cr&#13;");
  CHECK(XmlEscape(std::string("nul\0", 4), false) == "nul\\x00");
  CHECK(XmlEscape("\x01\x08\x0b\x0c\x1f\x7f", false) == "\\x01\\x08\\x0b\\x0c\\x1f\\x7f");
  CHECK(XmlEscape("ok ✓ 😀", true) == "ok ✓ 😀");
  CHECK(XmlEscape("bad \xff\xc3", false) == "bad \\xff\\xc3");
  CHECK(XmlEscape("nonchar \xef\xbf\xbe\xef\xbf\xbf", false) == "nonchar \\xef\\xbf\\xbe\\xef\\xbf\\xbf");
  CHECK(XmlEscape("fine \xef\xbf\xbd", false) == "fine \xef\xbf\xbd");  // U+FFFD is allowed
}

TEST_CASE("FailureSummary names the check and the first thing wrong", "[report][junit]") {
  CHECK(attest::FailureSummary(attest_test::SingleNodeFailure()) ==
        "GET /kv/key: n1: status: expected 200, got 404");
  CHECK(attest::FailureSummary(attest_test::MultiNodeFailure()) ==
        "PUT /kv/key: n2: status: expected 200, got 500");
  attest::FailureReport message;
  message.title = "exception in test body";
  message.message = "boom\nsecond line";
  CHECK(attest::FailureSummary(message) == "exception in test body: boom");
  CHECK(attest::FailureSummary(attest::FailureReport{}) == "check failed");
}

TEST_CASE("JUnit: an empty report is written at once", "[report][junit]") {
  TempDir dir;
  JUnitReporter junit(dir.File("results.xml"));
  const XmlElement root = ParseFile(dir.File("results.xml"));
  CHECK(root.name == "testsuites");
  CHECK(root.Attr("name") == "attest");
  CHECK(root.Attr("tests") == "0");
  CHECK(root.children.empty());
  CHECK_FALSE(std::filesystem::exists(dir.File("results.xml.tmp")));
}

TEST_CASE("JUnit: a suite with a pass, a failure and a skip", "[report][junit]") {
  TempDir dir;
  JUnitReporter junit(dir.File("results.xml"));
  junit.SetProperty("challenge", "kv-store");
  Replay(junit, attest_test::MixedSuite());
  CHECK(junit.LastWriteError().empty());

  const XmlElement root = ParseFile(dir.File("results.xml"));
  CHECK(root.Attr("tests") == "3");
  CHECK(root.Attr("failures") == "1");
  CHECK(root.Attr("errors") == "0");
  CHECK(root.Attr("skipped") == "1");
  CHECK(root.Attr("time") == "1.250");
  REQUIRE(root.Count("testsuite") == 1);

  const XmlElement& suite = root.Child("testsuite");
  CHECK(suite.Attr("name") == "http-api");
  CHECK(suite.Attr("tests") == "3");
  CHECK(suite.Attr("failures") == "1");
  CHECK(suite.Attr("skipped") == "1");
  CHECK(suite.Attr("time") == "1.250");
  CHECK(std::regex_match(suite.Attr("timestamp"), std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
  CHECK_FALSE(suite.Attr("hostname").empty());
  CHECK(suite.Child("properties").Child("property").Attr("name") == "challenge");
  CHECK(suite.Child("properties").Child("property").Attr("value") == "kv-store");

  REQUIRE(suite.Count("testcase") == 3);
  const XmlElement& passed = suite.Child("testcase", 0);
  CHECK(passed.Attr("name") == "PUT Stores Values");
  CHECK(passed.Attr("classname") == "http-api");
  CHECK(passed.Attr("time") == "0.003");
  CHECK(passed.children.empty());

  const XmlElement& failed = suite.Child("testcase", 1);
  CHECK(failed.Attr("name") == "GET Returns Stored Values");
  CHECK(failed.Attr("time") == "0.001");
  const XmlElement& failure = failed.Child("failure");
  CHECK(failure.Attr("message") == "GET /kv/key: n1: status: expected 200, got 404");
  CHECK(failure.Attr("type") == "attest.Failure");
  CHECK(failure.text == attest::FormatFailure(attest_test::SingleNodeFailure()));

  const XmlElement& skipped = suite.Child("testcase", 2);
  CHECK(skipped.Attr("name") == "DELETE Removes Values");
  CHECK(skipped.Child("skipped").Attr("message") == "not run: an earlier test failed");

  CHECK(suite.Child("system-out").text == "started n1\nstopped n1\n");
}

TEST_CASE("JUnit: names, messages and bodies with markup and bad bytes survive", "[report][junit][xml]") {
  TempDir dir;
  JUnitReporter junit(dir.File("results.xml"));
  junit.SetProperty("note", "a \"quoted\"\nvalue & <more>");
  attest::SuiteResult suite;
  suite.name = "stage <1> & \"two\"";
  suite.duration = 5ms;
  attest::FailureReport report;
  report.title = "GET /x?a=1&b=2";
  report.nodes = {attest_test::FailingNode("n1", "GET http://127.0.0.1:8081/x?a=1&b=2", 200,
                                           std::string("<html>\x01\x02 ]]> \xff \xef\xbf\xbe</html>"),
                                           "text/html", {"body: expected \"<ok/>\",\ngot something else"})};
  suite.tests = {attest_test::FailedWith(1, std::string("bell\a and \xc3 'quote'"), 1ms, report)};
  Replay(junit, suite);

  const XmlElement root = ParseFile(dir.File("results.xml"));  // throws if not well-formed
  const XmlElement& parsed = root.Child("testsuite");
  CHECK(parsed.Attr("name") == "stage <1> & \"two\"");
  CHECK(parsed.Child("properties").Child("property").Attr("value") == "a \"quoted\"\nvalue & <more>");
  const XmlElement& test = parsed.Child("testcase");
  CHECK(test.Attr("name") == "bell\\x07 and \\xc3 'quote'");
  CHECK(test.Attr("classname") == "stage <1> & \"two\"");
  const XmlElement& failure = test.Child("failure");
  CHECK(failure.Attr("message") == "GET /x?a=1&b=2: n1: body: expected \"<ok/>\",");
  CHECK_THAT(failure.text, Contains("<html>\\x01\\x02 ]]> \\xff \\xef\\xbf\\xbe</html>"));
  CHECK_THAT(failure.text, Contains("✗ body: expected \"<ok/>\",\n      got something else"));
}

TEST_CASE("JUnit: a setup failure is an error testcase", "[report][junit]") {
  TempDir dir;
  JUnitReporter junit(dir.File("results.xml"));
  attest::SuiteResult suite;
  suite.name = "http-api";
  attest::FailureReport setup;
  setup.title = "node n1 did not become healthy";
  setup.message = "GET /health did not answer 200 within 10s";
  suite.setup_failure = setup;
  suite.tests = {attest_test::Skipped(1, "PUT Stores Values")};
  junit.SuiteStarting(suite.name, 1);
  junit.SuiteFinished(suite);

  const XmlElement root = ParseFile(dir.File("results.xml"));
  CHECK(root.Attr("tests") == "2");
  CHECK(root.Attr("errors") == "1");
  CHECK(root.Attr("skipped") == "1");
  const XmlElement& setup_case = root.Child("testsuite").Child("testcase", 0);
  CHECK(setup_case.Attr("name") == "(setup)");
  const XmlElement& error = setup_case.Child("error");
  CHECK(error.Attr("type") == "attest.SetupFailure");
  CHECK(error.Attr("message") == "node n1 did not become healthy: GET /health did not answer 200 within 10s");
  CHECK(error.text == "node n1 did not become healthy\n  GET /health did not answer 200 within 10s");
}

TEST_CASE("JUnit: the file is rewritten after every suite, properties follow", "[report][junit]") {
  TempDir dir;
  const std::string path = dir.File("results.xml");
  JUnitReporter junit(path, "kv-store");
  junit.SetProperty("stage.title", "Store and Retrieve Data");
  attest::SuiteResult first;
  first.name = "http-api";
  first.passed = true;
  first.duration = 20ms;
  first.tests = {attest_test::Passed(1, "PUT Stores Values", 10ms)};
  Replay(junit, first);
  CHECK(ParseFile(path).Count("testsuite") == 1);

  junit.SetProperty("stage.title", "Data Survives SIGTERM");
  auto second = attest_test::MixedSuite();
  second.name = "persistence";
  Replay(junit, second);

  const XmlElement root = ParseFile(path);
  CHECK(root.Attr("name") == "kv-store");
  CHECK(root.Attr("tests") == "4");
  CHECK(root.Attr("failures") == "1");
  CHECK(root.Attr("time") == "1.270");
  REQUIRE(root.Count("testsuite") == 2);
  CHECK(root.Child("testsuite", 0).Child("properties").Child("property").Attr("value") ==
        "Store and Retrieve Data");
  CHECK(root.Child("testsuite", 1).Child("properties").Child("property").Attr("value") ==
        "Data Survives SIGTERM");
  CHECK(root.Child("testsuite", 1).Child("properties").Count("property") == 1);
  CHECK(junit.Xml() == ReadFile(path));
}

TEST_CASE("JUnit: a path that cannot be written is named in the error", "[report][junit]") {
  TempDir dir;
  SECTION("missing directory") {
    const std::string path = dir.File("missing/results.xml");
    try {
      JUnitReporter junit(path);
      FAIL("no error for " << path);
    } catch (const attest::Error& error) {
      CHECK(std::string(error.what()) == "cannot write the JUnit report to \"" + path + "\": cannot create " +
                                             path + ".tmp: No such file or directory");
    }
  }
  SECTION("a directory") {
    try {
      JUnitReporter junit(dir.Path());
      FAIL("no error for a directory");
    } catch (const attest::Error& error) {
      CHECK(std::string(error.what()) ==
            "cannot write the JUnit report to \"" + dir.Path() + "\": rename failed: Is a directory");
    }
    CHECK_FALSE(std::filesystem::exists(dir.Path() + ".tmp"));
  }
}

TEST_CASE("JUnit: a write failing during a run is kept, not thrown into the suite", "[report][junit]") {
  TempDir dir;
  const std::string path = dir.File("sub/results.xml");
  std::filesystem::create_directory(dir.File("sub"));
  JUnitReporter junit(path);
  std::filesystem::remove_all(dir.File("sub"));
  REQUIRE_NOTHROW(Replay(junit, attest_test::MixedSuite()));
  CHECK_THAT(junit.LastWriteError(),
             StartsWith("cannot write the JUnit report to \"" + path + "\": cannot create"));
  CHECK_THROWS_WITH(junit.Write(), Contains(path) && Contains("No such file or directory"));
  std::filesystem::create_directory(dir.File("sub"));
  junit.Write();
  CHECK(ParseFile(path).Attr("tests") == "3");
}
