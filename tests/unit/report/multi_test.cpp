// MultiReporter: every reporter gets every event, in order, even when one throws.
#include <stdexcept>
#include <string>
#include <vector>

#include "attest/report/console.hpp"
#include "attest/report/junit.hpp"
#include "attest/report/multi.hpp"
#include "support/capture.hpp"
#include "support/catch.hpp"
#include "support/report_fixtures.hpp"
#include "support/temp_dir.hpp"

using Catch::Matchers::Contains;

namespace {

// Records the calls it receives, so the order of fan-out can be checked.
class RecordingReporter : public attest::Reporter {
 public:
  explicit RecordingReporter(std::string id, std::vector<std::string>& log, bool throws = false)
      : id_(std::move(id)), log_(log), throws_(throws) {}
  void SuiteStarting(const std::string& name, int tests) override {
    Log("SuiteStarting " + name + " " + std::to_string(tests));
  }
  void Event(const std::string& text) override { Log("Event " + text); }
  void TestStarting(int index, const std::string& name) override {
    Log("TestStarting " + std::to_string(index) + " " + name);
  }
  void TestFinished(const attest::TestResult& result) override {
    Log("TestFinished " + std::to_string(result.index));
  }
  void SuiteFinished(const attest::SuiteResult& result) override { Log("SuiteFinished " + result.name); }

 private:
  void Log(const std::string& entry) {
    log_.push_back(id_ + ": " + entry);
    if (throws_) throw std::runtime_error(id_ + " failed at " + entry);
  }
  std::string id_;
  std::vector<std::string>& log_;
  bool throws_;
};

}  // namespace

TEST_CASE("MultiReporter forwards every event to every reporter in order", "[report][multi]") {
  std::vector<std::string> log;
  RecordingReporter a("a", log), b("b", log);
  attest::MultiReporter both{&a, &b};
  CHECK(both.Size() == 2);
  both.SuiteStarting("http-api", 2);
  both.Event("started n1");
  both.TestStarting(1, "PUT");
  both.TestFinished(attest_test::Passed(1, "PUT", std::chrono::milliseconds(1)));
  both.SuiteFinished(attest_test::MixedSuite());
  CHECK(log == std::vector<std::string>{"a: SuiteStarting http-api 2", "b: SuiteStarting http-api 2",
                                        "a: Event started n1", "b: Event started n1", "a: TestStarting 1 PUT",
                                        "b: TestStarting 1 PUT", "a: TestFinished 1", "b: TestFinished 1",
                                        "a: SuiteFinished http-api", "b: SuiteFinished http-api"});
}

TEST_CASE("MultiReporter: one reporter throwing does not silence the others", "[report][multi]") {
  std::vector<std::string> log;
  RecordingReporter bad("bad", log, true), good("good", log), worse("worse", log, true);
  attest::MultiReporter all;
  all.Add(bad).Add(good).Add(&worse);
  CHECK_THROWS_WITH(all.Event("x"), "bad failed at Event x");  // the first one is rethrown
  CHECK(log == std::vector<std::string>{"bad: Event x", "good: Event x", "worse: Event x"});
}

TEST_CASE("MultiReporter rejects a null reporter", "[report][multi]") {
  attest::MultiReporter multi;
  CHECK_THROWS_AS(multi.Add(nullptr), attest::UsageError);
  CHECK_THROWS_WITH(multi.Add(nullptr), "MultiReporter: a reporter is null");
}

TEST_CASE("MultiReporter drives a console and a JUnit file together", "[report][multi]") {
  attest_test::CapturedFile out;
  attest_test::TempDir dir;
  attest::ConsoleReporter console(out.File(), attest::TextStyle::Plain());
  attest::JUnitReporter junit(dir.File("r.xml"));
  attest::MultiReporter both{&console, &junit};
  const auto suite = attest_test::MixedSuite();
  both.SuiteStarting(suite.name, 3);
  both.SuiteFinished(suite);
  CHECK_THAT(out.Text(), Contains("✗ http-api: passed 1 of 3 tests"));
  CHECK_THAT(junit.Xml(), Contains("<testsuite name=\"http-api\" tests=\"3\" failures=\"1\""));
}
