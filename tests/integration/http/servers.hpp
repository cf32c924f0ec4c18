// The servers the HTTP client must never fail against: cpp-httplib exactly as a user
// gets it (every default), and plain-socket servers that close after every response,
// close idle connections quickly, or accept slowly behind a listen backlog of 5.
#pragma once

#include <httplib.h>
#undef DELETE  // <resolv.h>'s macro, from httplib.h: the DSL has a DELETE method

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

#include "integration/http/raw_server.hpp"

namespace attest::testing {

// cpp-httplib with every default: 8 pool threads, a listen backlog of 5, keep-alive
// for 5 s and 5 requests, Nagle on. Answers PUT /kv/<key> with 200.
class StockHttplibServer {
 public:
  // `configure` may change the server before it starts (e.g. keep-alive off).
  template <class Configure>
  explicit StockHttplibServer(Configure configure) {
    server_.Put(R"(/kv/(.*))",
                [](const httplib::Request&, httplib::Response& res) { res.set_content("ok", "text/plain"); });
    configure(server_);
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("StockHttplibServer: could not bind 127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!server_.is_running()) {
      if (std::chrono::steady_clock::now() > deadline)
        throw std::runtime_error("StockHttplibServer: did not start");
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  StockHttplibServer() : StockHttplibServer([](httplib::Server&) {}) {}
  StockHttplibServer(const StockHttplibServer&) = delete;
  StockHttplibServer& operator=(const StockHttplibServer&) = delete;
  ~StockHttplibServer() {
    server_.stop();
    thread_.join();
  }

  std::string Address() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

// How a plain-socket server treats a connection after each answer.
struct KeepAlivePolicy {
  bool close_after_each = false;                 // close once the response is written
  bool say_close = false;                        // ...and announce it with "Connection: close"
  std::chrono::milliseconds idle_limit{10'000};  // close a connection idle this long
};

// Answers every request with 200 "ok" (HTTP/1.1) under `policy`.
inline RawServer::Handler AnsweringHandler(KeepAlivePolicy policy) {
  return [policy](RawConnection& connection) {
    while (auto request = connection.ReadRequest(policy.idle_limit)) {
      if (!connection.Respond(200, "ok", policy.say_close ? "Connection: close\r\n" : "")) return;
      if (policy.close_after_each) return;
    }
  };
}

}  // namespace attest::testing
