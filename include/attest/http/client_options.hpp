// How an attest::http::Client treats idle connections. Plain data.
#pragma once

#include <chrono>
#include <cstddef>

namespace attest::http {

struct ClientOptions {
  // Idle keep-alive connections kept per endpoint; any more are closed when their
  // request ends. Go's client keeps 2. Each idle connection may hold a worker of a
  // thread-per-connection server, so keep it below the smallest server's thread count.
  std::size_t max_idle_per_endpoint = 2;
  // An idle connection older than this is closed instead of reused (earlier when the
  // server announces a shorter Keep-Alive timeout).
  std::chrono::milliseconds max_idle_time{30'000};
};

}  // namespace attest::http
