// The retry rules against servers that count every request they applied: a request
// is sent again only when that cannot apply it twice against the caller's will (GET,
// HEAD, PUT, DELETE, OPTIONS may be; a POST or PATCH whose bytes reached the socket
// never is), and never once a response byte arrived.
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "attest/http/client.hpp"
#include "integration/http/raw_server.hpp"
#include "support/catch.hpp"

using namespace std::chrono_literals;
using attest::http::Client;
using attest::http::Endpoint;
using attest::http::Request;
using attest::http::Result;
using attest::http::TransportError;
using attest::testing::RawConnection;
using attest::testing::RawServer;

namespace {

// What the server applied: "METHOD /path" -> times.
class Ledger {
 public:
  void Apply(const attest::testing::RawRequest& request) {
    std::lock_guard lock(mutex_);
    ++applied_[request.method + " " + request.path];
  }
  int Count(const std::string& key) const {
    std::lock_guard lock(mutex_);
    auto it = applied_.find(key);
    return it == applied_.end() ? 0 : it->second;
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, int> applied_;
};

Endpoint At(const RawServer& server) { return Endpoint{"127.0.0.1", server.Port()}; }

std::string ErrorText(const Result& result) { return result ? "(a response)" : result.error->text; }

}  // namespace

TEST_CASE("a reused connection that dies before the response is retried once for idempotent methods",
          "[http][retry]") {
  Ledger ledger;
  // The second request on every connection is read and applied, then the connection is
  // closed without an answer: a server that raced its idle timeout against it.
  RawServer server([&](RawConnection& connection) {
    for (int n = 1; auto request = connection.ReadRequest(); ++n) {
      ledger.Apply(*request);
      if (n == 2) return;
      connection.Respond(200, "ok");
    }
  });
  for (const std::string method : {"GET", "HEAD", "PUT", "DELETE", "OPTIONS"}) {
    Client client;
    REQUIRE(client.Get(At(server), "/warm-up"));
    const auto result = client.Send(At(server), Request{method, "/target", {}, {}});
    INFO(method << ": " << ErrorText(result));
    REQUIRE(result);
    CHECK(result.attempts == 2);
    CHECK_FALSE(result.reused);  // the second try ran on a new connection
    CHECK(ledger.Count(method + " /target") == 2);
  }
}

TEST_CASE("a POST or PATCH on a reused connection that dies is never sent again", "[http][retry]") {
  Ledger ledger;
  RawServer server([&](RawConnection& connection) {
    for (int n = 1; auto request = connection.ReadRequest(); ++n) {
      ledger.Apply(*request);
      if (n == 2) return;
      connection.Respond(200, "ok");
    }
  });
  for (const std::string method : {"POST", "PATCH"}) {
    Client client;
    REQUIRE(client.Get(At(server), "/warm-up"));
    const auto result = client.Send(At(server), Request{method, "/target", "payload", {}});
    REQUIRE_FALSE(result);
    CHECK(result.attempts == 1);
    CHECK(result.error->kind == TransportError::Kind::Closed);
    CHECK(result.error->reused);
    CHECK_THAT(result.error->text, Catch::Matchers::StartsWith("connection closed by the server after "));
    CHECK_THAT(result.error->text,
               Catch::Matchers::Contains("without a response (reused keep-alive connection idle for "));
    CHECK_THAT(result.error->text,
               Catch::Matchers::EndsWith(", request sent, no response byte received); not sent again: a " +
                                         method + " that reached the server may have been applied"));
    CHECK(ledger.Count(method + " /target") == 1);  // applied once, reported as failed
  }
}

TEST_CASE("a connection the server closed while idle is not written to, so even a POST goes through",
          "[http][retry]") {
  Ledger ledger;
  // Closes a connection idle for 20 ms.
  RawServer server([&](RawConnection& connection) {
    while (auto request = connection.ReadRequest(20ms)) {
      ledger.Apply(*request);
      connection.Respond(200, "ok");
    }
  });
  Client client;
  REQUIRE(client.Get(At(server), "/warm-up"));
  CHECK(client.IdleConnections(At(server)) == 1);
  std::this_thread::sleep_for(200ms);  // the server's FIN has arrived by now
  const auto result = client.Post(At(server), "/target", "payload");
  INFO(ErrorText(result));
  REQUIRE(result);
  CHECK(result.attempts == 1);
  CHECK_FALSE(result.reused);
  CHECK(ledger.Count("POST /target") == 1);
}

TEST_CASE("a new connection reset before any response byte is retried once, a POST's never",
          "[http][retry]") {
  Ledger ledger;
  std::atomic<int> connections{0};
  // The first connection is reset after its request was read; later ones answer.
  RawServer server([&](RawConnection& connection) {
    const bool first = ++connections == 1;
    while (auto request = connection.ReadRequest()) {
      ledger.Apply(*request);
      if (first) return connection.Reset();
      connection.Respond(200, "ok");
    }
  });
  const auto put = Client().Put(At(server), "/target", "value");
  INFO(ErrorText(put));
  REQUIRE(put);
  CHECK(put.attempts == 2);
  CHECK(ledger.Count("PUT /target") == 2);

  connections = 0;
  const auto post = Client().Post(At(server), "/target", "value");
  REQUIRE_FALSE(post);
  CHECK(post.attempts == 1);
  CHECK(post.error->kind == TransportError::Kind::Reset);
  CHECK_FALSE(post.error->reused);
  CHECK_THAT(post.error->text,
             Catch::Matchers::EndsWith(
                 "(new connection, request sent, no response byte received); not sent again: a "
                 "POST that reached the server may have been applied"));
  CHECK(ledger.Count("POST /target") == 1);
}

TEST_CASE("once a response byte arrived nothing is retried, not even a GET", "[http][retry]") {
  Ledger ledger;
  RawServer server([&](RawConnection& connection) {
    if (auto request = connection.ReadRequest()) {
      ledger.Apply(*request);
      connection.Write("HTTP/1.1 200 OK\r\nContent-Le");
    }
  });
  const auto result = Client().Get(At(server), "/target");
  REQUIRE_FALSE(result);
  CHECK(result.attempts == 1);
  CHECK(result.error->kind == TransportError::Kind::Closed);
  CHECK(result.error->bytes_received == 27);
  CHECK_THAT(
      result.error->text,
      Catch::Matchers::EndsWith("before the response was complete (new connection, request sent, received "
                                "the status line of a 200 but not all its headers)"));
  CHECK(ledger.Count("GET /target") == 1);
}

TEST_CASE("against a server that closes connections at random points, no POST is applied twice",
          "[http][retry]") {
  Ledger ledger;
  std::atomic<unsigned> seed{20240607};
  // Per request, at random: close while idle (5-40 ms without a request), close or reset
  // after reading the request, close in the middle of the answer, close after it
  // unannounced, or answer and keep the connection.
  RawServer server([&](RawConnection& connection) {
    std::minstd_rand random(seed++);
    auto roll = [&] { return std::uniform_int_distribution<int>(0, 99)(random); };
    for (;;) {
      const auto idle_limit = std::chrono::milliseconds(std::uniform_int_distribution<int>(5, 40)(random));
      auto request = connection.ReadRequest(idle_limit);
      if (!request) return;
      ledger.Apply(*request);
      const int dice = roll();
      if (dice < 8) return;                      // closed after reading, no answer
      if (dice < 14) return connection.Reset();  // reset after reading
      if (dice < 18) {                           // closed midway through the answer
        connection.Write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
        return;
      }
      if (!connection.Respond(200, "ok")) return;
      if (dice < 28) return;  // closed after the answer, unannounced
    }
  });

  constexpr int kThreads = 8;
  constexpr int kPerThread = 60;
  struct Outcome {
    std::string key;
    bool idempotent;
    bool ok;
    int attempts;
    std::string error;
  };
  std::vector<std::vector<Outcome>> outcomes(kThreads);
  Client client;
  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        std::minstd_rand random(static_cast<unsigned>(t) + 1);
        for (int i = 0; i < kPerThread; ++i) {
          const bool put = i % 2 == 0;
          const std::string path = "/item/" + std::to_string(t) + "-" + std::to_string(i);
          const auto result =
              put ? client.Put(At(server), path, "v", 2s) : client.Post(At(server), path, "v", 2s);
          outcomes[static_cast<std::size_t>(t)].push_back(Outcome{(put ? "PUT " : "POST ") + path, put,
                                                                  static_cast<bool>(result), result.attempts,
                                                                  result ? "" : result.error->text});
          std::this_thread::sleep_for(
              std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 25)(random)));
        }
      });
    }
  }

  int retried_and_answered = 0, posts_refused = 0;
  for (const auto& per_thread : outcomes) {
    for (const auto& outcome : per_thread) {
      const int applied = ledger.Count(outcome.key);
      INFO(outcome.key << ": applied " << applied << ", attempts " << outcome.attempts << ", "
                       << (outcome.ok ? "answered" : outcome.error));
      CHECK(applied <= outcome.attempts);  // nothing applied that the client did not send
      if (outcome.idempotent) {
        CHECK(outcome.attempts <= 3);
        if (outcome.ok && outcome.attempts > 1) ++retried_and_answered;
      } else {
        CHECK(outcome.attempts <= 1);  // a POST is never sent twice
        CHECK(applied <= 1);
        if (outcome.error.find("not sent again") != std::string::npos) ++posts_refused;
      }
      if (outcome.ok) CHECK(applied >= 1);
    }
  }
  // The server's random closes did hit both rules (about 40 and 20 times in a run).
  CHECK(retried_and_answered > 0);
  CHECK(posts_refused > 0);
}
