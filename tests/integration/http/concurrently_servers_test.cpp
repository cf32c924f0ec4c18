// The seed's Concurrently example must pass, every time, against the servers users
// actually write: cpp-httplib with its defaults (8 threads, backlog 5, keep-alive,
// Nagle), servers that close after every response (saying so or not), a server that
// closes idle connections after 100 ms, and one that accepts slowly behind a listen
// backlog of 5. Python's ThreadingHTTPServer has its own program (python_test.cpp),
// which reports itself skipped where python3 is missing.
#include <chrono>

#include "integration/http/raw_server.hpp"
#include "integration/http/seed_example.hpp"
#include "integration/http/servers.hpp"
#include "support/catch.hpp"

using namespace std::chrono_literals;
using attest::testing::AnsweringHandler;
using attest::testing::KeepAlivePolicy;
using attest::testing::RawServer;
using attest::testing::RunSeedExampleRepeatedly;
using attest::testing::StockHttplibServer;

TEST_CASE("the seed's Concurrently example passes against cpp-httplib with every default",
          "[http][servers]") {
  StockHttplibServer server;
  RunSeedExampleRepeatedly(server.Address(), 100ms);
}

TEST_CASE("the seed's Concurrently example passes against cpp-httplib without keep-alive",
          "[http][servers]") {
  // keep_alive_max_count 1: every response says "Connection: close" and the server closes.
  StockHttplibServer server([](httplib::Server& s) { s.set_keep_alive_max_count(1); });
  RunSeedExampleRepeatedly(server.Address(), 100ms);
}

TEST_CASE(
    "the seed's Concurrently example passes against a server that closes after every response unannounced",
    "[http][servers]") {
  // HTTP/1.1 without "Connection: close": the client keeps the connection and finds it
  // closed when it takes it again (or races the close and retries the PUT).
  RawServer server(AnsweringHandler(KeepAlivePolicy{.close_after_each = true}));
  RunSeedExampleRepeatedly(server.Address(), 100ms);
}

TEST_CASE("the seed's Concurrently example passes against a server that closes idle connections after 100ms",
          "[http][servers]") {
  RawServer server(AnsweringHandler(KeepAlivePolicy{.idle_limit = 100ms}));
  // The pause lands the second burst on connections the server is closing right then.
  RunSeedExampleRepeatedly(server.Address(), 100ms);
}

TEST_CASE("the seed's Concurrently example passes against a slow acceptor with a listen backlog of 5",
          "[http][servers]") {
  // 1 ms per accept: a burst of 64 connects overflows the accept queue, whose SYNs the
  // kernel drops (and would resend only after 1 s).
  RawServer server(RawServer::Options{.backlog = 5, .accept_pause = 1ms},
                   AnsweringHandler(KeepAlivePolicy{}));
  RunSeedExampleRepeatedly(server.Address(), 100ms);
}
