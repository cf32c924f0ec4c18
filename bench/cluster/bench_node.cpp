// The node the cluster benchmark starts: GET /health on $ADDR, exit on SIGTERM.
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "attest/testing/server.hpp"

namespace {
volatile std::sig_atomic_t stop = 0;
void OnTerm(int) { stop = 1; }
}  // namespace

int main() {
  const char* env = std::getenv("ADDR");
  const std::string addr = env != nullptr ? env : "0.0.0.0:8080";
  const auto colon = addr.rfind(':');
  attest::testing::TestServer server;
  server.Http().Get("/health", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok", "text/plain");
  });
  server.Start(std::atoi(addr.c_str() + colon + 1), addr.substr(0, colon));
  std::signal(SIGTERM, OnTerm);
  std::printf("bench node listening on %s\n", addr.c_str());
  std::fflush(stdout);
  while (stop == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  std::_Exit(0);
}
