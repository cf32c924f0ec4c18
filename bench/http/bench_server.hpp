// The servers every comparison talks to, with handlers that do almost nothing, so the
// figures show client cost:
//
//   GET /ready    -> 200 "ready" (the condition of part (a), true from the start)
//   PUT /kv/<key> -> 200, body stored under the key
//
// Two of them: a tuned cpp-httplib server (attest's TestServer: TCP_NODELAY, a pool
// thread per connection, unlimited keep-alive requests), and cpp-httplib exactly as a
// user gets it (8 pool threads, listen backlog 5, 5 requests per keep-alive connection,
// Nagle's algorithm on), which is what attest meets in the wild.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_map>

#include "attest/testing/server.hpp"

namespace attest::bench {

enum class ServerKind { Tuned, Stock };

class BenchServer {
 public:
  // `connections` is how many keep-alive connections may be open at once (the tuned
  // server sizes its pool from it; the stock one keeps its 8 threads).
  BenchServer(ServerKind kind, int connections) : kind_(kind) {
    httplib::Server& http = kind == ServerKind::Tuned ? tuned_.Http() : stock_;
    http.Get("/ready",
             [](const httplib::Request&, httplib::Response& res) { res.set_content("ready", "text/plain"); });
    http.Put(R"(/kv/(.+))", [this](const httplib::Request& req, httplib::Response& res) {
      Shard& shard = shards_[std::hash<std::string>{}(req.matches[1]) % kShards];
      std::lock_guard lock(shard.mutex);
      shard.values[req.matches[1]] = req.body;
      res.status = 200;
    });
    if (kind == ServerKind::Tuned) {
      const auto pool_threads = static_cast<std::size_t>(connections) + 16;
      http.new_task_queue = [pool_threads] { return new httplib::ThreadPool(pool_threads); };
      // cpp-httplib closes a keep-alive connection after 5 requests by default, which
      // would turn the tuned benchmark into a reconnect benchmark for both sides alike.
      http.set_keep_alive_max_count(std::numeric_limits<std::size_t>::max());
      // TestServer already sets TCP_NODELAY: cpp-httplib writes a response's headers and
      // body in two sends, and with Nagle on the body waits for the client's ACK.
      tuned_.Start();
      address_ = tuned_.Address();
      port_ = tuned_.Port();
    } else {
      port_ = stock_.bind_to_any_port("127.0.0.1");
      if (port_ <= 0) throw std::runtime_error("stock server: could not bind 127.0.0.1");
      address_ = "127.0.0.1:" + std::to_string(port_);
      stock_thread_ = std::thread([this] { stock_.listen_after_bind(); });
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
      while (!stock_.is_running()) {
        if (std::chrono::steady_clock::now() > deadline)
          throw std::runtime_error("stock server: did not start");
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    }
  }
  BenchServer(const BenchServer&) = delete;
  BenchServer& operator=(const BenchServer&) = delete;
  ~BenchServer() {
    if (stock_thread_.joinable()) {
      stock_.stop();
      stock_thread_.join();
    }
    tuned_.Stop();
  }

  ServerKind Kind() const { return kind_; }
  std::string Address() const { return address_; }
  int Port() const { return port_; }
  const char* Name() const { return kind_ == ServerKind::Tuned ? "tuned cpp-httplib" : "stock cpp-httplib"; }
  const char* Describe() const {
    return kind_ == ServerKind::Tuned
               ? "TCP_NODELAY, a pool thread per connection, unlimited keep-alive requests, backlog SOMAXCONN"
               : "every default: 8 pool threads, listen backlog 5, keep-alive 5 s / 5 requests, Nagle on";
  }

 private:
  // Sharded so the handler's lock is not what the benchmark measures.
  static constexpr std::size_t kShards = 64;
  struct Shard {
    std::mutex mutex;
    std::unordered_map<std::string, std::string> values;
  };

  ServerKind kind_;
  Shard shards_[kShards];
  std::string address_;
  int port_ = 0;
  // Last: stopped (by the destructor above) before the shards they write go away.
  testing::TestServer tuned_;
  httplib::Server stock_;
  std::thread stock_thread_;
};

}  // namespace attest::bench
