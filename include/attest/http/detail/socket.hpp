// POSIX sockets for the HTTP client: an owned descriptor, name resolution, a connect
// that does not wait a second for a dropped SYN, and reads and writes bounded by a
// deadline. Every function reports the errno that ended it; nothing here throws.
//
// Part of the client's implementation: included by client_inl.hpp and by unit tests.
#pragma once

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#if defined(__linux__)
#include <linux/sockios.h>
#endif

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstring>
#include <ctime>
#include <random>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace attest::http::detail {

using Clock = std::chrono::steady_clock;

// An open socket descriptor, closed when the object goes.
class Socket {
 public:
  Socket() = default;
  explicit Socket(int fd) : fd_(fd) {}
  Socket(Socket&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Socket& operator=(Socket&& other) noexcept {
    if (this != &other) {
      Close();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  ~Socket() { Close(); }

  int Fd() const { return fd_; }
  bool Valid() const { return fd_ >= 0; }
  void Close() {
    if (fd_ >= 0) ::close(std::exchange(fd_, -1));
  }

 private:
  int fd_ = -1;
};

// The text of an errno value, thread-safe (strerror is not).
inline std::string ErrnoText(int error_number) {
  char buffer[128];
  // GNU strerror_r returns the text (maybe not in buffer); XSI returns an int.
  const auto result = ::strerror_r(error_number, buffer, sizeof buffer);
  if constexpr (std::is_same_v<decltype(result), const int>) {
    return result == 0 ? std::string(buffer) : "error " + std::to_string(error_number);
  } else {
    return std::string(result);
  }
}

// Waits until `fd` is ready for `events` (POLLIN, POLLOUT) or `deadline` passes; false
// when the deadline passed first. Errors and hang-ups count as ready: the next read or
// write says what they are.
inline bool WaitReady(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    const auto left = deadline - Clock::now();
    if (left <= Clock::duration::zero()) {
      pollfd probe{fd, events, 0};
      return ::poll(&probe, 1, 0) > 0;
    }
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
    const timespec timeout{static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
    pollfd request{fd, events, 0};
    const int ready = ::ppoll(&request, 1, &timeout, nullptr);
    if (ready > 0) return true;
    if (ready < 0 && errno != EINTR) return true;
  }
}

// One address to connect to.
struct Address {
  sockaddr_storage storage{};
  socklen_t length = 0;
};

// True for 127.0.0.0/8, ::1 and ::ffff:127.0.0.0/104: the test's own machine, where
// a handshake takes microseconds unless the listener drops it.
inline bool IsLoopback(const Address& address) {
  const auto* generic = reinterpret_cast<const sockaddr*>(&address.storage);
  if (generic->sa_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(&address.storage);
    return (ntohl(v4->sin_addr.s_addr) >> 24) == 127;
  }
  if (generic->sa_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&address.storage);
    if (IN6_IS_ADDR_LOOPBACK(&v6->sin6_addr)) return true;
    return IN6_IS_ADDR_V4MAPPED(&v6->sin6_addr) && v6->sin6_addr.s6_addr[12] == 127;
  }
  return false;
}

// The addresses of `host` (a literal IP address is used as it is), or none and `error`
// saying why.
inline std::vector<Address> Resolve(const std::string& host, int port, std::string& error) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
  const std::string service = std::to_string(port);
  addrinfo* found = nullptr;
  int status = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found);
  if (status == EAI_NONAME) {
    hints.ai_flags = AI_NUMERICSERV | AI_ADDRCONFIG;
    status = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found);
  }
  std::vector<Address> addresses;
  if (status != 0) {
    error = status == EAI_SYSTEM ? ErrnoText(errno) : ::gai_strerror(status);
    return addresses;
  }
  for (const addrinfo* a = found; a != nullptr; a = a->ai_next) {
    if (a->ai_addrlen > sizeof(sockaddr_storage)) continue;
    Address address;
    std::memcpy(&address.storage, a->ai_addr, a->ai_addrlen);
    address.length = a->ai_addrlen;
    addresses.push_back(address);
  }
  ::freeaddrinfo(found);
  if (addresses.empty()) error = "no address";
  return addresses;
}

struct ConnectOutcome {
  Socket socket;                // open and connected, or not Valid()
  int error_number = 0;         // why not: ECONNREFUSED, ...; ETIMEDOUT when the deadline came
  int handshakes = 0;           // SYNs started, one socket each
  Clock::duration handshake{};  // how long the successful one took
};

// A factor in [0.75, 1.25): handshakes started over by many threads at once must not
// all arrive at the listener in the same instant again.
inline double Jitter() {
  thread_local std::minstd_rand random(static_cast<unsigned>(
      std::hash<const void*>{}(&random) ^ static_cast<std::size_t>(Clock::now().time_since_epoch().count())));
  return 0.75 + 0.5 * std::uniform_real_distribution<double>(0.0, 1.0)(random);
}

// Connects to `address` before `deadline`, with TCP_NODELAY set.
//
// A listener whose accept queue is full drops the SYN, and the kernel resends it only
// after 1 s, then 3 s: longer than many request timeouts. So a handshake not done after
// `patience` is abandoned and started over on a new socket at once, with the patience
// doubled each time; a listener that drains its queue is reached within milliseconds.
inline ConnectOutcome Connect(const Address& address, Clock::time_point deadline, Clock::duration patience) {
  ConnectOutcome outcome;
  const auto family = reinterpret_cast<const sockaddr*>(&address.storage)->sa_family;
  for (;;) {
    Socket socket(::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!socket.Valid()) {
      outcome.error_number = errno;
      return outcome;
    }
    const int one = 1;
    ::setsockopt(socket.Fd(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ++outcome.handshakes;
    const auto started = Clock::now();
    int status = ::connect(socket.Fd(), reinterpret_cast<const sockaddr*>(&address.storage), address.length);
    if (status != 0 && errno != EINPROGRESS) {
      outcome.error_number = errno;
      return outcome;
    }
    if (status != 0) {
      const auto give_up =
          std::min(deadline, started + std::chrono::duration_cast<Clock::duration>(patience * Jitter()));
      if (!WaitReady(socket.Fd(), POLLOUT, give_up)) {
        if (Clock::now() >= deadline) {
          outcome.error_number = ETIMEDOUT;
          return outcome;
        }
        patience *= 2;
        continue;  // the socket closes here; a new SYN goes out on the next
      }
      int error = 0;
      socklen_t length = sizeof error;
      if (::getsockopt(socket.Fd(), SOL_SOCKET, SO_ERROR, &error, &length) != 0) error = errno;
      if (error != 0) {
        outcome.error_number = error;
        return outcome;
      }
    }
    outcome.handshake = Clock::now() - started;
    outcome.socket = std::move(socket);
    return outcome;
  }
}

// Asks the kernel to acknowledge what arrives at once instead of delaying the ACK for
// up to 40 ms. A server with Nagle's algorithm on that writes a response in two pieces
// (headers, then body) holds the second piece back until the first is acknowledged;
// with a delayed ACK every such response would take 40 ms.
inline void AckPromptly(int fd) {
#ifdef TCP_QUICKACK
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
#else
  (void)fd;
#endif
}

enum class IoStatus { Done, Timeout, Failed };

// Writes all of `bytes` before `deadline`; `sent` counts the bytes the kernel took.
inline IoStatus SendAll(int fd, std::string_view bytes, Clock::time_point deadline, std::size_t& sent,
                        int& error_number) {
  while (sent < bytes.size()) {
    const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (!WaitReady(fd, POLLOUT, deadline)) return IoStatus::Timeout;
      continue;
    }
    error_number = n < 0 ? errno : EPIPE;
    return IoStatus::Failed;
  }
  return IoStatus::Done;
}

// Bytes written to the socket that the peer has not acknowledged yet: after a timeout,
// more than zero means the server stopped reading (0 where the system cannot tell).
inline std::size_t UnacknowledgedBytes(int fd) {
#if defined(SIOCOUTQ)
  int pending = 0;
  if (::ioctl(fd, SIOCOUTQ, &pending) == 0 && pending > 0) return static_cast<std::size_t>(pending);
#else
  (void)fd;
#endif
  return 0;
}

// What a look at an idle kept-alive connection shows before it is used again.
enum class IdleState { Usable, ClosedByServer, UnexpectedBytes, Broken };

// Peeks without waiting: a server that closed the connection while it sat idle has
// sent its FIN (or a reset) by now, and a request must not be written into it.
inline IdleState CheckIdle(int fd) {
  char byte;
  const ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  if (n == 0) return IdleState::ClosedByServer;
  if (n > 0) return IdleState::UnexpectedBytes;
  if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return IdleState::Usable;
  return IdleState::Broken;
}

}  // namespace attest::http::detail
