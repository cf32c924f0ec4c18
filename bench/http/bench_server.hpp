// The "fast local server" both sides of every comparison talk to: attest's loopback
// TestServer with handlers that do almost nothing, so the figures show client cost.
//
//   GET /ready    -> 200 "ready" (the condition of part (a), true from the start)
//   PUT /kv/<key> -> 200, body stored under the key
#pragma once

#include <httplib.h>

#include <cstddef>
#include <functional>
#include <limits>
#include <mutex>
#include <string>
#include <unordered_map>

#include "attest/testing/server.hpp"

namespace attest::bench {

class BenchServer {
 public:
  // `connections` is how many keep-alive connections may be open at once: cpp-httplib
  // holds one pool thread per connection, so the pool is sized to that plus slack.
  explicit BenchServer(int connections) {
    auto& http = server_.Http();
    const auto pool_threads = static_cast<std::size_t>(connections) + 16;
    http.new_task_queue = [pool_threads] { return new httplib::ThreadPool(pool_threads); };
    // cpp-httplib closes a keep-alive connection after 5 requests by default, which
    // would turn every benchmark into a reconnect benchmark for both sides alike.
    http.set_keep_alive_max_count(std::numeric_limits<std::size_t>::max());
    // cpp-httplib writes a response's headers and body in two sends; with Nagle on,
    // the body waits for the client's delayed ACK (~40 ms on Linux) whenever the
    // headers are still unacknowledged. A fast server answers at once.
    http.set_tcp_nodelay(true);
    http.Get("/ready", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("ready", "text/plain");
    });
    http.Put(R"(/kv/(.+))", [this](const httplib::Request& req, httplib::Response& res) {
      Shard& shard = shards_[std::hash<std::string>{}(req.matches[1]) % kShards];
      std::lock_guard lock(shard.mutex);
      shard.values[req.matches[1]] = req.body;
      res.status = 200;
    });
    server_.Start();
  }

  std::string Address() const { return server_.Address(); }
  int Port() const { return server_.Port(); }

 private:
  // Sharded so the handler's lock is not what the benchmark measures.
  static constexpr std::size_t kShards = 64;
  struct Shard {
    std::mutex mutex;
    std::unordered_map<std::string, std::string> values;
  };

  Shard shards_[kShards];
  testing::TestServer server_;  // last: stopped before the shards it writes go away
};

}  // namespace attest::bench
