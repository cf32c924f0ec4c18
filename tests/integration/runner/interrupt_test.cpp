// SIGINT during a run: waits end, the remaining stages do not start, exit 130.
#include <chrono>
#include <csignal>
#include <string>
#include <thread>
#include <vector>

#include <attest/attest.hpp>

#include "attest/testing/server.hpp"
#include "support/catch.hpp"

using namespace std::chrono_literals;

TEST_CASE("SIGINT stops a running challenge within moments and exits 130", "[runner][interrupt]") {
  attest::testing::TestServer server;
  server.Http().Get(
      "/never", [](const httplib::Request&, httplib::Response& res) { res.set_content("no", "text/plain"); });
  server.Start();
  const std::string endpoints = "n1=" + server.Address();
  std::vector<const char*> argv{"prog", "--no-color", "--endpoints", endpoints.c_str(), nullptr};

  const auto before = std::signal(SIGINT, SIG_DFL);  // Catch2's own handler
  std::signal(SIGINT, before);
  std::thread interrupter([] {
    std::this_thread::sleep_for(500ms);
    std::raise(SIGINT);  // the handler Main installed turns it into a cancellation
  });
  const auto started = std::chrono::steady_clock::now();
  const int code = attest::Main(4, const_cast<char**>(argv.data()));
  const auto elapsed = std::chrono::steady_clock::now() - started;
  interrupter.join();

  CHECK(code == 130);
  CHECK(elapsed < 10s);
  // Main put the previous handler back.
  const auto after = std::signal(SIGINT, before);
  CHECK(after == before);
  attest::detail::ProcessInterrupted() = false;
}
