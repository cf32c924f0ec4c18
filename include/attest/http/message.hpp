// What attest's HTTP client sends and gets back: Request, Response, and the Result of
// a request, which holds either the response or a TransportError saying why there is
// none. Plain data; the client itself is in attest/http/client.hpp.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace attest::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;  // "GET", "PUT", ...
  std::string path;    // "/kv/key"; spaces and other bytes a request line cannot hold are %-encoded
  std::string body;
  Headers headers;  // sent as given; Host and Content-Length are added unless present
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

}  // namespace attest::http
