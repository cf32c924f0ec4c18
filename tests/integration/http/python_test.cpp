// The HTTP client against Python's http.server.ThreadingHTTPServer: HTTP/1.0 (a new
// connection for every request) behind a listen backlog of 5, and the same server
// speaking HTTP/1.1, whose separate header and body writes meet Nagle's algorithm.
//
// Its own program with its own main: where python3 is missing it says so and exits 77,
// which ctest reports as skipped (never as passed).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#if __has_include(<catch2/catch_all.hpp>)
#include <catch2/catch_all.hpp>
#else
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#endif

#include "attest/http/client.hpp"
#include "integration/http/python_server.hpp"
#include "integration/http/seed_example.hpp"

using namespace std::chrono_literals;
using attest::testing::PythonServer;
using attest::testing::RunSeedExampleRepeatedly;

namespace {

constexpr int kSkipped = 77;

const std::string& Python() {
  static const std::string path = ATTEST_PYTHON3;
  return path;
}

}  // namespace

TEST_CASE("the seed's Concurrently example passes against Python's ThreadingHTTPServer", "[http][python]") {
  PythonServer server(Python());
  RunSeedExampleRepeatedly(server.Address(), 100ms);
}

TEST_CASE("the seed's Concurrently example passes against ThreadingHTTPServer speaking HTTP/1.1",
          "[http][python]") {
  PythonServer server(Python(), "HTTP/1.1");
  RunSeedExampleRepeatedly(server.Address(), 100ms);
}

TEST_CASE("requests on a kept-alive connection do not wait for a delayed ACK", "[http][python]") {
  // http.server writes the headers, then the body, with Nagle's algorithm on: the body
  // waits until the headers are acknowledged, which a client that delays its ACKs
  // makes 40 ms. attest acknowledges at once, so a request takes what Python takes.
  PythonServer server(Python(), "HTTP/1.1");
  const auto endpoint = attest::http::ParseEndpoint("python", server.Address());
  attest::http::Client client;
  std::vector<std::chrono::nanoseconds> latencies;
  for (int i = 0; i < 31; ++i) {
    const auto started = std::chrono::steady_clock::now();
    const auto result = client.Put(endpoint, "/kv/key" + std::to_string(i), "value");
    latencies.push_back(std::chrono::steady_clock::now() - started);
    INFO((result ? std::string() : result.error->text));
    REQUIRE(result);
    if (i > 0) CHECK(result.reused);  // one kept-alive connection throughout
  }
  std::sort(latencies.begin(), latencies.end());
  const auto median = latencies[latencies.size() / 2];
  const double median_ms = std::chrono::duration<double, std::milli>(median).count();
  INFO("median " << median_ms << " ms");
  CHECK(median < 20ms);  // 40 ms and more when the ACK is delayed
}

int main(int argc, char* argv[]) {
  if (Python().empty() || ::access(Python().c_str(), X_OK) != 0) {
    std::printf(
        "skipped: python3 was not found when the tests were configured (%s); install python3 to run "
        "the tests against Python's http.server\n",
        Python().empty() ? "no path" : Python().c_str());
    return kSkipped;
  }
  return Catch::Session().run(argc, argv);
}
