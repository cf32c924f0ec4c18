// Golden tests of transport errors as a suite author reads them: real checks
// (Check::Run) against real loopback servers built to misbehave in one way each, the
// failure text compared with tests/golden/expected/transport_errors/<case>.txt. Ports,
// line numbers, measured durations and counts that vary from run to run are replaced
// by placeholders; configured timeouts stay, since they are exact.
#include <chrono>
#include <regex>
#include <string>

#include "attest/attest.hpp"
#include "attest/testing/server.hpp"
#include "integration/http/raw_server.hpp"
#include "support/catch.hpp"
#include "support/collecting_reporter.hpp"
#include "support/golden.hpp"

using namespace attest;
using namespace std::chrono_literals;
using attest::testing::FullListener;
using attest::testing::RawConnection;
using attest::testing::RawServer;

namespace {

std::string Normalize(std::string text) {
  const std::pair<const char*, const char*> rules[] = {
      {R"(127\.0\.0\.1:\d+)", "127.0.0.1:PORT"},
      {R"(transport_errors_test\.cpp:\d+)", "transport_errors_test.cpp:LINE"},
      {R"((after|idle for) \d+(\.\d+)?(ns|us|ms|s)\b)", "$1 T"},
      {R"(\d+ TCP handshakes?)", "N TCP handshakes"},
      {R"(took \d+ of \d+ request bytes)", "took N of M request bytes"},
  };
  for (const auto& [pattern, replacement] : rules)
    text = std::regex_replace(text, std::regex(pattern), replacement);
  return text;
}

// Runs `body` as the only test of a suite against node n1 at `address` and returns its
// normalised failure text.
std::string FailureOf(const std::string& address, Suite::Body body,
                      std::chrono::milliseconds timeout = 300ms) {
  Suite suite = New(WithEndpoints({{"n1", address}}), WithRequestTimeout(timeout));
  attest::testing::CollectingReporter reporter;
  auto result = suite.Test("golden", std::move(body)).RunWithResult(reporter);
  REQUIRE(result.tests.size() == 1);
  REQUIRE(result.tests[0].failure.has_value());
  return Normalize(FormatFailure(*result.tests[0].failure));
}

void Golden(const std::string& name, const std::string& text) {
  attest::testing::CheckGoldenFile(ATTEST_GOLDEN_DIR, name, text);
}

// Answers `first` requests on each connection, then reads the next one and does
// `misbehave` instead of answering.
template <class Misbehave>
RawServer::Handler AfterAnswering(int first, Misbehave misbehave) {
  return [first, misbehave](RawConnection& connection) {
    for (int n = 0; auto request = connection.ReadRequest(); ++n) {
      if (n == first) return misbehave(connection);
      if (!connection.Respond(200, "ok")) return;
    }
  };
}

}  // namespace

TEST_CASE("golden transport error: connection refused", "[golden][transport]") {
  const auto address = "127.0.0.1:" + std::to_string(attest::testing::UnusedPort());
  Golden("refused", FailureOf(address, [](Do& d) { d.GET(Node("n1"), "/health").Status(Is(200)).Run(); }));
}

TEST_CASE("golden transport error: connect timeout behind a full accept queue", "[golden][transport]") {
  FullListener listener;
  Golden("connect_timeout",
         FailureOf(listener.Address(), [](Do& d) { d.GET(Node("n1"), "/health").Status(Is(200)).Run(); }));
}

TEST_CASE("golden transport error: a POST reset by the server on a new connection", "[golden][transport]") {
  RawServer server(AfterAnswering(0, [](RawConnection& c) { c.Reset(); }));
  Golden("reset_new_connection_post", FailureOf(server.Address(), [](Do& d) {
           d.POST(Node("n1"), "/orders", R"({"item":1})").Status(Is(201)).Run();
         }));
}

TEST_CASE("golden transport error: a GET reset twice, retried once", "[golden][transport]") {
  RawServer server(AfterAnswering(0, [](RawConnection& c) { c.Reset(); }));
  Golden("reset_retried_get",
         FailureOf(server.Address(), [](Do& d) { d.GET(Node("n1"), "/kv/key").Status(Is(200)).Run(); }));
}

TEST_CASE("golden transport error: a POST reset on a reused keep-alive connection", "[golden][transport]") {
  RawServer server(AfterAnswering(1, [](RawConnection& c) { c.Reset(); }));
  Golden("reset_reused_connection_post", FailureOf(server.Address(), [](Do& d) {
           d.GET(Node("n1"), "/health").Status(Is(200)).Run();
           d.POST(Node("n1"), "/orders", R"({"item":1})").Status(Is(201)).Run();
         }));
}

TEST_CASE("golden transport error: closed by the server before a response", "[golden][transport]") {
  RawServer server(AfterAnswering(0, [](RawConnection& c) { c.Close(); }));
  Golden("closed_before_response",
         FailureOf(server.Address(), [](Do& d) { d.GET(Node("n1"), "/kv/key").Status(Is(200)).Run(); }));
}

TEST_CASE("golden transport error: closed by the server in the middle of the body", "[golden][transport]") {
  RawServer server(AfterAnswering(
      0, [](RawConnection& c) { c.Write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789"); }));
  Golden("closed_mid_body",
         FailureOf(server.Address(), [](Do& d) { d.GET(Node("n1"), "/kv/key").Status(Is(200)).Run(); }));
}

TEST_CASE("golden transport error: no response within the request timeout", "[golden][transport]") {
  RawServer server(AfterAnswering(0, [](RawConnection& c) { c.Stall(3s); }));
  Golden("no_response",
         FailureOf(server.Address(), [](Do& d) { d.GET(Node("n1"), "/kv/key").Status(Is(200)).Run(); }));
}

TEST_CASE("golden transport error: headers cut short, then nothing", "[golden][transport]") {
  RawServer server(AfterAnswering(0, [](RawConnection& c) {
    c.Write("HTTP/1.1 200 OK\r\nContent-Ty");
    c.Stall(3s);
  }));
  Golden("partial_headers",
         FailureOf(server.Address(), [](Do& d) { d.GET(Node("n1"), "/kv/key").Status(Is(200)).Run(); }));
}

TEST_CASE("golden transport error: part of the body, then nothing", "[golden][transport]") {
  RawServer server(AfterAnswering(0, [](RawConnection& c) {
    c.Write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789");
    c.Stall(3s);
  }));
  Golden("partial_body",
         FailureOf(server.Address(), [](Do& d) { d.GET(Node("n1"), "/kv/key").Status(Is(200)).Run(); }));
}

TEST_CASE("golden transport error: a server that stops reading the request", "[golden][transport]") {
  // Never reads, with a receive buffer as small as the kernel allows: 4 MiB fill the
  // client's send buffer and the server's window.
  RawServer server(RawServer::Options{.receive_buffer = 1}, [](RawConnection& c) { c.Stall(3s); });
  Golden("request_not_sent", FailureOf(server.Address(), [](Do& d) {
           d.PUT(Node("n1"), "/blob", std::string(4 << 20, 'x')).Status(Is(200)).Run();
         }));
}

TEST_CASE("golden transport error: something that is not HTTP answers", "[golden][transport]") {
  RawServer server(AfterAnswering(0, [](RawConnection& c) { c.Write("SSH-2.0-OpenSSH_9.2\r\n"); }));
  Golden("malformed",
         FailureOf(server.Address(), [](Do& d) { d.GET(Node("n1"), "/kv/key").Status(Is(200)).Run(); }));
}
