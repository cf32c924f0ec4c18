// WriteRequest: the exact bytes a request becomes, and the mistakes it refuses.
#include <string>

#include "attest/error.hpp"
#include "attest/http/detail/request_writer.hpp"
#include "support/catch.hpp"

using attest::http::Endpoint;
using attest::http::Request;
using attest::http::detail::AsksToClose;
using attest::http::detail::IsIdempotent;
using attest::http::detail::WriteRequest;

namespace {
const Endpoint kNode{"127.0.0.1", 8081};
}

TEST_CASE("a GET carries Host and nothing else", "[http][request]") {
  CHECK(WriteRequest(kNode, Request{"GET", "/kv/key", {}, {}}) ==
        "GET /kv/key HTTP/1.1\r\nHost: 127.0.0.1:8081\r\n\r\n");
}

TEST_CASE("a body gets its Content-Length, in the same piece as the headers", "[http][request]") {
  CHECK(WriteRequest(kNode, Request{"PUT", "/kv/key", "value", {{"X-Test", "1"}}}) ==
        "PUT /kv/key HTTP/1.1\r\nHost: 127.0.0.1:8081\r\nContent-Length: 5\r\nX-Test: 1\r\n\r\nvalue");
}

TEST_CASE("POST, PUT and PATCH say Content-Length: 0 for an empty body", "[http][request]") {
  for (const char* method : {"POST", "PUT", "PATCH"}) {
    CHECK(WriteRequest(kNode, Request{method, "/x", {}, {}}) ==
          std::string(method) + " /x HTTP/1.1\r\nHost: 127.0.0.1:8081\r\nContent-Length: 0\r\n\r\n");
  }
  CHECK(WriteRequest(kNode, Request{"DELETE", "/x", {}, {}}) ==
        "DELETE /x HTTP/1.1\r\nHost: 127.0.0.1:8081\r\n\r\n");
}

TEST_CASE("the request's own Host and Content-Length are not doubled", "[http][request]") {
  CHECK(
      WriteRequest(kNode, Request{"POST", "/x", "ab", {{"host", "example.test"}, {"content-length", "2"}}}) ==
      "POST /x HTTP/1.1\r\nhost: example.test\r\ncontent-length: 2\r\n\r\nab");
}

TEST_CASE("an IPv6 host is bracketed in Host", "[http][request]") {
  CHECK(WriteRequest(Endpoint{"::1", 80}, Request{"GET", "/", {}, {}}) ==
        "GET / HTTP/1.1\r\nHost: [::1]:80\r\n\r\n");
}

TEST_CASE("bytes a request line cannot hold are percent-encoded", "[http][request]") {
  CHECK(WriteRequest(kNode, Request{"GET", "/kv/a b\"c#d\xc3\xa9?q=1&r=%20", {}, {}}) ==
        "GET /kv/a%20b%22c%23d%C3%A9?q=1&r=%20 HTTP/1.1\r\nHost: 127.0.0.1:8081\r\n\r\n");
  CHECK(WriteRequest(kNode, Request{"GET", "", {}, {}}).rfind("GET / HTTP/1.1\r\n", 0) == 0);
  CHECK(WriteRequest(kNode, Request{"GET", "kv", {}, {}}).rfind("GET /kv HTTP/1.1\r\n", 0) == 0);
}

TEST_CASE("a bad method or a header that would split the request is a usage error", "[http][request]") {
  CHECK_THROWS_MATCHES(
      WriteRequest(kNode, Request{"GE T", "/", {}, {}}), attest::UsageError,
      Catch::Matchers::Message("HTTP request to 127.0.0.1:8081: the method \"GE T\" is not a valid "
                               "HTTP method (expected a word such as GET or PUT)"));
  CHECK_THROWS_AS(WriteRequest(kNode, Request{"", "/", {}, {}}), attest::UsageError);
  CHECK_THROWS_MATCHES(
      WriteRequest(kNode, Request{"GET", "/", {}, {{"X-A", "1\r\nX-B: 2"}}}), attest::UsageError,
      Catch::Matchers::Message("HTTP request GET /: the value of header X-A contains a line break "
                               "or NUL: \"1\\r\\nX-B: 2\""));
  CHECK_THROWS_AS(WriteRequest(kNode, Request{"GET", "/", {}, {{"Bad Name", "1"}}}), attest::UsageError);
  CHECK_THROWS_AS(WriteRequest(kNode, Request{"GET", "/", {}, {{"", "1"}}}), attest::UsageError);
}

TEST_CASE("idempotent methods are those that may be sent twice", "[http][request]") {
  for (const char* method : {"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"}) CHECK(IsIdempotent(method));
  for (const char* method : {"POST", "PATCH", "CONNECT", "get", "PURGE"}) CHECK_FALSE(IsIdempotent(method));
}

TEST_CASE("a request asks to close with Connection: close", "[http][request]") {
  CHECK(AsksToClose({{"connection", "Close"}}));
  CHECK(AsksToClose({{"X", "y"}, {"Connection", "upgrade, close"}}));
  CHECK_FALSE(AsksToClose({{"Connection", "keep-alive"}}));
  CHECK_FALSE(AsksToClose({}));
}
