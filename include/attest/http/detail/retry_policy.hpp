// When a failed try may be sent again on a new connection. Never once any response
// byte arrived (the server answered; its answer, broken or not, is the result), and
// never for a request that may have been applied unless applying it twice is harmless.
//
//  - A reused keep-alive connection that died before any response byte: the server
//    most likely closed it while it sat idle, racing with the request. Sent again once,
//    on a new connection, if the method is idempotent (GET, HEAD, PUT, DELETE, OPTIONS,
//    TRACE) or if no byte of the request was handed to the socket. A POST or PATCH whose
//    bytes reached the socket may have been applied, so it is not sent again (as Go).
//  - A new connection reset before any response byte: a listener whose accept queue
//    overflowed can reset a connection the client already counted as established.
//    Sent again once under the same rule.
//  - Handshakes that time out are started over inside Connect, within the request
//    timeout; refused connections and timeouts are never retried (the answer is clear,
//    or the time is gone).
//
// Part of the client's implementation: included by client_inl.hpp and by unit tests.
#pragma once

#include "attest/http/detail/attempt.hpp"

namespace attest::http::detail {

enum class RetryReason { None, ReusedConnectionDied, NewConnectionReset };

struct RetryBudget {
  bool reused_retry_spent = false;
  bool reset_retry_spent = false;
};

inline RetryReason MayRetry(const Attempt& failed, bool idempotent, const RetryBudget& budget) {
  using Kind = TransportError::Kind;
  if (failed.complete || failed.bytes_received > 0) return RetryReason::None;
  const bool harmless = idempotent || failed.bytes_sent == 0;
  if (!harmless) return RetryReason::None;
  if (failed.reused) {
    if (failed.kind != Kind::Reset && failed.kind != Kind::Closed) return RetryReason::None;
    return budget.reused_retry_spent ? RetryReason::None : RetryReason::ReusedConnectionDied;
  }
  const bool reset = failed.kind == Kind::Reset || (failed.kind == Kind::Closed && failed.bytes_sent == 0);
  if (!reset) return RetryReason::None;
  return budget.reset_retry_spent ? RetryReason::None : RetryReason::NewConnectionReset;
}

inline void Spend(RetryBudget& budget, RetryReason reason) {
  if (reason == RetryReason::ReusedConnectionDied) budget.reused_retry_spent = true;
  if (reason == RetryReason::NewConnectionReset) budget.reset_retry_spent = true;
}

}  // namespace attest::http::detail
