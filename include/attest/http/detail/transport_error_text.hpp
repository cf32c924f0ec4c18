// The words of a TransportError: what happened, after how long (measured, from the
// start of Send), on a new or a reused connection, and how much of the request and the
// response got through, so that a failing check says truly why:
//
//   connection refused after 180us (nothing listens on 127.0.0.1:8081)
//   connection reset by the server after 1.20s (reused keep-alive connection idle for
//     800ms, request sent, no response byte received)
//   no response within 5s (new connection, request sent, no response byte received)
//
// Part of the client's implementation: included by client_inl.hpp and by unit tests.
#pragma once

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "attest/detail/duration_text.hpp"
#include "attest/http/detail/attempt.hpp"
#include "attest/http/detail/retry_policy.hpp"
#include "attest/http/endpoint.hpp"
#include "attest/http/message.hpp"

namespace attest::http::detail {

inline std::string ConnectionText(const Attempt& attempt) {
  if (!attempt.reused) return "new connection";
  return "reused keep-alive connection idle for " + attest::detail::DurationText(attempt.idle_for);
}

inline std::string SentText(const Attempt& attempt) {
  if (attempt.bytes_sent >= attempt.request_bytes) return "request sent";
  if (attempt.bytes_sent == 0) return "request not sent";
  return std::to_string(attempt.bytes_sent) + " of " + std::to_string(attempt.request_bytes) +
         " request bytes sent";
}

// One failed try in one sentence.
inline std::string AttemptText(const Attempt& attempt, const Endpoint& endpoint,
                               std::chrono::milliseconds timeout, Clock::time_point started) {
  using Kind = TransportError::Kind;
  const std::string after = attest::detail::DurationText(attempt.ended - started);
  const std::string within = attest::detail::ExactDurationText(timeout);
  switch (attempt.kind) {
    case Kind::Refused:
      return "connection refused after " + after + " (nothing listens on " + endpoint.ToString() + ")";
    case Kind::ConnectFailed:
      return "cannot connect to " + endpoint.ToString() + " after " + after + ": " + attempt.detail;
    case Kind::ConnectTimeout:
      return "connection not established within " + within + " (" + std::to_string(attempt.handshakes) +
             (attempt.handshakes == 1 ? " TCP handshake" : " TCP handshakes") +
             " unanswered: the server's listen backlog is full, or nothing answers at " +
             endpoint.ToString() + ")";
    case Kind::Timeout:
      if (attempt.bytes_sent < attempt.request_bytes || attempt.unacknowledged > 0) {
        const auto taken = attempt.bytes_sent - std::min(attempt.unacknowledged, attempt.bytes_sent);
        return "request not sent within " + within + " (" + ConnectionText(attempt) + ", the server took " +
               std::to_string(taken) + " of " + std::to_string(attempt.request_bytes) +
               " request bytes, then stopped reading)";
      }
      if (attempt.bytes_received == 0) {
        return "no response within " + within + " (" + ConnectionText(attempt) +
               ", request sent, no response byte received)";
      }
      return "incomplete response within " + within + " (" + ConnectionText(attempt) + ", request sent, " +
             attempt.progress + ")";
    case Kind::Reset:
      return "connection reset by the server after " + after + " (" + ConnectionText(attempt) + ", " +
             SentText(attempt) + ", " + attempt.progress + ")";
    case Kind::Closed:
      if (attempt.bytes_received == 0) {
        return "connection closed by the server after " + after + " without a response (" +
               ConnectionText(attempt) + ", " + SentText(attempt) + ", " + attempt.progress + ")";
      }
      return "connection closed by the server after " + after + " before the response was complete (" +
             ConnectionText(attempt) + ", " + SentText(attempt) + ", " + attempt.progress + ")";
    case Kind::Malformed:
      return "malformed response after " + after + ": " + attempt.detail + " (" + ConnectionText(attempt) +
             ")";
  }
  return "request failed after " + after;
}

// The error for a request whose tries all failed, the last one in `tries.back()`.
inline TransportError MakeTransportError(const std::vector<Attempt>& tries, const Endpoint& endpoint,
                                         const std::string& method, bool idempotent,
                                         const RetryBudget& budget, std::chrono::milliseconds timeout,
                                         Clock::time_point started) {
  const Attempt& last = tries.back();
  TransportError error;
  error.kind = last.kind;
  error.elapsed = last.ended - started;
  error.reused = last.reused;
  error.bytes_received = last.bytes_received;
  error.error_number = last.error_number;
  error.text = AttemptText(last, endpoint, timeout, started);
  if (!idempotent && MayRetry(last, true, budget) != RetryReason::None) {
    error.text += "; not sent again: a " + method + " that reached the server may have been applied";
  }
  if (tries.size() > 1) {
    error.text += tries.size() == 2 ? "; the try before: " : "; the tries before: ";
    for (std::size_t i = 0; i + 1 < tries.size(); ++i) {
      if (i > 0) error.text += "; ";
      error.text += AttemptText(tries[i], endpoint, timeout, started);
    }
  }
  return error;
}

}  // namespace attest::http::detail
