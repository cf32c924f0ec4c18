// Loopback servers on plain sockets for the HTTP client's tests: each connection is
// handed to a function that may answer, stall, close, reset or talk nonsense, so the
// client meets every way a real server misbehaves. Thread per connection, like the
// servers users write; everything stops and joins when the object goes.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <functional>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace attest::testing {

// One request as the server read it.
struct RawRequest {
  std::string method;
  std::string path;
  std::string body;
  std::string head;  // request line and headers, as received
};

// A server-side connection with the helpers a misbehaving handler needs.
class RawConnection {
 public:
  explicit RawConnection(int fd, const std::atomic<bool>& stopping) : fd_(fd), stopping_(stopping) {}

  int Fd() const { return fd_; }

  // Reads one request (headers and a Content-Length body). nullopt when the client
  // closed the connection, `idle_limit` passed with nothing arriving, or the server is
  // stopping.
  std::optional<RawRequest> ReadRequest(std::chrono::milliseconds idle_limit = std::chrono::seconds(10)) {
    const auto deadline = std::chrono::steady_clock::now() + idle_limit;
    std::size_t header_end;
    while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!ReadMore(deadline)) return std::nullopt;
    }
    RawRequest request;
    request.head = buffer_.substr(0, header_end + 4);
    const auto first_space = request.head.find(' ');
    const auto second_space = request.head.find(' ', first_space + 1);
    request.method = request.head.substr(0, first_space);
    request.path = request.head.substr(first_space + 1, second_space - first_space - 1);
    std::size_t length = 0;
    const auto at = FindHeader(request.head, "content-length:");
    if (at != std::string::npos) length = std::stoul(request.head.substr(at + 15));
    while (buffer_.size() < header_end + 4 + length) {
      if (!ReadMore(deadline)) return std::nullopt;
    }
    request.body = buffer_.substr(header_end + 4, length);
    buffer_.erase(0, header_end + 4 + length);
    return request;
  }

  // Writes all of `bytes` (blocking); false when the client is gone.
  bool Write(const std::string& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    return true;
  }

  // A complete response with a Content-Length body; `extra_headers` end in "\r\n".
  bool Respond(int status, const std::string& body, const std::string& extra_headers = "") {
    return Write("HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Length: " +
                 std::to_string(body.size()) + "\r\n" + extra_headers + "\r\n" + body);
  }

  // Sleeps up to `d`, ending early when the server stops.
  void Stall(std::chrono::milliseconds d) {
    const auto until = std::chrono::steady_clock::now() + d;
    while (!stopping_ && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  // Closes with a reset (RST) instead of a FIN.
  void Reset() {
    linger hard{1, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    Close();
  }
  void Close() {
    if (fd_ >= 0) ::close(std::exchange(fd_, -1));
  }
  ~RawConnection() { Close(); }

 private:
  static std::size_t FindHeader(const std::string& head, const std::string& lower_name) {
    std::string lower = head;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower.find("\r\n" + lower_name) == std::string::npos ? std::string::npos
                                                                : lower.find("\r\n" + lower_name) + 2;
  }

  bool ReadMore(std::chrono::steady_clock::time_point deadline) {
    while (!stopping_) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      pollfd p{fd_, POLLIN, 0};
      const int ready = ::poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), 20)));
      if (ready <= 0) continue;
      char chunk[4096];
      const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n <= 0) return false;
      buffer_.append(chunk, static_cast<std::size_t>(n));
      return true;
    }
    return false;
  }

  int fd_;
  const std::atomic<bool>& stopping_;
  std::string buffer_;
};

class RawServer {
 public:
  using Handler = std::function<void(RawConnection&)>;

  struct Options {
    int backlog = 128;
    // Pause before each accept: a server too busy to accept, whose small backlog
    // overflows under a burst of connects.
    std::chrono::microseconds accept_pause{0};
    bool accept = true;  // false: listen but never accept
    // SO_RCVBUF of the accepted connections (0: the kernel's default): small, a server
    // that stops reading stops the client's writes soon.
    int receive_buffer = 0;
  };

  explicit RawServer(Handler handler) : RawServer(Options{}, std::move(handler)) {}
  RawServer(Options options, Handler handler) : options_(options), handler_(std::move(handler)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listener_ < 0) throw std::runtime_error("RawServer: socket() failed");
    const int one = 1;
    ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (options_.receive_buffer > 0) {
      ::setsockopt(listener_, SOL_SOCKET, SO_RCVBUF, &options_.receive_buffer,
                   sizeof options_.receive_buffer);
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listener_, options_.backlog) != 0 ||
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      ::close(listener_);
      throw std::runtime_error("RawServer: could not listen on 127.0.0.1");
    }
    port_ = ntohs(address.sin_port);
    if (options_.accept) acceptor_ = std::thread([this] { AcceptLoop(); });
  }
  RawServer(const RawServer&) = delete;
  RawServer& operator=(const RawServer&) = delete;
  ~RawServer() { Stop(); }

  // Stops accepting, asks the handlers to stop (their reads and stalls end within
  // milliseconds) and waits for them.
  void Stop() {
    if (stopping_.exchange(true)) return;
    if (acceptor_.joinable()) acceptor_.join();
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [this] { return live_ == 0; });
    ::close(listener_);
  }

  int Port() const { return port_; }
  std::string Address() const { return "127.0.0.1:" + std::to_string(port_); }
  int Listener() const { return listener_; }
  int Accepted() const { return accepted_.load(); }

 private:
  void AcceptLoop() {
    while (!stopping_) {
      pollfd p{listener_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      if (options_.accept_pause.count() > 0) std::this_thread::sleep_for(options_.accept_pause);
      const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      ++accepted_;
      {
        std::lock_guard lock(mutex_);
        ++live_;
      }
      // Detached, so that thousands of short connections leave no threads to join;
      // Stop() waits for the count instead. The last thing a worker touches is the
      // mutex it notifies under.
      std::thread([this, fd] {
        {
          RawConnection connection(fd, stopping_);
          handler_(connection);
        }
        std::lock_guard lock(mutex_);
        if (--live_ == 0) idle_.notify_all();
      }).detach();
    }
  }

  Options options_;
  Handler handler_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> accepted_{0};
  std::thread acceptor_;
  std::mutex mutex_;
  std::condition_variable idle_;
  int live_ = 0;  // handlers running
};

// A listener with a full accept queue: listen(fd, 0) and connections queued that nobody
// accepts, so the kernel drops every further SYN, until ServeFromNow.
class FullListener {
 public:
  FullListener() {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (listener_ < 0 || ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listener_, 0) != 0 ||
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      throw std::runtime_error("FullListener: could not listen on 127.0.0.1");
    }
    port_ = ntohs(address.sin_port);
    for (int i = 0; i < 2; ++i) {  // the first fills the queue; the second makes sure
      const int filler = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
      (void)::connect(filler, reinterpret_cast<sockaddr*>(&address), sizeof address);
      fillers_.push_back(filler);
    }
  }
  FullListener(const FullListener&) = delete;
  FullListener& operator=(const FullListener&) = delete;
  ~FullListener() {
    stopping_ = true;
    if (server_.joinable()) server_.join();
    CloseFillers();
    ::close(listener_);
  }

  // After `after`, closes the queued connections and serves: every connection accepted,
  // its request answered with 200 and the connection closed.
  void ServeFromNow(std::chrono::milliseconds after) {
    server_ = std::thread([this, after] {
      std::this_thread::sleep_for(after);
      CloseFillers();
      while (!stopping_) {
        pollfd p{listener_, POLLIN, 0};
        if (::poll(&p, 1, 20) <= 0) continue;
        const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) continue;
        RawConnection connection(fd, stopping_);
        if (connection.ReadRequest(std::chrono::milliseconds(500))) {
          connection.Respond(200, "ok", "Connection: close\r\n");
        }
      }
    });
  }

  std::string Address() const { return "127.0.0.1:" + std::to_string(port_); }
  int Port() const { return port_; }

 private:
  void CloseFillers() {
    std::lock_guard lock(mutex_);
    for (int fd : fillers_) ::close(fd);
    fillers_.clear();
  }

  int listener_ = -1;
  int port_ = 0;
  std::mutex mutex_;
  std::vector<int> fillers_;
  std::atomic<bool> stopping_{false};
  std::thread server_;
};

}  // namespace attest::testing
