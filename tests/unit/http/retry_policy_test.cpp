// MayRetry: which failed tries are sent again on a new connection. The integration
// tests prove the same rules against servers that count what they applied.
#include "attest/http/detail/retry_policy.hpp"
#include "support/catch.hpp"

using attest::http::TransportError;
using attest::http::detail::Attempt;
using attest::http::detail::MayRetry;
using attest::http::detail::RetryBudget;
using attest::http::detail::RetryReason;
using attest::http::detail::Spend;
using Kind = TransportError::Kind;

namespace {

Attempt Failed(Kind kind, bool reused, std::size_t sent, std::size_t received = 0) {
  Attempt attempt;
  attempt.kind = kind;
  attempt.reused = reused;
  attempt.request_bytes = 100;
  attempt.bytes_sent = sent;
  attempt.bytes_received = received;
  return attempt;
}

constexpr bool kIdempotent = true;
constexpr bool kNotIdempotent = false;

}  // namespace

TEST_CASE("a reused connection that died before any response byte is retried once", "[http][retry]") {
  for (Kind kind : {Kind::Reset, Kind::Closed}) {
    const Attempt died = Failed(kind, true, 100);
    RetryBudget budget;
    CHECK(MayRetry(died, kIdempotent, budget) == RetryReason::ReusedConnectionDied);
    Spend(budget, RetryReason::ReusedConnectionDied);
    CHECK(MayRetry(died, kIdempotent, budget) == RetryReason::None);  // once
  }
}

TEST_CASE("a POST or PATCH whose bytes reached the socket is never sent again", "[http][retry]") {
  CHECK(MayRetry(Failed(Kind::Closed, true, 100), kNotIdempotent, {}) == RetryReason::None);
  CHECK(MayRetry(Failed(Kind::Reset, true, 1), kNotIdempotent, {}) == RetryReason::None);
  CHECK(MayRetry(Failed(Kind::Reset, false, 100), kNotIdempotent, {}) == RetryReason::None);
}

TEST_CASE("a POST none of whose bytes reached the socket may go on a new connection", "[http][retry]") {
  CHECK(MayRetry(Failed(Kind::Reset, true, 0), kNotIdempotent, {}) == RetryReason::ReusedConnectionDied);
  CHECK(MayRetry(Failed(Kind::Closed, false, 0), kNotIdempotent, {}) == RetryReason::NewConnectionReset);
}

TEST_CASE("a new connection reset before any response byte is retried once", "[http][retry]") {
  RetryBudget budget;
  CHECK(MayRetry(Failed(Kind::Reset, false, 100), kIdempotent, budget) == RetryReason::NewConnectionReset);
  Spend(budget, RetryReason::NewConnectionReset);
  CHECK(MayRetry(Failed(Kind::Reset, false, 100), kIdempotent, budget) == RetryReason::None);
  // The reused-connection retry is a separate allowance: a request may use both.
  CHECK(MayRetry(Failed(Kind::Reset, true, 100), kIdempotent, budget) == RetryReason::ReusedConnectionDied);
}

TEST_CASE("a new connection the server closed after reading the request is not retried", "[http][retry]") {
  // The server chose to close it; sending the request again would meet the same choice.
  CHECK(MayRetry(Failed(Kind::Closed, false, 100), kIdempotent, {}) == RetryReason::None);
}

TEST_CASE("once any response byte arrived nothing is retried", "[http][retry]") {
  for (Kind kind : {Kind::Reset, Kind::Closed, Kind::Timeout, Kind::Malformed}) {
    CHECK(MayRetry(Failed(kind, true, 100, 1), kIdempotent, {}) == RetryReason::None);
    CHECK(MayRetry(Failed(kind, false, 100, 17), kIdempotent, {}) == RetryReason::None);
  }
}

TEST_CASE("refused, unreachable, timed out and malformed are never retried", "[http][retry]") {
  for (Kind kind :
       {Kind::Refused, Kind::ConnectFailed, Kind::ConnectTimeout, Kind::Timeout, Kind::Malformed}) {
    CHECK(MayRetry(Failed(kind, false, 0), kIdempotent, {}) == RetryReason::None);
    CHECK(MayRetry(Failed(kind, true, 100), kIdempotent, {}) == RetryReason::None);
  }
}
