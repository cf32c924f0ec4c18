// attest's HTTP/1.1 client: what every check, Fetch and DST actor uses to talk to a
// node, and what a suite author's own code may use too.
//
//   attest::http::Client client;
//   auto result = client.Put({"127.0.0.1", 8081}, "/kv/a", "1");
//   if (!result) std::cerr << result.error->text << "\n";  // "connection refused after 0.2ms (...)"
//   else if (result.response->status != 200) ...
//
// A Client keeps a few idle keep-alive connections per endpoint (ClientOptions) and
// closes the rest, so a thread-per-connection server is never starved by connections
// nobody uses. It keeps a connection only when the server allows it (HTTP/1.1 without
// "Connection: close", or HTTP/1.0 with "Connection: keep-alive"). A request that
// finds its reused connection dead before any response byte arrives is sent again once
// on a new connection, but a POST or PATCH only if none of its bytes reached the
// socket. Redirects are never followed: a 307 and its Location header are what a test
// must be able to see.
//
// A Client never throws for what the network or the server does: Result carries either
// the response or a TransportError that says what happened, after how long, and on a
// new or a reused connection. It throws UsageError for a request that cannot be
// written (a line break in a header, a malformed method). Thread-safe; copies share
// their connections. docs/testing-your-own-server.md says what the server side needs.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "attest/detail/inline.hpp"
#include "attest/http/client_options.hpp"  // IWYU pragma: export
#include "attest/http/endpoint.hpp"
#include "attest/http/message.hpp"  // IWYU pragma: export

namespace attest::http {

namespace detail {
class ConnectionPool;
}

class Client {
 public:
  static constexpr std::chrono::milliseconds kDefaultTimeout{5'000};

  Client();
  explicit Client(ClientOptions options);

  // Sends `request` and reads the response within `timeout` (connecting, any retry,
  // writing and reading all count).
  Result Send(const Endpoint& endpoint, const Request& request,
              std::chrono::milliseconds timeout = kDefaultTimeout) const;

  Result Get(const Endpoint& endpoint, std::string path,
             std::chrono::milliseconds timeout = kDefaultTimeout) const;
  Result Delete(const Endpoint& endpoint, std::string path,
                std::chrono::milliseconds timeout = kDefaultTimeout) const;
  Result Put(const Endpoint& endpoint, std::string path, std::string body,
             std::chrono::milliseconds timeout = kDefaultTimeout) const;
  Result Post(const Endpoint& endpoint, std::string path, std::string body,
              std::chrono::milliseconds timeout = kDefaultTimeout) const;
  Result Patch(const Endpoint& endpoint, std::string path, std::string body,
               std::chrono::milliseconds timeout = kDefaultTimeout) const;

  // Closes every idle connection (e.g. before handing a thread-per-connection server
  // to another client).
  void CloseIdleConnections() const;
  // Idle connections kept for `endpoint` now.
  std::size_t IdleConnections(const Endpoint& endpoint) const;

 private:
  std::shared_ptr<detail::ConnectionPool> pool_;
};

}  // namespace attest::http

#if ATTEST_HEADER_ONLY
#include "attest/http/detail/client_inl.hpp"
#endif
