// ConsoleReporter: the lines a person watching a run sees.
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "attest/report/console.hpp"
#include "support/capture.hpp"
#include "support/catch.hpp"
#include "support/report_fixtures.hpp"

using attest::ConsoleReporter;
using attest::TextStyle;
using attest_test::CapturedFile;
using attest_test::Replay;
using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;
using namespace std::chrono_literals;

namespace {

// Sets an environment variable for one scope and puts the old value back.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) {
      ::setenv(name, value, 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

// A real pseudo-terminal, so colour detection is tested against isatty() itself.
class PseudoTerminal {
 public:
  PseudoTerminal() {
    master_ = ::posix_openpt(O_RDWR | O_NOCTTY);
    REQUIRE(master_ >= 0);
    REQUIRE(::grantpt(master_) == 0);
    REQUIRE(::unlockpt(master_) == 0);
    const char* name = ::ptsname(master_);
    REQUIRE(name != nullptr);
    terminal_ = std::fopen(name, "w");
    REQUIRE(terminal_ != nullptr);
  }
  ~PseudoTerminal() {
    std::fclose(terminal_);
    ::close(master_);
  }
  std::FILE* File() const { return terminal_; }

 private:
  int master_ = -1;
  std::FILE* terminal_ = nullptr;
};

}  // namespace

TEST_CASE("Console lists tests numbered, with a mark and a duration", "[report][console]") {
  CapturedFile out;
  ConsoleReporter console(out.File(), TextStyle::Plain());
  Replay(console, attest_test::MixedSuite());
  const std::string text = out.Text();
  CHECK_THAT(text, StartsWith("● http-api (3 tests)\n  · started n1\n"));
  CHECK_THAT(text, Contains("\n  ✓ 1. PUT Stores Values (3.2ms)\n"));
  CHECK_THAT(text, Contains("\n  ✗ 2. GET Returns Stored Values (1.1ms)\n"
                            "      GET /kv/key (kv_test.cpp:21)\n"
                            "        on: n1\n"));
  CHECK_THAT(text, Contains("\n        hint: GET /kv/{key} should return the value stored by the "
                            "preceding PUT.\n  ○ 3. DELETE Removes Values (skipped: an earlier "
                            "test failed)\n"));
  CHECK_THAT(text, EndsWith("✗ http-api: passed 1 of 3 tests in 1.25s (1 failed, 1 skipped)\n"));
}

TEST_CASE("Console summary of a passing suite", "[report][console]") {
  CapturedFile out;
  ConsoleReporter console(out.File(), TextStyle::Plain());
  attest::SuiteResult suite;
  suite.name = "persistence";
  suite.passed = true;
  suite.duration = 2500ms;
  suite.tests = {attest_test::Passed(1, "Data Survives SIGTERM", 2400ms)};
  Replay(console, suite);
  CHECK(out.Text() ==
        "● persistence (1 test)\n"
        "  · started n1\n"
        "  ✓ 1. Data Survives SIGTERM (2.40s)\n"
        "✓ persistence: passed 1 of 1 test in 2.50s\n");
}

TEST_CASE("Console shows the stage title the runner set", "[report][console]") {
  CapturedFile out;
  ConsoleReporter console(out.File(), TextStyle::Plain());
  console.SetSuiteTitle("http-api", "Store and Retrieve Data");
  console.SuiteStarting("http-api", 2);
  console.SuiteStarting("other", 1);
  CHECK(out.Text() == "● http-api: Store and Retrieve Data (2 tests)\n● other (1 test)\n");
}

TEST_CASE("Console reports a setup failure before the summary", "[report][console]") {
  CapturedFile out;
  ConsoleReporter console(out.File(), TextStyle::Plain());
  attest::SuiteResult suite;
  suite.name = "http-api";
  suite.duration = 10s;
  attest::FailureReport setup;
  setup.title = "node n1 did not become healthy";
  setup.message = "GET /health did not answer 200 within 10s";
  suite.setup_failure = setup;
  suite.tests = {attest_test::Skipped(1, "PUT Stores Values")};
  console.SuiteStarting(suite.name, 1);
  console.TestFinished(suite.tests[0]);  // the DSL reports skipped tests as they are passed
  console.SuiteFinished(suite);
  CHECK(out.Text() ==
        "● http-api (1 test)\n"
        "  ✗ setup failed\n"
        "      node n1 did not become healthy\n"
        "        GET /health did not answer 200 within 10s\n"
        "  ○ 1. PUT Stores Values (skipped: an earlier test failed)\n"
        "✗ http-api: passed 0 of 1 test in 10.00s (setup failed, 1 skipped)\n");
}

TEST_CASE("Console prints a latency table after a test that used Concurrently", "[report][console]") {
  CapturedFile out;
  ConsoleReporter console(out.File(), TextStyle::Plain());
  auto test = attest_test::Passed(4, "Concurrent Writes", 850ms);
  test.latencies = {{"n1", 10000, 420us, 1200us, 3500us, 12ms}, {"node-long", 7, 2ms, 3ms, 4ms, 1500ms}};
  console.TestFinished(test);
  CHECK(out.Text() ==
        "  ✓ 4. Concurrent Writes (850ms)\n"
        "      node       requests      p50      p95      p99      max\n"
        "      n1            10000    420us    1.2ms    3.5ms     12ms\n"
        "      node-long         7    2.0ms    3.0ms    4.0ms    1.50s\n");
}

TEST_CASE("Console points out latencies clustered at 40ms as the delayed-ACK pattern, with the fix",
          "[report][console]") {
  CapturedFile out;
  ConsoleReporter console(out.File(), TextStyle::Plain());
  auto test = attest_test::Passed(2, "Concurrent Writes", 4s);
  attest::LatencyRow slow{"n1", 100, 41ms, 44ms, 48ms, 52ms};
  slow.delayed_ack_requests = 83;
  attest::LatencyRow fast{"n2", 100, 300us, 900us, 2ms, 41ms};
  fast.delayed_ack_requests = 1;
  test.latencies = {slow, fast};
  console.TestFinished(test);
  CHECK(out.Text() ==
        "  ✓ 2. Concurrent Writes (4.00s)\n"
        "      node  requests      p50      p95      p99      max\n"
        "      n1         100     41ms     44ms     48ms     52ms\n"
        "      n2         100    300us    900us    2.0ms     41ms\n"
        "      note: 83 of 100 requests to n1 took 38-50ms, the delayed-ACK pattern:\n"
        "      the server writes each response in two pieces with Nagle's algorithm on, and the\n"
        "      second waits 40ms for the client's ACK. Set TCP_NODELAY on the server's sockets\n"
        "      (or write each response at once); see docs/testing-your-own-server.md.\n");
}

TEST_CASE("Console lists a failed test that came without a report", "[report][console]") {
  CapturedFile out;
  ConsoleReporter console(out.File(), TextStyle::Plain());
  attest::TestResult test;
  test.index = 1;
  test.name = "Broken";
  console.TestFinished(test);
  CHECK(out.Text() == "  ✗ 1. Broken (0ns)\n      failed without a report\n");
}

TEST_CASE("Console lists tests only the final result names", "[report][console]") {
  CapturedFile out;
  ConsoleReporter console(out.File(), TextStyle::Plain());
  auto suite = attest_test::MixedSuite();
  console.SuiteStarting(suite.name, 3);
  console.TestFinished(suite.tests[0]);
  console.SuiteFinished(suite);  // tests 2 and 3 were never announced
  const std::string text = out.Text();
  CHECK_THAT(text, Contains("✓ 1. PUT Stores Values"));
  CHECK_THAT(text, Contains("✗ 2. GET Returns Stored Values"));
  CHECK_THAT(text, Contains("○ 3. DELETE Removes Values"));
  // ...and test 1 only once.
  CHECK(text.find("1. PUT Stores Values") == text.rfind("1. PUT Stores Values"));
}

TEST_CASE("Console in colour marks passes green, failures red, events dim", "[report][console]") {
  CapturedFile out;
  ConsoleReporter console(out.File(), TextStyle{.color = true});
  Replay(console, attest_test::MixedSuite());
  const std::string text = out.Text();
  CHECK_THAT(text, StartsWith("\x1b[1m● http-api (3 tests)\x1b[0m\n\x1b[2m  · started n1\x1b[0m\n"));
  CHECK_THAT(text, Contains("  \x1b[32m✓\x1b[0m 1. PUT Stores Values \x1b[2m(3.2ms)\x1b[0m\n"));
  CHECK_THAT(text, Contains("  \x1b[31m✗\x1b[0m 2. GET Returns Stored Values"));
  CHECK_THAT(text, Contains("      \x1b[1;31mGET /kv/key\x1b[0m"));
  CHECK_THAT(text, Contains("\x1b[2m○ 3. DELETE Removes Values (skipped: an earlier test failed)\x1b[0m"));
  CHECK_THAT(text,
             EndsWith("\x1b[1;31m✗ http-api: passed 1 of 3 tests in 1.25s (1 failed, 1 skipped)\x1b[0m\n"));
}

TEST_CASE("Console events: multi-line events stay indented, escapes are neutralised", "[report][console]") {
  CapturedFile out;
  ConsoleReporter console(out.File(), TextStyle::Plain());
  console.Event("n2 killed\nexit status 137");
  console.Event("log: \x1b[31mred");
  CHECK(out.Text() == "  · n2 killed\n    exit status 137\n  · log: \\x1b[31mred\n");
}

TEST_CASE("TextStyle::ForStream: colour on a terminal unless NO_COLOR or TERM=dumb",
          "[report][console][tty]") {
  PseudoTerminal tty;
  CapturedFile file;
  ScopedEnv term("TERM", "xterm-256color");
  SECTION("NO_COLOR unset") {
    ScopedEnv no_color("NO_COLOR", nullptr);
    CHECK(TextStyle::ForStream(tty.File()).color);
    CHECK_FALSE(TextStyle::ForStream(file.File()).color);  // a file is not a terminal
    CHECK_FALSE(TextStyle::ForStream(nullptr).color);
  }
  SECTION("NO_COLOR empty counts as unset") {
    ScopedEnv no_color("NO_COLOR", "");
    CHECK(TextStyle::ForStream(tty.File()).color);
  }
  SECTION("NO_COLOR set") {
    ScopedEnv no_color("NO_COLOR", "1");
    CHECK_FALSE(TextStyle::ForStream(tty.File()).color);
  }
  SECTION("TERM=dumb") {
    ScopedEnv no_color("NO_COLOR", nullptr);
    ScopedEnv dumb("TERM", "dumb");
    CHECK_FALSE(TextStyle::ForStream(tty.File()).color);
  }
}

TEST_CASE("ConsoleReporter picks its colours from the stream", "[report][console][tty]") {
  PseudoTerminal tty;
  CapturedFile file;
  ScopedEnv term("TERM", "xterm");
  ScopedEnv no_color("NO_COLOR", nullptr);
  CHECK(ConsoleReporter(tty.File()).Style().color);
  CHECK_FALSE(ConsoleReporter(file.File()).Style().color);
  ScopedEnv set("NO_COLOR", "yes");
  CHECK_FALSE(ConsoleReporter(tty.File()).Style().color);
}

TEST_CASE("Console lines from many threads never interleave", "[report][console][threads]") {
  CapturedFile out;
  ConsoleReporter console(out.File(), TextStyle::Plain());
  constexpr int kThreads = 8, kEvents = 200;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&console, t] {
      for (int i = 0; i < kEvents; ++i) {
        console.Event("thread " + std::to_string(t) + " event " + std::to_string(i) + "\nsecond line of " +
                      std::to_string(t) + "/" + std::to_string(i));
      }
    });
  }
  for (auto& thread : threads) thread.join();
  const std::string text = out.Text();
  std::set<std::string> seen;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t first_end = text.find('\n', start);
    const std::size_t second_end = text.find('\n', first_end + 1);
    REQUIRE(second_end != std::string::npos);
    const std::string first = text.substr(start, first_end - start);
    const std::string second = text.substr(first_end + 1, second_end - first_end - 1);
    REQUIRE_THAT(first, StartsWith("  · thread "));
    const std::string id = first.substr(first.find("thread ") + 7);  // "T event I"
    const std::string t = id.substr(0, id.find(' '));
    const std::string i = id.substr(id.rfind(' ') + 1);
    REQUIRE(second == "    second line of " + t + "/" + i);
    seen.insert(id);
    start = second_end + 1;
  }
  CHECK(seen.size() == static_cast<std::size_t>(kThreads * kEvents));
}
