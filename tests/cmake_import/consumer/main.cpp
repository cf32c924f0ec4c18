// The program every cmake_import consumer project builds: it uses attest as a user's
// test program would, from whichever way the project brought attest in (an installed
// package, add_subdirectory, FetchContent). It starts its own loopback server, runs a
// suite against it and exits 0 only when the checks really reached the server: a suite
// that passes, a server that counted its requests, and a check that must fail failing
// with the status it got.
#include <atomic>
#include <cstdio>
#include <mutex>
#include <string>

#include <attest/attest.hpp>
#include <attest/dst.hpp>  // the scenario runtime ships with the same target
#include <attest/testing/server.hpp>

#ifndef ATTEST_CONSUMER_MODE
#error "the consumer project defines ATTEST_CONSUMER_MODE (how it found attest)"
#endif

namespace {

int Fail(const std::string& why) {
  std::fprintf(stderr, "attest consumer (%s): FAILED: %s\n", ATTEST_CONSUMER_MODE, why.c_str());
  return 1;
}

}  // namespace

int main() {
  using namespace attest;

  std::atomic<int> requests{0};
  std::mutex mutex;
  std::string stored;
  attest::testing::TestServer server;
  server.Http().Put("/kv/key", [&](const httplib::Request& req, httplib::Response& res) {
    ++requests;
    std::lock_guard lock(mutex);
    stored = req.body;
    res.set_content("ok", "text/plain");
  });
  server.Http().Get("/kv/key", [&](const httplib::Request&, httplib::Response& res) {
    ++requests;
    std::lock_guard lock(mutex);
    res.set_content(stored, "text/plain");
  });
  server.Start();

  std::string failure_text;
  Suite suite = New(WithEndpoints({{"n1", server.Address()}}))
                    .Test("PUT stores the value",
                          [](Do& d) { d.PUT(Node("n1"), "/kv/key", "value").Status(Is(200)).Run(); })
                    .Test("GET returns it",
                          [](Do& d) { d.GET(Node("n1"), "/kv/key").Status(Is(200)).Body(Is("value")).Run(); })
                    .Test("a wrong expectation fails", [&failure_text](Do& d) {
                      try {
                        d.GET(Node("n1"), "/nowhere").Status(Is(200)).Run();
                      } catch (const Failure& failure) {
                        failure_text = failure.what();
                      }
                    });
  try {
    if (!suite.Run()) return Fail("the suite did not pass");
  } catch (const std::exception& error) {
    return Fail(std::string("Run() threw: ") + error.what());
  }
  if (requests.load() != 2)
    return Fail("the server saw " + std::to_string(requests.load()) + " requests, not 2");
  if (failure_text.find("404") == std::string::npos) {
    return Fail("GET /nowhere should fail with its 404, got: \"" + failure_text + "\"");
  }
  std::printf("attest consumer (%s): OK, attest %s\n", ATTEST_CONSUMER_MODE, kVersion);
  return 0;
}
