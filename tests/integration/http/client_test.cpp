// attest::http::Client, the public client, against real loopback servers: methods and
// bodies, response framing over the network, which connections it keeps, and what it
// refuses to send.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "attest/error.hpp"
#include "attest/http/client.hpp"
#include "integration/http/raw_server.hpp"
#include "support/catch.hpp"

using namespace std::chrono_literals;
using attest::http::Client;
using attest::http::ClientOptions;
using attest::http::Endpoint;
using attest::http::Request;
using attest::http::Result;
using attest::http::TransportError;
using attest::testing::FullListener;
using attest::testing::RawConnection;
using attest::testing::RawServer;

namespace {

Endpoint At(const RawServer& server) { return Endpoint{"127.0.0.1", server.Port()}; }

std::string ErrorText(const Result& result) { return result ? "(a response)" : result.error->text; }

// Echoes each request: "METHOD PATH BODY", keep-alive.
RawServer::Handler Echo() {
  return [](RawConnection& connection) {
    while (auto request = connection.ReadRequest()) {
      const auto body = request->method + " " + request->path + " " + request->body;
      if (!connection.Respond(200, request->method == "HEAD" ? "" : body, "X-Custom-Header: yes\r\n")) return;
    }
  };
}

// Answers every request on a connection with the same raw bytes, then keeps reading.
RawServer::Handler Answering(std::string bytes) {
  return [bytes](RawConnection& connection) {
    while (connection.ReadRequest()) {
      if (!connection.Write(bytes)) return;
    }
  };
}

}  // namespace

TEST_CASE("Get, Put, Post, Patch and Delete send their method, path and body", "[http][client]") {
  RawServer server(Echo());
  Client client;
  CHECK(client.Get(At(server), "/kv/a").response->body == "GET /kv/a ");
  CHECK(client.Put(At(server), "/kv/a", "1").response->body == "PUT /kv/a 1");
  CHECK(client.Post(At(server), "/kv", "2").response->body == "POST /kv 2");
  CHECK(client.Patch(At(server), "/kv/a", "3").response->body == "PATCH /kv/a 3");
  CHECK(client.Delete(At(server), "/kv/a").response->body == "DELETE /kv/a ");
  const auto result = client.Send(At(server), Request{"OPTIONS", "/kv/a b", "x", {{"X-Trace", "7"}}});
  REQUIRE(result);
  CHECK(result.response->status == 200);
  CHECK(result.response->body == "OPTIONS /kv/a%20b x");
  CHECK(result.response->Header("x-custom-header") == "yes");
  CHECK(result.error == std::nullopt);
}

TEST_CASE("one kept-alive connection carries sequential requests", "[http][client]") {
  RawServer server(Echo());
  Client client;
  for (int i = 0; i < 10; ++i) {
    const auto result = client.Get(At(server), "/n");
    REQUIRE(result);
    CHECK(result.reused == (i > 0));
    CHECK(result.attempts == 1);
  }
  CHECK(server.Accepted() == 1);
  CHECK(client.IdleConnections(At(server)) == 1);
}

TEST_CASE("at most two idle connections per endpoint stay open after a burst", "[http][client]") {
  std::atomic<int> open{0};
  std::atomic<int> requests{0};
  RawServer server([&](RawConnection& connection) {
    ++open;
    while (auto request = connection.ReadRequest()) {
      // The burst's 8 requests are all in flight at once, each on its own connection,
      // however slowly its threads start (a fixed sleep was not enough under TSan).
      ++requests;
      const auto wait_until = std::chrono::steady_clock::now() + 5s;
      while (requests < 8 && std::chrono::steady_clock::now() < wait_until) std::this_thread::sleep_for(1ms);
      if (!connection.Respond(200, "ok")) break;
    }
    --open;
  });
  Client client;
  std::atomic<int> answered{0};
  {
    std::vector<std::jthread> burst;  // Catch's assertions are not for other threads: count
    for (int i = 0; i < 8; ++i) burst.emplace_back([&] { answered += client.Get(At(server), "/") ? 1 : 0; });
  }
  CHECK(answered == 8);
  CHECK(server.Accepted() == 8);
  CHECK(client.IdleConnections(At(server)) == 2);
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (open > 2 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(5ms);
  CHECK(open == 2);  // the server's threads for the six others are free again
  client.CloseIdleConnections();
  CHECK(client.IdleConnections(At(server)) == 0);
  while (open > 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(5ms);
  CHECK(open == 0);
}

TEST_CASE("ClientOptions sets how many idle connections are kept", "[http][client]") {
  RawServer server([](RawConnection& connection) {
    while (connection.ReadRequest()) {
      std::this_thread::sleep_for(50ms);
      if (!connection.Respond(200, "ok")) return;
    }
  });
  ClientOptions options;
  options.max_idle_per_endpoint = 0;
  Client client(options);
  CHECK(client.Get(At(server), "/"));
  CHECK(client.IdleConnections(At(server)) == 0);
}

TEST_CASE("an HTTP/1.0 connection is kept only when the server says keep-alive", "[http][client]") {
  RawServer closes(Answering("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok"));
  Client client;
  REQUIRE(client.Get(At(closes), "/"));
  CHECK(client.IdleConnections(At(closes)) == 0);

  RawServer keeps(Answering("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok"));
  REQUIRE(client.Get(At(keeps), "/"));
  CHECK(client.IdleConnections(At(keeps)) == 1);
}

TEST_CASE("Connection: close from either side ends the connection", "[http][client]") {
  RawServer says_close(Answering("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok"));
  Client client;
  REQUIRE(client.Get(At(says_close), "/"));
  CHECK(client.IdleConnections(At(says_close)) == 0);

  RawServer echo(Echo());
  REQUIRE(client.Send(At(echo), Request{"GET", "/", {}, {{"Connection", "close"}}}));
  CHECK(client.IdleConnections(At(echo)) == 0);
}

TEST_CASE("a body without a length is read until the server closes", "[http][client]") {
  RawServer server([](RawConnection& connection) {
    if (connection.ReadRequest()) {
      connection.Write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of ");
      std::this_thread::sleep_for(20ms);
      connection.Write("it");
    }
  });
  Client client;
  const auto result = client.Get(At(server), "/");
  INFO(ErrorText(result));
  REQUIRE(result);
  CHECK(result.response->body == "all of it");
  CHECK(client.IdleConnections(At(server)) == 0);
}

TEST_CASE("a chunked response arriving in pieces is read whole, and the connection kept", "[http][client]") {
  RawServer server([](RawConnection& connection) {
    while (connection.ReadRequest()) {
      for (const char* piece : {"HTTP/1.1 200 OK\r\nTransfer-", "Encoding: chunked\r\n\r\n5\r\nhel",
                                "lo\r\n6\r\n world\r\n", "0\r\n\r\n"}) {
        if (!connection.Write(piece)) return;
        std::this_thread::sleep_for(5ms);
      }
    }
  });
  Client client;
  const auto result = client.Get(At(server), "/");
  INFO(ErrorText(result));
  REQUIRE(result);
  CHECK(result.response->body == "hello world");
  CHECK(client.IdleConnections(At(server)) == 1);
}

TEST_CASE("a HEAD response has no body whatever it announces", "[http][client]") {
  RawServer server(Answering("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"));
  Client client;
  const auto result = client.Send(At(server), Request{"HEAD", "/", {}, {}});
  INFO(ErrorText(result));
  REQUIRE(result);
  CHECK(result.response->body.empty());
  CHECK(result.response->Header("Content-Length") == "1000");
  CHECK(client.IdleConnections(At(server)) == 1);
}

TEST_CASE("redirects are not followed", "[http][client]") {
  RawServer server(
      Answering("HTTP/1.1 307 Temporary Redirect\r\nLocation: /elsewhere\r\nContent-Length: 0\r\n\r\n"));
  const auto result = Client().Get(At(server), "/");
  REQUIRE(result);
  CHECK(result.response->status == 307);
  CHECK(result.response->Header("location") == "/elsewhere");
}

TEST_CASE("large bodies travel both ways", "[http][client]") {
  RawServer server([](RawConnection& connection) {
    while (auto request = connection.ReadRequest()) {
      if (!connection.Respond(200, std::string(8 << 20, 'r'),
                              "X-Got: " + std::to_string(request->body.size()) + "\r\n")) {
        return;
      }
    }
  });
  const auto result = Client().Put(At(server), "/big", std::string(4 << 20, 'q'));
  INFO(ErrorText(result));
  REQUIRE(result);
  CHECK(result.response->Header("X-Got") == std::to_string(4 << 20));
  CHECK(result.response->body.size() == (8u << 20));
}

TEST_CASE("a server that writes headers and body apart, with Nagle on, answers without a 40 ms stall",
          "[http][client]") {
  // Nagle's algorithm holds the body back until the headers are acknowledged; a client
  // that delays its ACKs makes every such response take 40 ms.
  RawServer server([](RawConnection& connection) {
    while (connection.ReadRequest()) {
      if (!connection.Write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n") || !connection.Write("ok"))
        return;
    }
  });
  Client client;
  std::vector<std::chrono::nanoseconds> latencies;
  for (int i = 0; i < 31; ++i) {
    const auto started = std::chrono::steady_clock::now();
    REQUIRE(client.Get(At(server), "/"));
    latencies.push_back(std::chrono::steady_clock::now() - started);
  }
  std::sort(latencies.begin(), latencies.end());
  const double median_ms = std::chrono::duration<double, std::milli>(latencies[15]).count();
  INFO("median " << median_ms << " ms");
  CHECK(median_ms < 20);
}

TEST_CASE("the server's Keep-Alive timeout retires idle connections before the server does",
          "[http][client]") {
  RawServer server(Answering("HTTP/1.1 200 OK\r\nKeep-Alive: timeout=1\r\nContent-Length: 2\r\n\r\nok"));
  Client client;
  REQUIRE(client.Get(At(server), "/"));
  CHECK(client.Get(At(server), "/").reused);
  std::this_thread::sleep_for(900ms);  // past 80% of the server's 1 s
  const auto late = client.Get(At(server), "/");
  REQUIRE(late);
  CHECK_FALSE(late.reused);
  CHECK(server.Accepted() == 2);
}

TEST_CASE("a host name is resolved, and each of its addresses tried", "[http][client]") {
  // "localhost" may list ::1 first, where nothing listens: the client goes on to
  // 127.0.0.1.
  RawServer server(Echo());
  const auto result = Client().Get(Endpoint{"localhost", server.Port()}, "/");
  INFO(ErrorText(result));
  REQUIRE(result);
  CHECK(result.response->body == "GET / ");
}

TEST_CASE("copies of a client share its connections", "[http][client]") {
  RawServer server(Echo());
  Client first;
  const Client second = first;
  REQUIRE(first.Get(At(server), "/"));
  CHECK(second.IdleConnections(At(server)) == 1);
  CHECK(second.Get(At(server), "/").reused);
}

TEST_CASE("a request that cannot be written throws before anything is sent", "[http][client]") {
  RawServer server(Echo());
  Client client;
  CHECK_THROWS_AS(client.Send(At(server), Request{"GET", "/", {}, {{"X-Bad", "a\r\nInjected: 1"}}}),
                  attest::UsageError);
  CHECK_THROWS_AS(client.Send(At(server), Request{"G T", "/", {}, {}}), attest::UsageError);
  std::this_thread::sleep_for(50ms);
  CHECK(server.Accepted() == 0);
}

TEST_CASE("the timeout bounds the whole exchange", "[http][client]") {
  RawServer silent([](RawConnection& connection) {
    if (connection.ReadRequest()) connection.Stall(5s);
  });
  const auto started = std::chrono::steady_clock::now();
  const auto result = Client().Get(At(silent), "/", 200ms);
  const auto elapsed = std::chrono::steady_clock::now() - started;
  REQUIRE_FALSE(result);
  CHECK(result.error->kind == TransportError::Kind::Timeout);
  CHECK(result.error->elapsed >= 200ms);
  CHECK(elapsed < 3s);  // not the server's 5 s
  CHECK(result.error->text ==
        "no response within 200ms (new connection, request sent, no response byte received)");
}

TEST_CASE("a handshake the listener drops is started over, not left to the kernel's 1 s resend",
          "[http][client]") {
  FullListener listener;  // every SYN dropped
  const auto result = Client().Get(Endpoint{"127.0.0.1", listener.Port()}, "/", 600ms);
  REQUIRE_FALSE(result);
  CHECK(result.error->kind == TransportError::Kind::ConnectTimeout);
  // 20 ms of patience on loopback, doubling: about five SYNs in 600 ms where the kernel
  // alone would have sent one.
  INFO(result.error->text);
  CHECK_THAT(result.error->text,
             Catch::Matchers::Matches(
                 "connection not established within 600ms \\([3-9] TCP handshakes unanswered: .*"));
}

TEST_CASE("a request behind a full accept queue gets through once the server accepts again",
          "[http][client]") {
  FullListener listener;
  listener.ServeFromNow(300ms);
  const auto result = Client().Get(Endpoint{"127.0.0.1", listener.Port()}, "/", 2s);
  INFO(ErrorText(result));
  REQUIRE(result);
  CHECK(result.response->status == 200);
}
