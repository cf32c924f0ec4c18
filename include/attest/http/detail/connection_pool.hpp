// The client's idle keep-alive connections and what it has learnt about each endpoint.
//
// Policy (why): a thread-per-connection server (cpp-httplib's defaults: 8 threads) gives
// each open connection a thread until the client closes it, so every idle connection a
// client keeps takes a thread from the requests that wait. The pool therefore keeps at
// most ClientOptions::max_idle_per_endpoint idle connections per endpoint (Go keeps 2)
// and closes a connection coming back to a full pool. It reuses the most recently used
// connection first (the likeliest to be alive), closes connections idle for longer than
// the client's limit or the server's announced Keep-Alive timeout (80% of it, so the
// client closes first), and looks at each one before reuse: a server that closed it has
// sent its FIN by then.
//
// Part of the client's implementation: included by client_inl.hpp and by unit tests.
#pragma once

#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "attest/http/client_options.hpp"
#include "attest/http/detail/socket.hpp"
#include "attest/http/endpoint.hpp"
#include "attest/http/message.hpp"

namespace attest::http::detail {

struct IdleConnection {
  Socket socket;
  Clock::time_point idle_since;
  Clock::time_point expires;  // closed instead of reused from then on
};

// When an idle connection stops being worth reusing: the client's limit, or 80% of the
// idle time the server announced (Keep-Alive: timeout=N), whichever comes first. nullopt
// when it should not be kept at all.
inline std::optional<Clock::time_point> IdleExpiry(Clock::time_point now,
                                                   std::chrono::milliseconds max_idle_time,
                                                   std::optional<std::chrono::seconds> server_timeout) {
  Clock::duration keep = max_idle_time;
  if (server_timeout)
    keep = std::min(keep, std::chrono::duration_cast<Clock::duration>(*server_timeout) * 4 / 5);
  if (keep <= Clock::duration::zero()) return std::nullopt;
  return now + keep;
}

// What the client knows about one endpoint. The pool's mutex guards every field.
struct EndpointSlot {
  explicit EndpointSlot(Endpoint e) : endpoint(std::move(e)) {}
  Endpoint endpoint;
  std::vector<IdleConnection> idle;  // least recently used first
  std::vector<Address> addresses;    // resolved at the first connect; the one that worked first
  Clock::duration handshake{};       // a slowly decaying maximum of recent handshakes; 0 = none yet
};

class ConnectionPool {
 public:
  // Patience for a handshake to an endpoint never reached before: long enough for any
  // network a test runs on, short against a SYN the kernel would resend after 1 s. On
  // loopback (where attest reaches Docker nodes too, through published ports) the
  // handshake takes microseconds, so the least patience applies from the start.
  static constexpr Clock::duration kFirstHandshakePatience = std::chrono::milliseconds(200);
  // Bounds of the patience learnt from earlier handshakes (16 times the slowest recent
  // one): a loopback handshake takes tens of microseconds, a dropped SYN forever.
  static constexpr Clock::duration kMinHandshakePatience = std::chrono::milliseconds(20);
  static constexpr Clock::duration kMaxHandshakePatience = std::chrono::seconds(1);

  explicit ConnectionPool(ClientOptions options) : options_(options) {}
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  const ClientOptions& Options() const { return options_; }

  // The endpoint's slot, made on first use; it lives as long as the pool.
  EndpointSlot& Slot(const Endpoint& endpoint) {
    std::lock_guard lock(mutex_);
    for (auto& slot : slots_) {
      if (slot->endpoint.port == endpoint.port && slot->endpoint.host == endpoint.host) return *slot;
    }
    slots_.push_back(std::make_unique<EndpointSlot>(endpoint));
    return *slots_.back();
  }

  struct Taken {
    Socket socket;  // not Valid() when no idle connection was usable
    Clock::duration idle_for{};
  };

  // The most recently used idle connection that is still open. Expired ones, and ones
  // the server closed (or wrote to) while they sat idle, are closed on the way.
  Taken TakeIdle(EndpointSlot& slot) {
    for (;;) {
      IdleConnection candidate;
      {
        std::lock_guard lock(mutex_);
        if (slot.idle.empty()) return {};
        candidate = std::move(slot.idle.back());
        slot.idle.pop_back();
      }
      const auto now = Clock::now();
      if (now >= candidate.expires) continue;  // closed as `candidate` goes
      if (CheckIdle(candidate.socket.Fd()) != IdleState::Usable) continue;
      return Taken{std::move(candidate.socket), now - candidate.idle_since};
    }
  }

  // Offers a connection whose exchange ended cleanly; kept when the pool has room,
  // closed otherwise.
  void PutIdle(EndpointSlot& slot, Socket socket, std::optional<std::chrono::seconds> server_timeout) {
    const auto now = Clock::now();
    const auto expires = IdleExpiry(now, options_.max_idle_time, server_timeout);
    if (!expires) return;
    std::lock_guard lock(mutex_);
    if (slot.idle.size() >= options_.max_idle_per_endpoint) return;  // `socket` closes as it goes
    slot.idle.push_back(IdleConnection{std::move(socket), now, *expires});
  }

  // How long a new handshake may take before it is started over (Connect).
  Clock::duration HandshakePatience(const EndpointSlot& slot, bool loopback) const {
    std::lock_guard lock(mutex_);
    if (slot.handshake == Clock::duration::zero())
      return loopback ? kMinHandshakePatience : kFirstHandshakePatience;
    return std::clamp<Clock::duration>(slot.handshake * 16, kMinHandshakePatience, kMaxHandshakePatience);
  }

  void RecordHandshake(EndpointSlot& slot, Clock::duration took) {
    std::lock_guard lock(mutex_);
    slot.handshake = std::max(std::max(took, Clock::duration(1)), slot.handshake - slot.handshake / 16);
  }

  // The endpoint's addresses, resolved once; empty with `error` set when the host name
  // does not resolve.
  std::vector<Address> Addresses(EndpointSlot& slot, std::string& error) {
    {
      std::lock_guard lock(mutex_);
      if (!slot.addresses.empty()) return slot.addresses;
    }
    auto addresses = Resolve(slot.endpoint.host, slot.endpoint.port, error);
    std::lock_guard lock(mutex_);
    if (slot.addresses.empty()) slot.addresses = addresses;
    return addresses;
  }

  // The address that accepted a connection is tried first from now on.
  void Prefer(EndpointSlot& slot, std::size_t index) {
    std::lock_guard lock(mutex_);
    if (index > 0 && index < slot.addresses.size()) std::swap(slot.addresses[0], slot.addresses[index]);
  }

  void CloseIdle() {
    std::vector<IdleConnection> closing;
    std::lock_guard lock(mutex_);
    for (auto& slot : slots_) {
      for (auto& connection : slot->idle) closing.push_back(std::move(connection));
      slot->idle.clear();
    }
  }

  std::size_t IdleCount(const Endpoint& endpoint) const {
    std::lock_guard lock(mutex_);
    for (const auto& slot : slots_) {
      if (slot->endpoint == endpoint) return slot->idle.size();
    }
    return 0;
  }

 private:
  const ClientOptions options_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<EndpointSlot>> slots_;
};

}  // namespace attest::http::detail
