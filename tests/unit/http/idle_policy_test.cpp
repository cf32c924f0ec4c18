// The connection pool's policy: how many idle connections it keeps, which it reuses,
// when it drops them, and how patient it is with a handshake. Real sockets (socket
// pairs): the pool's look at an idle connection is a real non-blocking peek.
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <thread>
#include <utility>

#include "attest/http/detail/connection_pool.hpp"
#include "support/catch.hpp"

using namespace std::chrono_literals;
using attest::http::ClientOptions;
using attest::http::Endpoint;
using attest::http::detail::Clock;
using attest::http::detail::ConnectionPool;
using attest::http::detail::IdleExpiry;
using attest::http::detail::Socket;

namespace {

// A connected pair: the pool holds `client`, the test plays the server on `server`.
struct Pair {
  Socket client;
  Socket server;
  Pair() {
    int fds[2];
    REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0);
    client = Socket(fds[0]);
    server = Socket(fds[1]);
  }
};

// True when the peer of `server` has been closed: reading gives end of file, or a reset
// when the peer closed with bytes it had not read.
bool PeerClosed(const Socket& server) {
  char byte;
  const ssize_t n = ::recv(server.Fd(), &byte, 1, MSG_DONTWAIT);
  return n == 0 || (n < 0 && errno == ECONNRESET);
}

const Endpoint kNode{"127.0.0.1", 8081};

}  // namespace

TEST_CASE("idle connections expire at the client's limit or before the server's", "[http][pool]") {
  const auto now = Clock::now();
  CHECK(IdleExpiry(now, 30s, std::nullopt) == now + 30s);
  CHECK(IdleExpiry(now, 30s, std::chrono::seconds(5)) == now + 4s);  // 80%: close before the server does
  CHECK(IdleExpiry(now, 30s, std::chrono::seconds(1)) == now + 800ms);
  CHECK(IdleExpiry(now, 2s, std::chrono::seconds(60)) == now + 2s);
  CHECK_FALSE(IdleExpiry(now, 30s, std::chrono::seconds(0)).has_value());  // the server keeps nothing idle
  CHECK_FALSE(IdleExpiry(now, 0ms, std::nullopt).has_value());
}

TEST_CASE("the pool keeps at most max_idle_per_endpoint and closes the rest", "[http][pool]") {
  ConnectionPool pool(ClientOptions{});  // Go's 2
  auto& slot = pool.Slot(kNode);
  Pair a, b, c;
  pool.PutIdle(slot, std::move(a.client), std::nullopt);
  pool.PutIdle(slot, std::move(b.client), std::nullopt);
  pool.PutIdle(slot, std::move(c.client), std::nullopt);
  CHECK(pool.IdleCount(kNode) == 2);
  CHECK_FALSE(PeerClosed(a.server));
  CHECK_FALSE(PeerClosed(b.server));
  CHECK(PeerClosed(c.server));                              // the one that found the pool full
  CHECK(pool.IdleCount(Endpoint{"127.0.0.1", 8082}) == 0);  // per endpoint
}

TEST_CASE("the most recently used idle connection is reused first", "[http][pool]") {
  ConnectionPool pool(ClientOptions{});
  auto& slot = pool.Slot(kNode);
  Pair older, newer;
  const int newer_fd = newer.client.Fd();
  const int older_fd = older.client.Fd();
  pool.PutIdle(slot, std::move(older.client), std::nullopt);
  pool.PutIdle(slot, std::move(newer.client), std::nullopt);
  auto taken = pool.TakeIdle(slot);
  CHECK(taken.socket.Fd() == newer_fd);
  CHECK(taken.idle_for >= Clock::duration::zero());
  CHECK(pool.TakeIdle(slot).socket.Fd() == older_fd);
  CHECK_FALSE(pool.TakeIdle(slot).socket.Valid());
}

TEST_CASE("an idle connection the server closed, or wrote to, is dropped on the way", "[http][pool]") {
  ClientOptions options;
  options.max_idle_per_endpoint = 3;
  ConnectionPool pool(options);
  auto& slot = pool.Slot(kNode);
  Pair alive, chatty, closed;
  const int alive_fd = alive.client.Fd();
  pool.PutIdle(slot, std::move(alive.client), std::nullopt);
  pool.PutIdle(slot, std::move(chatty.client), std::nullopt);
  pool.PutIdle(slot, std::move(closed.client), std::nullopt);
  REQUIRE(::send(chatty.server.Fd(), "x", 1, 0) == 1);  // bytes nobody asked for
  closed.server.Close();                                // the server's FIN
  auto taken = pool.TakeIdle(slot);                     // newest first: `closed`, then `chatty`, are dropped
  CHECK(taken.socket.Fd() == alive_fd);
  CHECK(PeerClosed(chatty.server));
  CHECK(pool.IdleCount(kNode) == 0);
}

TEST_CASE("an expired idle connection is closed instead of reused", "[http][pool]") {
  ClientOptions options;
  options.max_idle_time = 1ms;
  ConnectionPool pool(options);
  auto& slot = pool.Slot(kNode);
  Pair pair;
  pool.PutIdle(slot, std::move(pair.client), std::nullopt);
  std::this_thread::sleep_for(5ms);
  CHECK_FALSE(pool.TakeIdle(slot).socket.Valid());
  CHECK(PeerClosed(pair.server));
}

TEST_CASE("a server that keeps nothing idle gets nothing kept", "[http][pool]") {
  ConnectionPool pool(ClientOptions{});
  auto& slot = pool.Slot(kNode);
  Pair pair;
  pool.PutIdle(slot, std::move(pair.client), std::chrono::seconds(0));
  CHECK(pool.IdleCount(kNode) == 0);
  CHECK(PeerClosed(pair.server));
}

TEST_CASE("CloseIdle closes every idle connection", "[http][pool]") {
  ConnectionPool pool(ClientOptions{});
  Pair a, b;
  pool.PutIdle(pool.Slot(kNode), std::move(a.client), std::nullopt);
  pool.PutIdle(pool.Slot(Endpoint{"::1", 9}), std::move(b.client), std::nullopt);
  pool.CloseIdle();
  CHECK(pool.IdleCount(kNode) == 0);
  CHECK(PeerClosed(a.server));
  CHECK(PeerClosed(b.server));
}

TEST_CASE("handshake patience starts at 200ms (20ms on loopback) and follows the handshakes seen",
          "[http][pool]") {
  ConnectionPool pool(ClientOptions{});
  auto& slot = pool.Slot(kNode);
  constexpr bool kRemote = false, kLoopback = true;
  CHECK(pool.HandshakePatience(slot, kRemote) == 200ms);
  CHECK(pool.HandshakePatience(slot, kLoopback) == 20ms);
  pool.RecordHandshake(slot, 50us);
  CHECK(pool.HandshakePatience(slot, kRemote) == ConnectionPool::kMinHandshakePatience);  // the floor
  pool.RecordHandshake(slot, 10ms);
  CHECK(pool.HandshakePatience(slot, kRemote) == 160ms);  // 16 times the slowest recent one
  for (int i = 0; i < 200; ++i) pool.RecordHandshake(slot, 50us);
  CHECK(pool.HandshakePatience(slot, kRemote) == ConnectionPool::kMinHandshakePatience);  // decays
  pool.RecordHandshake(slot, 5s);
  CHECK(pool.HandshakePatience(slot, kRemote) == ConnectionPool::kMaxHandshakePatience);
}

TEST_CASE("loopback addresses are told apart from the rest", "[http][pool]") {
  std::string error;
  auto loopback = [&](const char* host) {
    return attest::http::detail::IsLoopback(attest::http::detail::Resolve(host, 80, error).at(0));
  };
  CHECK(loopback("127.0.0.1"));
  CHECK(loopback("127.1.2.3"));
  CHECK(loopback("::1"));
  CHECK(loopback("::ffff:127.0.0.1"));
  CHECK_FALSE(loopback("10.0.42.2"));
  CHECK_FALSE(loopback("192.0.2.1"));
  CHECK_FALSE(loopback("2001:db8::1"));
}
