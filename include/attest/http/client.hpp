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
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "attest/detail/inline.hpp"
#include "attest/http/endpoint.hpp"

namespace attest::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;  // "GET", "PUT", ...
  std::string path;    // "/kv/key"; spaces and other bytes a request line cannot hold are %-encoded
  std::string body;
  Headers headers;     // sent as given; Host and Content-Length are added unless present
};

struct Response {
  int status = 0;
  std::string body;
  Headers headers;  // in the order received

  // The first header named `name`, compared without case: Header("content-type").
  std::optional<std::string> Header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
      if (key.size() != name.size()) continue;
      bool same = true;
      for (std::size_t i = 0; i < key.size() && same; ++i) same = Lower(key[i]) == Lower(name[i]);
      if (same) return value;
    }
    return std::nullopt;
  }

 private:
  static char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
};

// Why a request got no complete response.
struct TransportError {
  enum class Kind {
    Refused,         // the address answered the handshake with a reset: nothing listens there
    ConnectFailed,   // no route, no free local port, a host name that does not resolve, ...
    ConnectTimeout,  // the TCP handshake did not complete before the request timeout
    Reset,           // the server reset the connection before the response was complete
    Closed,          // the server closed the connection before the response was complete
    Timeout,         // connected and sent, but the response was not complete in time
    Malformed,       // what came back is not an HTTP/1.x response
  };
  Kind kind = Kind::ConnectFailed;
  // The whole story in one line: "connection reset by the server after 1.2s (reused
  // keep-alive connection idle for 800ms, request sent, no response byte received)".
  std::string text;
  std::chrono::nanoseconds elapsed{};  // from Send to the error, any retry included
  bool reused = false;                 // the failing attempt ran on a kept-alive connection
  std::size_t bytes_received = 0;      // response bytes of the failing attempt
  int error_number = 0;                // the errno that ended it, 0 when none did
};

// A response, or why there is none.
struct Result {
  std::optional<Response> response;     // a complete response, whatever its status
  std::optional<TransportError> error;  // set exactly when response is not
  std::chrono::nanoseconds latency{};   // the whole Send, retries included
  bool reused = false;                  // the last attempt ran on a kept-alive connection
  int attempts = 0;                     // times the request was written to a connection

  explicit operator bool() const { return response.has_value(); }
};

struct ClientOptions {
  // Idle keep-alive connections kept per endpoint; any more are closed when their
  // request ends. Go's client keeps 2. Each idle connection may hold a worker of a
  // thread-per-connection server, so keep it below the smallest server's thread count.
  std::size_t max_idle_per_endpoint = 2;
  // An idle connection older than this is closed instead of reused (earlier when the
  // server announces a shorter Keep-Alive timeout).
  std::chrono::milliseconds max_idle_time{30'000};
};

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

  Result Get(const Endpoint& endpoint, std::string path, std::chrono::milliseconds timeout = kDefaultTimeout) const;
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
