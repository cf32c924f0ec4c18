// What one try of a request did on one connection: the facts the retry rules and the
// error text are made from. Plain data.
//
// Part of the client's implementation: included by client_inl.hpp and by unit tests.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "attest/http/detail/socket.hpp"
#include "attest/http/message.hpp"

namespace attest::http::detail {

struct Attempt {
  // The connection.
  bool reused = false;         // a kept-alive connection from the pool
  Clock::duration idle_for{};  // how long it had been idle (reused only)
  int handshakes = 0;          // SYNs started for a new connection (see Connect)
  // The request.
  std::size_t request_bytes = 0;
  std::size_t bytes_sent = 0;      // taken by the kernel: the server may have read them
  std::size_t unacknowledged = 0;  // of those, not acknowledged by the server (timeouts only)
  // The response, or why there is none.
  bool complete = false;
  TransportError::Kind kind = TransportError::Kind::ConnectFailed;
  int error_number = 0;
  std::size_t bytes_received = 0;
  std::string progress;  // ResponseParser::DescribeProgress() when it broke
  std::string detail;    // what was malformed, why connecting failed, ...
  Clock::time_point ended{};
};

}  // namespace attest::http::detail
