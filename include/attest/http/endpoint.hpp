// Where a node answers HTTP: a host and a port. Clusters hand these to the DSL; the
// HTTP client connects to them.
#pragma once

#include <charconv>
#include <string>
#include <utility>

#include "attest/error.hpp"

namespace attest::http {

struct Endpoint {
  std::string host;  // "127.0.0.1", "::1", "localhost"
  int port = 0;

  // "127.0.0.1:8081", "[::1]:8081": as a URL and a Host header write it.
  std::string ToString() const {
    std::string out;
    AppendTo(out);
    return out;
  }
  // Appends ToString()'s text without a string of its own (every request's Host header).
  void AppendTo(std::string& out) const {
    const bool v6 = host.find(':') != std::string::npos;
    if (v6) out += '[';
    out += host;
    if (v6) out += ']';
    out += ':';
    char digits[16];
    const auto end = std::to_chars(digits, digits + sizeof digits, port).ptr;
    out.append(digits, end);
  }
  bool operator==(const Endpoint&) const = default;
};

// Reads "host:port" (or "[v6]:port") with a port in 1..65535. `where` names the place
// that gave the text ("WithEndpoints: node n1"), for the error message.
inline Endpoint ParseEndpoint(const std::string& where, const std::string& text) {
  auto fail = [&](const std::string& why) -> Endpoint {
    throw UsageError(where + " has address \"" + text + "\": " + why +
                     " (expected host:port, e.g. 127.0.0.1:8081)");
  };
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return fail("no host:port");
  std::string host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const std::string port_text = text.substr(colon + 1);
  if (port_text.empty() || port_text.size() > 5 ||
      port_text.find_first_not_of("0123456789") != std::string::npos) {
    return fail("the port is not a number");
  }
  const int port = std::stoi(port_text);
  if (port < 1 || port > 65535) return fail("the port must be between 1 and 65535");
  return Endpoint{std::move(host), port};
}

}  // namespace attest::http
