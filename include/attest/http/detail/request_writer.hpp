// Turns a Request into the bytes of an HTTP/1.1 request, and the rules that depend on
// the request alone: which methods may be sent twice, whether it asks to close.
//
// Part of the client's implementation: included by client_inl.hpp and by unit tests.
#pragma once

#include <string>
#include <string_view>

#include "attest/error.hpp"
#include "attest/http/detail/response_parser.hpp"
#include "attest/http/endpoint.hpp"
#include "attest/http/message.hpp"

namespace attest::http::detail {

// Methods that mean the same when applied twice (RFC 9110, 9.2.2), which a client may
// therefore send again after a connection broke: Go's client retries the same set.
inline bool IsIdempotent(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "PUT" || method == "DELETE" ||
         method == "OPTIONS" || method == "TRACE";
}

// True when the request carries "Connection: close": its connection is not kept.
inline bool AsksToClose(const Headers& headers) {
  for (const auto& [name, value] : headers) {
    if (EqualsIgnoringCase(name, "Connection") && ListHasToken(value, "close")) return true;
  }
  return false;
}

inline bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

inline bool IsToken(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!IsTokenChar(c)) return false;
  }
  return true;
}

// The path as a request line can carry it: bytes that may not appear there (controls,
// space, non-ASCII, "<>\"\\^`{|}#") are %-encoded; a "%" is taken as already encoding.
inline void AppendRequestTarget(std::string& out, std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  if (path.empty() || (path.front() != '/' && path != "*")) out += '/';
  for (char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte >= 0x7f || std::string_view("<>\"\\^`{|}#").find(c) != std::string_view::npos) {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    } else {
      out += c;
    }
  }
}

// The request's bytes, headers and body in one piece (one write, so Nagle's algorithm
// never holds the body back). Adds Host, and Content-Length for a body or for a POST,
// PUT or PATCH, unless the request has them. Throws UsageError for a method or header
// that cannot be written.
inline std::string WriteRequest(const Endpoint& endpoint, const Request& request) {
  if (!IsToken(request.method)) {
    throw UsageError("HTTP request to " + endpoint.ToString() + ": the method \"" + request.method +
                     "\" is not a valid HTTP method (expected a word such as GET or PUT)");
  }
  bool has_host = false, has_length = false;
  std::size_t header_bytes = 0;
  for (const auto& [name, value] : request.headers) {
    if (!IsToken(name)) {
      throw UsageError("HTTP request " + request.method + " " + request.path + ": the header name " +
                       QuoteBytes(name) + " is not valid (letters, digits and !#$%&'*+-.^_`|~ only)");
    }
    if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) {
      throw UsageError("HTTP request " + request.method + " " + request.path + ": the value of header " +
                       name + " contains a line break or NUL: " + QuoteBytes(value));
    }
    has_host = has_host || EqualsIgnoringCase(name, "Host");
    has_length = has_length || EqualsIgnoringCase(name, "Content-Length") ||
                 EqualsIgnoringCase(name, "Transfer-Encoding");
    header_bytes += name.size() + value.size() + 4;
  }

  std::string out;
  out.reserve(request.method.size() + request.path.size() + header_bytes + request.body.size() + 96);
  out += request.method;
  out += ' ';
  AppendRequestTarget(out, request.path);
  out += " HTTP/1.1\r\n";
  if (!has_host) {
    out += "Host: ";
    endpoint.AppendTo(out);
    out += "\r\n";
  }
  const bool body_expected = request.method == "POST" || request.method == "PUT" || request.method == "PATCH";
  if (!has_length && (!request.body.empty() || body_expected)) {
    out += "Content-Length: ";
    out += std::to_string(request.body.size());
    out += "\r\n";
  }
  for (const auto& [name, value] : request.headers) {
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  out += "\r\n";
  out += request.body;
  return out;
}

}  // namespace attest::http::detail
