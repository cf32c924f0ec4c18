// A real cpp-httplib server on 127.0.0.1 with a port the kernel picks, running on its
// own thread for the life of the object: for reference implementations, examples and
// tests of suites. Register handlers on Http() before Start(), then point attest at
// Address() (WithEndpoints). Not included by <attest/attest.hpp>.
#pragma once

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

// httplib.h includes <resolv.h>, whose <arpa/nameser_compat.h> defines DELETE as a
// macro: it would turn a later d.DELETE(...) of attest's DSL into a missing member.
#undef DELETE

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

namespace attest::testing {

class TestServer {
 public:
  // cpp-httplib serves one keep-alive connection per pool thread until it goes idle for
  // 5s; attest pools connections, so the default 8 threads would starve. Be generous.
  TestServer() {
    server_.new_task_queue = [] { return new httplib::ThreadPool(kThreads); };
    // httplib writes headers and body separately; with Nagle on, the body waits for
    // the client's delayed ACK (40ms on Linux) and every response looks slow.
    server_.set_tcp_nodelay(true);
  }
  static constexpr int kThreads = 128;
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;
  ~TestServer() { Stop(); }

  httplib::Server& Http() { return server_; }

  // Binds to a free port (or `port`) on `host` and serves until Stop(); waits (at most
  // 5s) until it accepts.
  void Start(int port = 0, const std::string& host = "127.0.0.1") {
    // libcpp-httplib listens with a backlog of 5, so a burst of concurrent connects
    // overflows the accept queue and stalls for seconds in SYN retransmits. Catch the
    // socket as it is made and listen again with the system's limit.
    server_.set_socket_options([this](int sock) {
      httplib::default_socket_options(sock);
      listen_fd_ = sock;
    });
    if (port == 0) {
      port_ = server_.bind_to_any_port(host);
    } else {
      port_ = server_.bind_to_port(host, port) ? port : -1;
    }
    if (port_ <= 0)
      throw std::runtime_error("TestServer: could not bind " + host + ":" + std::to_string(port));
    host_ = host;
    if (listen_fd_ >= 0) ::listen(listen_fd_, SOMAXCONN);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!server_.is_running()) {
      if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("TestServer: did not start");
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }

  void Stop() {
    if (thread_.joinable()) {
      server_.stop();
      thread_.join();
    }
  }

  int Port() const { return port_; }
  // Where to reach the server from this machine ("127.0.0.1:PORT").
  std::string Address() const {
    const std::string host = host_ == "0.0.0.0" ? "127.0.0.1" : host_;
    return host + ":" + std::to_string(port_);
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::string host_ = "127.0.0.1";
  int listen_fd_ = -1;
};

// A port on 127.0.0.1 where nothing listens: bound without listen(), read, released.
// Connecting to it is refused at once.
inline int UnusedPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("UnusedPort: socket() failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(fd);
    throw std::runtime_error("UnusedPort: bind() failed");
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

}  // namespace attest::testing
