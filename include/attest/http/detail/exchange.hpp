// One try of a request: take a kept-alive connection or make a new one, write the
// request in one piece, read the response, and give the connection back when the
// server allows it. Every step is bounded by the request's deadline, and what happened
// is recorded in an Attempt.
//
// Part of the client's implementation: included by client_inl.hpp and by unit tests.
#pragma once

#include <cerrno>
#include <optional>
#include <string>
#include <string_view>

#include "attest/http/detail/attempt.hpp"
#include "attest/http/detail/connection_pool.hpp"
#include "attest/http/detail/response_parser.hpp"
#include "attest/http/detail/socket.hpp"
#include "attest/http/message.hpp"

namespace attest::http::detail {

// What a request needs beyond its bytes.
struct Exchange {
  std::string_view wire;    // WriteRequest's output
  bool head = false;        // a HEAD: the response has no body
  bool keep = true;         // false when the request said "Connection: close"
  bool fresh_only = false;  // a retry: never on a kept-alive connection
  Clock::time_point deadline;
};

// A new connection to the endpoint, trying its addresses in turn; on failure `attempt`
// says why.
inline Socket ConnectNew(ConnectionPool& pool, EndpointSlot& slot, Clock::time_point deadline,
                         Attempt& attempt) {
  using Kind = TransportError::Kind;
  std::string resolve_error;
  const auto addresses = pool.Addresses(slot, resolve_error);
  if (addresses.empty()) {
    attempt.kind = Kind::ConnectFailed;
    attempt.detail = "the host name \"" + slot.endpoint.host + "\" does not resolve (" + resolve_error + ")";
    return Socket();
  }
  for (std::size_t i = 0; i < addresses.size(); ++i) {
    const auto patience = pool.HandshakePatience(slot, IsLoopback(addresses[i]));
    ConnectOutcome outcome = Connect(addresses[i], deadline, patience);
    attempt.handshakes += outcome.handshakes;
    if (outcome.socket.Valid()) {
      pool.RecordHandshake(slot, outcome.handshake);
      pool.Prefer(slot, i);
      return std::move(outcome.socket);
    }
    attempt.error_number = outcome.error_number;
    if (outcome.error_number == ETIMEDOUT && Clock::now() >= deadline) {
      attempt.kind = Kind::ConnectTimeout;
      return Socket();
    }
    if (outcome.error_number == ECONNREFUSED) {
      attempt.kind = Kind::Refused;
    } else {
      attempt.kind = Kind::ConnectFailed;
      attempt.detail = ErrnoText(outcome.error_number);
    }
  }
  return Socket();
}

// Reads the response on `socket` until it is complete, broken, or the deadline passes.
inline std::optional<Response> ReadResponse(ConnectionPool& pool, EndpointSlot& slot, Socket& socket,
                                            const Exchange& exchange, Attempt& attempt) {
  using Kind = TransportError::Kind;
  ResponseParser parser(exchange.head);
  char buffer[16384];
  bool wait_first = true;
  for (;;) {
    if (wait_first && !WaitReady(socket.Fd(), POLLIN, exchange.deadline)) {
      attempt.kind = Kind::Timeout;
      break;
    }
    const ssize_t n = ::recv(socket.Fd(), buffer, sizeof buffer, 0);
    if (n > 0) {
      const auto state = parser.Feed(std::string_view(buffer, static_cast<std::size_t>(n)));
      if (state == ResponseParser::State::Complete) {
        attempt.complete = true;
        const auto server_timeout = parser.KeepAliveTimeout();
        const bool keep = exchange.keep && parser.KeepAlive();
        auto response = parser.TakeResponse();
        if (keep) pool.PutIdle(slot, std::move(socket), server_timeout);
        return response;
      }
      if (state == ResponseParser::State::Failed) {
        attempt.kind = Kind::Malformed;
        attempt.detail = parser.Error();
        break;
      }
      wait_first = static_cast<std::size_t>(n) < sizeof buffer;  // a full buffer: more may be there
      continue;
    }
    if (n == 0) {
      if (parser.FinishAtEof() == ResponseParser::State::Complete) {
        attempt.complete = true;
        return parser.TakeResponse();
      }
      attempt.kind = Kind::Closed;
      break;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      wait_first = true;
      continue;
    }
    attempt.error_number = errno;
    attempt.kind =
        (errno == ECONNRESET || errno == EPIPE || errno == ECONNABORTED) ? Kind::Reset : Kind::Closed;
    if (attempt.kind == Kind::Closed) attempt.detail = ErrnoText(errno);
    break;
  }
  attempt.bytes_received = parser.BytesReceived();
  attempt.progress = parser.DescribeProgress();
  return std::nullopt;
}

// One try; on failure the Attempt says what happened and the connection is closed.
inline std::optional<Response> RunAttempt(ConnectionPool& pool, EndpointSlot& slot, const Exchange& exchange,
                                          Attempt& attempt) {
  attempt.request_bytes = exchange.wire.size();
  Socket socket;
  if (!exchange.fresh_only) {
    auto taken = pool.TakeIdle(slot);
    if (taken.socket.Valid()) {
      socket = std::move(taken.socket);
      attempt.reused = true;
      attempt.idle_for = taken.idle_for;
    }
  }
  if (!socket.Valid()) {
    socket = ConnectNew(pool, slot, exchange.deadline, attempt);
    if (!socket.Valid()) {
      attempt.ended = Clock::now();
      return std::nullopt;
    }
  }

  const IoStatus sent =
      SendAll(socket.Fd(), exchange.wire, exchange.deadline, attempt.bytes_sent, attempt.error_number);
  if (sent == IoStatus::Timeout) {
    attempt.kind = TransportError::Kind::Timeout;
    attempt.unacknowledged = UnacknowledgedBytes(socket.Fd());
    attempt.ended = Clock::now();
    return std::nullopt;
  }
  // Even when writing failed, the server may have answered before it closed (a 413 for
  // a body it will not read): read what is there, and do not keep the connection.
  Exchange reading = exchange;
  reading.keep = exchange.keep && sent == IoStatus::Done;
  AckPromptly(socket.Fd());
  auto response = ReadResponse(pool, slot, socket, reading, attempt);
  if (attempt.kind == TransportError::Kind::Timeout && socket.Valid()) {
    attempt.unacknowledged = UnacknowledgedBytes(socket.Fd());
  }
  attempt.ended = Clock::now();
  return response;
}

}  // namespace attest::http::detail
