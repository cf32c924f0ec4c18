// The sentence each kind of transport failure becomes. The golden tests show the same
// sentences coming out of real checks against real misbehaving servers.
#include <chrono>
#include <vector>

#include "attest/http/detail/transport_error_text.hpp"
#include "support/catch.hpp"

using namespace std::chrono_literals;
using attest::http::Endpoint;
using attest::http::TransportError;
using attest::http::detail::Attempt;
using attest::http::detail::Clock;
using attest::http::detail::MakeTransportError;
using attest::http::detail::RetryBudget;
using Kind = TransportError::Kind;

namespace {

const Endpoint kNode{"127.0.0.1", 8081};
const Clock::time_point kStart{};

Attempt Try(Kind kind, Clock::duration ended) {
  Attempt attempt;
  attempt.kind = kind;
  attempt.request_bytes = 120;
  attempt.bytes_sent = 120;
  attempt.progress = "no response byte received";
  attempt.ended = kStart + ended;
  return attempt;
}

std::string Text(std::vector<Attempt> tries, const std::string& method = "GET", bool idempotent = true,
                 RetryBudget budget = {}) {
  return MakeTransportError(tries, kNode, method, idempotent, budget, 5s, kStart).text;
}

}  // namespace

TEST_CASE("refused and failed connects say where and after how long", "[http][error_text]") {
  CHECK(Text({Try(Kind::Refused, 180us)}) ==
        "connection refused after 180us (nothing listens on 127.0.0.1:8081)");
  auto unreachable = Try(Kind::ConnectFailed, 3ms);
  unreachable.detail = "No route to host";
  CHECK(Text({unreachable}) == "cannot connect to 127.0.0.1:8081 after 3.0ms: No route to host");
}

TEST_CASE("a connect timeout counts the unanswered handshakes", "[http][error_text]") {
  auto attempt = Try(Kind::ConnectTimeout, 5s);
  attempt.handshakes = 5;
  CHECK(Text({attempt}) ==
        "connection not established within 5s (5 TCP handshakes unanswered: the server's listen backlog is "
        "full, or nothing answers at 127.0.0.1:8081)");
}

TEST_CASE("timeouts say what was sent and received", "[http][error_text]") {
  CHECK(Text({Try(Kind::Timeout, 5s)}) ==
        "no response within 5s (new connection, request sent, no response byte received)");
  auto partial = Try(Kind::Timeout, 5s);
  partial.bytes_received = 40;
  partial.progress = "received the headers of a 200 and 10 of 120 bytes of its body";
  CHECK(
      Text({partial}) ==
      "incomplete response within 5s (new connection, request sent, received the headers of a 200 and 10 of "
      "120 bytes of its body)");
  auto stuck = Try(Kind::Timeout, 5s);
  stuck.bytes_sent = 65536;
  stuck.unacknowledged = 1536;
  stuck.request_bytes = 1048629;
  CHECK(Text({stuck}) ==
        "request not sent within 5s (new connection, the server took 64000 of 1048629 request bytes, then "
        "stopped reading)");
  auto written = Try(Kind::Timeout, 5s);  // all handed to the kernel, not all taken by the server
  written.unacknowledged = 20;
  CHECK(Text({written}) ==
        "request not sent within 5s (new connection, the server took 100 of 120 request bytes, then stopped "
        "reading)");
}

TEST_CASE("resets and closes say new or reused, and how long it sat idle", "[http][error_text]") {
  auto reset = Try(Kind::Reset, 1200ms);
  reset.reused = true;
  reset.idle_for = 800ms;
  CHECK(Text({reset}, "POST", false, RetryBudget{}) ==
        "connection reset by the server after 1.20s (reused keep-alive connection idle for 800ms, request "
        "sent, "
        "no response byte received); not sent again: a POST that reached the server may have been applied");
  CHECK(Text({Try(Kind::Closed, 2500us)}) ==
        "connection closed by the server after 2.5ms without a response (new connection, request sent, no "
        "response byte received)");
  auto midway = Try(Kind::Closed, 12ms);
  midway.bytes_received = 50;
  midway.progress = "received the headers of a 200 and 10 of 100 bytes of its body";
  CHECK(
      Text({midway}) ==
      "connection closed by the server after 12ms before the response was complete (new connection, request "
      "sent, received the headers of a 200 and 10 of 100 bytes of its body)");
}

TEST_CASE("a retried request tells the try before", "[http][error_text]") {
  auto first = Try(Kind::Closed, 2ms);
  first.reused = true;
  first.idle_for = 5s;
  auto second = Try(Kind::Reset, 4ms);
  RetryBudget spent;
  spent.reused_retry_spent = true;
  CHECK(
      Text({first, second}, "PUT", true, spent) ==
      "connection reset by the server after 4.0ms (new connection, request sent, no response byte received); "
      "the try before: connection closed by the server after 2.0ms without a response (reused keep-alive "
      "connection idle for 5.00s, request sent, no response byte received)");
}

TEST_CASE("malformed responses quote what came", "[http][error_text]") {
  auto attempt = Try(Kind::Malformed, 1500us);
  attempt.detail = "the response does not begin with \"HTTP/\": \"SSH-2.0\"";
  CHECK(Text({attempt}) ==
        "malformed response after 1.5ms: the response does not begin with \"HTTP/\": \"SSH-2.0\" (new "
        "connection)");
}

TEST_CASE("the error carries kind, elapsed time, reuse and errno", "[http][error_text]") {
  auto attempt = Try(Kind::Reset, 7ms);
  attempt.reused = true;
  attempt.error_number = 104;
  attempt.bytes_received = 3;
  const auto error = MakeTransportError({attempt}, kNode, "GET", true, {}, 5s, kStart);
  CHECK(error.kind == Kind::Reset);
  CHECK(error.elapsed == 7ms);
  CHECK(error.reused);
  CHECK(error.error_number == 104);
  CHECK(error.bytes_received == 3);
}
