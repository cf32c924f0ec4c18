// detail::ParseEndpointList: the --endpoints value, "n1=host:port,n2=host:port".
#include <string>
#include <utility>
#include <vector>

#include "attest/error.hpp"
#include "attest/runner/cli.hpp"
#include "support/catch.hpp"

using attest::detail::ParseEndpointList;

namespace {

using Nodes = std::vector<std::pair<std::string, std::string>>;

std::string ErrorOf(const std::string& text) {
  try {
    (void)ParseEndpointList(text);
  } catch (const attest::UsageError& error) {
    return error.what();
  }
  return "";
}

const std::string kExample = "(e.g. n1=127.0.0.1:8081,n2=127.0.0.1:8082)";

}  // namespace

TEST_CASE("ParseEndpointList: nodes come back in the order given, addresses as written",
          "[runner][endpoints]") {
  CHECK(ParseEndpointList("n1=127.0.0.1:8081") == Nodes{{"n1", "127.0.0.1:8081"}});
  CHECK(ParseEndpointList("b=localhost:2,a=127.0.0.1:1,c=[::1]:3") ==
        Nodes{{"b", "localhost:2"}, {"a", "127.0.0.1:1"}, {"c", "[::1]:3"}});
}

TEST_CASE("ParseEndpointList: an item that is not name=host:port is named by its position",
          "[runner][endpoints]") {
  CHECK(ErrorOf("n1") == "--endpoints \"n1\": item 1 \"n1\" is not name=host:port " + kExample);
  CHECK(ErrorOf("") == "--endpoints \"\": item 1 \"\" is not name=host:port " + kExample);
  CHECK(ErrorOf("n1=127.0.0.1:1,") ==
        "--endpoints \"n1=127.0.0.1:1,\": item 2 \"\" is not name=host:port " + kExample);
  CHECK(ErrorOf("n1=127.0.0.1:1,,n3=127.0.0.1:3") ==
        "--endpoints \"n1=127.0.0.1:1,,n3=127.0.0.1:3\": item 2 \"\" is not name=host:port " + kExample);
  CHECK(ErrorOf("n1=127.0.0.1:1,n2:127.0.0.1:2") ==
        "--endpoints \"n1=127.0.0.1:1,n2:127.0.0.1:2\": item 2 \"n2:127.0.0.1:2\" is not "
        "name=host:port " +
            kExample);
}

TEST_CASE("ParseEndpointList: WithEndpoints' checks apply, under the --endpoints flag's name",
          "[runner][endpoints]") {
  CHECK(ErrorOf("n1=127.0.0.1:99999") ==
        "--endpoints \"n1=127.0.0.1:99999\": WithEndpoints: node n1 has address "
        "\"127.0.0.1:99999\": the port must be between 1 and 65535 (expected host:port, e.g. "
        "127.0.0.1:8081)");
  CHECK(ErrorOf("n1=127.0.0.1") ==
        "--endpoints \"n1=127.0.0.1\": WithEndpoints: node n1 has address \"127.0.0.1\": no "
        "host:port (expected host:port, e.g. 127.0.0.1:8081)");
  CHECK(ErrorOf("n1=127.0.0.1:1,n1=127.0.0.1:2") ==
        "--endpoints \"n1=127.0.0.1:1,n1=127.0.0.1:2\": WithEndpoints: node n1 is listed twice");
  CHECK(ErrorOf("=127.0.0.1:1") ==
        "--endpoints \"=127.0.0.1:1\": WithEndpoints: node name \"\" is not valid (letters, "
        "digits, '-', '_' and '.' only)");
  CHECK(ErrorOf("n 1=127.0.0.1:1") ==
        "--endpoints \"n 1=127.0.0.1:1\": WithEndpoints: node name \"n 1\" is not valid "
        "(letters, digits, '-', '_' and '.' only)");
}
