// http/endpoint.hpp: ParseEndpoint reads "host:port" and "[v6]:port"; Endpoint prints it
// back. Every refusal names the place that gave the text.
#include <string>

#include "attest/error.hpp"
#include "attest/http/endpoint.hpp"
#include "support/catch.hpp"

using attest::http::Endpoint;
using attest::http::ParseEndpoint;

namespace {

std::string ErrorOf(const std::string& text) {
  try {
    (void)ParseEndpoint("WithEndpoints: node n1", text);
  } catch (const attest::UsageError& error) {
    return error.what();
  }
  return "";
}

std::string Refusal(const std::string& text, const std::string& why) {
  return "WithEndpoints: node n1 has address \"" + text + "\": " + why +
         " (expected host:port, e.g. 127.0.0.1:8081)";
}

}  // namespace

TEST_CASE("ParseEndpoint reads a host and a port", "[core][endpoint]") {
  CHECK(ParseEndpoint("here", "127.0.0.1:8081") == Endpoint{"127.0.0.1", 8081});
  CHECK(ParseEndpoint("here", "localhost:1") == Endpoint{"localhost", 1});
  CHECK(ParseEndpoint("here", "node-1.example:65535") == Endpoint{"node-1.example", 65535});
  CHECK(ParseEndpoint("here", "127.0.0.1:08081") == Endpoint{"127.0.0.1", 8081});
}

TEST_CASE("ParseEndpoint reads an IPv6 host in brackets, or bare up to the last colon", "[core][endpoint]") {
  CHECK(ParseEndpoint("here", "[::1]:8081") == Endpoint{"::1", 8081});
  CHECK(ParseEndpoint("here", "[fe80::1]:80") == Endpoint{"fe80::1", 80});
  CHECK(ParseEndpoint("here", "::1:8081") == Endpoint{"::1", 8081});
}

TEST_CASE("Endpoint::ToString puts brackets around IPv6 hosts", "[core][endpoint]") {
  CHECK(Endpoint{"127.0.0.1", 8081}.ToString() == "127.0.0.1:8081");
  CHECK(Endpoint{"::1", 8081}.ToString() == "[::1]:8081");
  CHECK(ParseEndpoint("here", "[fe80::1]:80").ToString() == "[fe80::1]:80");
  std::string host_header = "Host: ";
  Endpoint{"::1", 65535}.AppendTo(host_header);
  CHECK(host_header == "Host: [::1]:65535");
}

TEST_CASE("ParseEndpoint refuses text without host:port", "[core][endpoint]") {
  CHECK(ErrorOf("") == Refusal("", "no host:port"));
  CHECK(ErrorOf("127.0.0.1") == Refusal("127.0.0.1", "no host:port"));
  CHECK(ErrorOf(":8081") == Refusal(":8081", "no host:port"));
}

TEST_CASE("ParseEndpoint refuses a port that is not a number in 1..65535", "[core][endpoint]") {
  CHECK(ErrorOf("127.0.0.1:") == Refusal("127.0.0.1:", "the port is not a number"));
  CHECK(ErrorOf("127.0.0.1:http") == Refusal("127.0.0.1:http", "the port is not a number"));
  CHECK(ErrorOf("127.0.0.1:-1") == Refusal("127.0.0.1:-1", "the port is not a number"));
  CHECK(ErrorOf("127.0.0.1:+80") == Refusal("127.0.0.1:+80", "the port is not a number"));
  CHECK(ErrorOf("127.0.0.1:123456") == Refusal("127.0.0.1:123456", "the port is not a number"));
  CHECK(ErrorOf("127.0.0.1:0") == Refusal("127.0.0.1:0", "the port must be between 1 and 65535"));
  CHECK(ErrorOf("127.0.0.1:65536") == Refusal("127.0.0.1:65536", "the port must be between 1 and 65535"));
  CHECK(ErrorOf("127.0.0.1:99999") == Refusal("127.0.0.1:99999", "the port must be between 1 and 65535"));
}

TEST_CASE("ParseEndpoint names the place that gave the text", "[core][endpoint]") {
  try {
    (void)ParseEndpoint("--endpoints item 2", "nope");
    FAIL("accepted \"nope\"");
  } catch (const attest::UsageError& error) {
    CHECK(std::string(error.what()) ==
          "--endpoints item 2 has address \"nope\": no host:port (expected host:port, e.g. "
          "127.0.0.1:8081)");
  }
}
