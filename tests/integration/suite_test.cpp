// Suites: order, shared state, stopping at the first failure, setup, options and the
// mistakes a test author can make.
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "attest/attest.hpp"
#include "attest/cluster/backends.hpp"
#include "attest/testing/server.hpp"
#include "support/capture.hpp"
#include "support/catch.hpp"
#include "support/collecting_reporter.hpp"
#include "support/run_helpers.hpp"

using namespace attest;
using namespace std::chrono_literals;
using attest::testing::CollectingReporter;
using attest::testing::FailureText;
using attest::testing::RunOne;
using attest::testing::Says;
using attest::testing::TestServer;

namespace {

struct EchoServer {
  TestServer server;
  EchoServer() {
    server.Http().Get("/health", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("ok", "text/plain");
    });
    server.Start();
  }
};

}  // namespace

TEST_CASE("tests run in order, share state, and the first failure skips the rest", "[suite]") {
  EchoServer echo;
  std::vector<int> ran;
  CollectingReporter reporter;
  auto result = New(WithEndpoints({{"n1", echo.server.Address()}}), WithName("ordering"))
                    .Setup([&](Do&) { ran.push_back(0); })
                    .Test("first",
                          [&](Do& d) {
                            ran.push_back(1);
                            d.GET(Node("n1"), "/health").Status(Is(200)).Run();
                          })
                    .Test("second fails",
                          [&](Do& d) {
                            ran.push_back(2);
                            d.GET(Node("n1"), "/health").Status(Is(201)).Run();
                          })
                    .Test("third is skipped", [&](Do&) { ran.push_back(3); })
                    .RunWithResult(reporter);
  CHECK(ran == std::vector<int>{0, 1, 2});
  CHECK_FALSE(result.passed);
  CHECK(result.name == "ordering");
  REQUIRE(result.tests.size() == 3);
  CHECK(result.tests[0].passed);
  CHECK(result.tests[0].index == 1);
  CHECK_FALSE(result.tests[1].passed);
  CHECK(result.tests[1].failure.has_value());
  CHECK(result.tests[2].skipped);
  REQUIRE(reporter.suites.size() == 1);
  CHECK(reporter.events.front() == "suite ordering with 3 tests");
}

TEST_CASE("Run() returns true when every test passed", "[suite]") {
  EchoServer echo;
  CollectingReporter reporter;
  CHECK(New(WithEndpoints({{"n1", echo.server.Address()}}))
            .Test("ok", [](Do& d) { d.GET(Node("n1"), "/health").Status(Is(200)).Run(); })
            .Run(reporter));
}

TEST_CASE("a check that is built but never run fails the test that dropped it", "[suite][errors]") {
  EchoServer echo;
  auto result = RunOne({{"n1", echo.server.Address()}}, [](Do& d) {
    auto forgotten = d.GET(Node("n1"), "/health").Status(Is(500));
    (void)forgotten;
  });
  REQUIRE_FALSE(result.passed);
  const auto text = FailureText(result);
  CHECK_THAT(text, Says("GET /health built at suite_test.cpp:"));
  CHECK_THAT(text, Says(".Run()"));
}

TEST_CASE("exceptions from test code are failures, whatever they are", "[suite][errors]") {
  EchoServer echo;
  auto std_error =
      RunOne({{"n1", echo.server.Address()}}, [](Do&) { throw std::logic_error("invariant broken"); });
  REQUIRE_FALSE(std_error.passed);
  CHECK_THAT(FailureText(std_error), Says("invariant broken"));
  auto odd = RunOne({{"n1", echo.server.Address()}}, [](Do&) { throw 42; });
  REQUIRE_FALSE(odd.passed);
  CHECK_THAT(FailureText(odd), Says("not a std::exception"));
}

TEST_CASE("options with bad values fail at once with the option named", "[suite][options][errors]") {
  CHECK_THROWS_WITH(WithCluster(0), Says("WithCluster: the count must be at least 1, got 0"));
  CHECK_THROWS_WITH(WithCluster(-2), Says("WithCluster: the count must be at least 1, got -2"));
  CHECK_THROWS_WITH(WithRetryTimeout(-1s), Says("WithRetryTimeout: the duration must be positive"));
  CHECK_THROWS_WITH(WithRequestTimeout(0ms),
                    Says("WithRequestTimeout: the duration must be positive, got 0ms"));
  CHECK_THROWS_WITH(WithNodeStartTimeout(-5ms), Says("WithNodeStartTimeout"));
  CHECK_THROWS_WITH(WithNodeShutdownTimeout(-5ms),
                    Says("WithNodeShutdownTimeout: the duration must be zero or positive"));
  CHECK_THROWS_WITH(WithPollInterval(-1ms), Says("WithPollInterval"));
  CHECK_THROWS_WITH(WithClusterSettleDuration(-1ms), Says("WithClusterSettleDuration"));
  CHECK_THROWS_WITH(WithConcurrencyLimit(0),
                    Says("WithConcurrencyLimit: the count must be at least 1, got 0"));
  CHECK_THROWS_WITH(WithEndpoints({}), Says("WithEndpoints: at least one node is needed"));
  CHECK_THROWS_WITH(WithEndpoints({{"n1", "localhost"}}), Says("node n1 has address \"localhost\""));
  CHECK_THROWS_WITH(WithEndpoints({{"n1", "127.0.0.1:http"}}), Says("the port is not a number"));
  CHECK_THROWS_WITH(WithEndpoints({{"n1", "127.0.0.1:70000"}}), Says("between 1 and 65535"));
  CHECK_THROWS_WITH(WithEndpoints({{"n1", "127.0.0.1:1"}, {"n1", "127.0.0.1:2"}}),
                    Says("node n1 is listed twice"));
  CHECK_THROWS_WITH(WithEndpoints({{"bad name", "127.0.0.1:1"}}),
                    Says("node name \"bad name\" is not valid"));
  CHECK_THROWS_AS(WithCluster(0), attest::UsageError);
  CHECK_NOTHROW(WithNodeShutdownTimeout(0s));
}

TEST_CASE("a suite without nodes reports an empty cluster", "[suite][errors]") {
  CollectingReporter reporter;
  auto result = New().Test("never runs", [](Do&) {}).RunWithResult(reporter);
  CHECK_FALSE(result.passed);
  REQUIRE(result.setup_failure.has_value());
  CHECK_THAT(FormatFailure(*result.setup_failure), Says("the suite has no nodes"));
  REQUIRE(result.tests.size() == 1);
  CHECK(result.tests[0].skipped);
}

TEST_CASE("WithCluster without a program to run says what to give instead", "[suite][errors]") {
  CollectingReporter reporter;
  auto result = New(WithCluster(3)).Test("never runs", [](Do&) {}).RunWithResult(reporter);
  CHECK_FALSE(result.passed);
  REQUIRE(result.setup_failure.has_value());
  CHECK_THAT(FormatFailure(*result.setup_failure),
             Says("WithCluster(3) needs to know what to run on its nodes"));
  CHECK_THAT(FormatFailure(*result.setup_failure), Says("WithBinary"));
  CHECK_THAT(FormatFailure(*result.setup_failure), Says("WithEndpoints"));
}

TEST_CASE("WithCluster and WithEndpoints must agree on the number of nodes", "[suite][errors]") {
  EchoServer echo;
  CollectingReporter reporter;
  auto result = New(WithCluster(3), WithEndpoints({{"n1", echo.server.Address()}}))
                    .Test("t", [](Do&) {})
                    .RunWithResult(reporter);
  REQUIRE(result.setup_failure.has_value());
  CHECK_THAT(FormatFailure(*result.setup_failure), Says("WithCluster(3) but WithEndpoints names 1 node(s)"));
}

TEST_CASE("lifecycle and network faults are refused for nodes attest does not manage", "[suite][errors]") {
  EchoServer echo;
  const attest::testing::Endpoints endpoints{{"n1", echo.server.Address()}};
  for (const auto& body : std::vector<Suite::Body>{[](Do& d) { d.Kill("n1"); }, [](Do& d) { d.Stop("n1"); },
                                                   [](Do& d) { d.Start("n1"); },
                                                   [](Do& d) { d.Restart("n1"); }, [](Do& d) { d.Heal(); }}) {
    auto result = RunOne(endpoints, body);
    REQUIRE_FALSE(result.passed);
    CHECK_THAT(FailureText(result), Says("not managed by attest"));
  }
  auto partition = RunOne({{"n1", echo.server.Address()}, {"n2", echo.server.Address()}},
                          [](Do& d) { d.Partition({"n1"}, {"n2"}); });
  CHECK_THAT(FailureText(partition), Says("Partition: the nodes of this suite are not managed by attest"));
  auto unknown = RunOne(endpoints, [](Do& d) { d.Kill("n4"); });
  CHECK_THAT(FailureText(unknown), Says("Kill: unknown node \"n4\"; the cluster has [n1]"));
  auto overlap = RunOne({{"n1", echo.server.Address()}, {"n2", echo.server.Address()}}, [](Do& d) {
    d.Partition({"n1", "n2"}, {"n2"});
  });
  CHECK_THAT(FailureText(overlap), Says("Partition: node n2 is in more than one group"));
  const std::string address = echo.server.Address();
  CHECK(RunOne(endpoints, [&](Do& d) { REQUIRE(d.Addr("n1") == address); }).passed);
}

TEST_CASE("mistakes in building a check are named where they are made", "[suite][errors]") {
  EchoServer echo;
  const attest::testing::Endpoints endpoints{{"n1", echo.server.Address()}};
  auto no_slash = RunOne(endpoints, [](Do& d) { d.GET(Node("n1"), "health").Run(); });
  CHECK_THAT(FailureText(no_slash), Says("GET \"health\" at suite_test.cpp:"));
  CHECK_THAT(FailureText(no_slash), Says("the path must start with '/'"));
  auto no_matcher = RunOne(endpoints, [](Do& d) { d.GET(Node("n1"), "/health").Status().Run(); });
  CHECK_THAT(FailureText(no_matcher), Says("GET /health at suite_test.cpp:"));
  CHECK_THAT(FailureText(no_matcher), Says(".Status(...) needs at least one matcher"));
  auto bad_regex = RunOne(endpoints, [](Do& d) { d.GET(Node("n1"), "/health").Body(Matches("([a-")).Run(); });
  CHECK_THAT(FailureText(bad_regex), Says("([a-"));
  auto bad_path = RunOne(endpoints, [](Do& d) { d.GET(Node("n1"), "/health").JSON("a..b", IsNull()).Run(); });
  CHECK_THAT(FailureText(bad_path), Says("a..b"));
}

TEST_CASE("node manager options check their values at once", "[suite][options][errors]") {
  CHECK_THROWS_WITH(WithImage(""), Says("WithImage: the image tag is empty"));
  CHECK_THROWS_WITH(WithDockerfile(""), Says("WithDockerfile: the context directory is empty"));
  CHECK_THROWS_WITH(WithBinary(""), Says("WithBinary: the program path is empty"));
  CHECK_THROWS_WITH(WithNodePort(0), Says("WithNodePort: the port must be between 1 and 65535, got 0"));
  CHECK_THROWS_WITH(WithNodePort(65536), Says("got 65536"));
  CHECK_THROWS_WITH(WithSubnet("10.0.42.0"), Says("WithSubnet: \"10.0.42.0\" is not an IPv4 subnet"));
  CHECK_THROWS_WITH(WithSubnet("10.0.42.0/31"), Says("/8 to /29"));
  CHECK_THROWS_WITH(WithSubnet("fd00::/64"), Says("is not an IPv4 subnet"));
  CHECK_THROWS_WITH(WithEnv({{"A=B", "c"}}),
                    Says("WithEnv: \"A=B\" is not a valid environment variable name"));
  CHECK_THROWS_WITH(WithBackend(""), Says("WithBackend: the backend name is empty"));
  SuiteConfig config;
  for (const auto& option :
       {WithImage("kv:latest"), WithNodePort(9090), WithSubnet("10.0.42.0/24"), WithEnv({{"LOG", "debug"}}),
        WithKeep(true), WithBinary("/bin/kv", {"--fast"}), WithNetworkControl(NetworkControl::Nsenter)}) {
    option.ApplyTo(config);
  }
  CHECK(config.image == "kv:latest");
  CHECK(config.node_port == 9090);
  CHECK(config.subnet == "10.0.42.0/24");
  CHECK(config.env == std::vector<std::pair<std::string, std::string>>{{"LOG", "debug"}});
  CHECK(config.keep);
  CHECK(config.binary_args == std::vector<std::string>{"--fast"});
  CHECK(config.network_control == NetworkControl::Nsenter);
}

TEST_CASE("an interrupt ends waiting checks at once and the suite reports it", "[suite][cancel]") {
  TestServer server;
  server.Http().Get(
      "/never", [](const httplib::Request&, httplib::Response& res) { res.set_content("no", "text/plain"); });
  server.Start();
  std::thread interrupter([] {
    std::this_thread::sleep_for(200ms);
    attest::detail::ProcessInterrupted() = true;  // what attest::Main's SIGINT handler does
  });
  const auto started = std::chrono::steady_clock::now();
  CollectingReporter reporter;
  auto result =
      New(WithEndpoints({{"n1", server.Address()}}))
          .Test("waits", [](Do& d) { d.GET(Node("n1"), "/never").Eventually(30s).Body(Is("yes")).Run(); })
          .Test("never starts", [](Do&) {})
          .RunWithResult(reporter);
  interrupter.join();
  attest::detail::ProcessInterrupted() = false;
  CHECK(std::chrono::steady_clock::now() - started < 5s);
  CHECK_FALSE(result.passed);
  REQUIRE(result.tests.size() == 2);
  REQUIRE(result.tests[0].failure.has_value());
  CHECK_THAT(FormatFailure(*result.tests[0].failure), Says("the run was cancelled"));
  CHECK(result.tests[1].skipped);
}

TEST_CASE("a suite this machine cannot run is reported as skipped, with the reason, not as failed",
          "[suite][skip]") {
  // A backend that finds what it needs missing, as the Docker backend does without an engine;
  // registered for this test only.
  const auto saved_backends = attest::detail::ClusterBackends();
  struct Restore {
    const std::vector<ClusterBackend>& saved;
    ~Restore() { attest::detail::ClusterBackends() = saved; }
  } restore{saved_backends};
  RegisterClusterBackend(
      ClusterBackend{"unavailable-here", [](const SuiteConfig&) -> std::unique_ptr<Cluster> {
                       throw Unavailable("no Docker engine answers on this machine");
                     }});
  attest_test::CapturedFile console_file;
  ConsoleReporter console(console_file.File(), TextStyle::Plain());
  CollectingReporter collected;
  MultiReporter both{&console, &collected};
  bool body_ran = false;
  auto result = New(WithCluster(2), WithBackend("unavailable-here"), WithName("needs-docker"))
                    .Test("first", [&](Do&) { body_ran = true; })
                    .Test("second", [&](Do&) { body_ran = true; })
                    .RunWithResult(both);
  CHECK_FALSE(body_ran);
  CHECK_FALSE(result.passed);
  CHECK_FALSE(result.setup_failure.has_value());
  CHECK_THAT(result.skipped_reason, Says("no Docker engine answers on this machine"));
  REQUIRE(result.tests.size() == 2);
  for (const auto& test : result.tests) {
    CHECK(test.skipped);
    CHECK(test.skip_reason == "this machine cannot run the suite");
  }
  const std::string text = console_file.Text();
  CHECK_THAT(text, Says("○ skipped: this machine cannot run the suite"));
  CHECK_THAT(text, Says("no Docker engine answers on this machine"));
  CHECK_THAT(text, Says("○ 1. first (skipped: this machine cannot run the suite)"));
  CHECK_THAT(text, Says("○ needs-docker: passed 0 of 2 tests"));
  CHECK_THAT(text, !Says("✗"));
}
