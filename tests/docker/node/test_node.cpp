// attest_test_node: the program the Docker tests run on their nodes. A small HTTP
// server that does what the node manager must support, and misbehaves on request:
//
//   GET  /health              200 "ok" (503 with --unhealthy)
//   GET  /env                 "ADDR=...\nPEERS=...\nDATA_DIR=...\nHOSTNAME=...\nPID=..."
//   PUT  /data/<key>          stores the body in $DATA_DIR/<key> (write(2): survives SIGKILL)
//   GET  /data/<key>          the stored body, or 404
//   GET  /call?addr=A&path=P  this node sends GET http://A/P (1s timeout) over the
//                             Docker network and answers 200 "status <code>", or 502
//                             "unreachable: ..." when the peer cannot be reached
//
// It listens on $ADDR. Options:
//   --exit-at-start CODE   print a complaint and exit with CODE at once
//   --unhealthy            /health answers 503
//   --ignore-sigterm       ignore SIGTERM (Stop must fall back to SIGKILL)
// SIGTERM (unless ignored) makes it print "received SIGTERM" and exit 0 at once.
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "attest/testing/server.hpp"

namespace {

volatile std::sig_atomic_t term_received = 0;
void OnTerm(int) { term_received = 1; }

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

bool ValidKey(const std::string& key) {
  return !key.empty() && key.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-_") == std::string::npos;
}

}  // namespace

int main(int argc, char** argv) {
  bool unhealthy = false;
  bool ignore_term = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--exit-at-start" && i + 1 < argc) {
      std::printf("test node: refusing to start, as asked (--exit-at-start)\n");
      std::fprintf(stderr, "test node: fatal: configuration missing\n");
      return std::atoi(argv[i + 1]);
    }
    if (arg == "--unhealthy") {
      unhealthy = true;
    } else if (arg == "--ignore-sigterm") {
      ignore_term = true;
    } else {
      std::fprintf(stderr, "test node: unknown argument %s\n", arg.c_str());
      return 2;
    }
  }
  const std::string addr = Env("ADDR");
  const auto colon = addr.rfind(':');
  if (colon == std::string::npos) {
    std::fprintf(stderr, "test node: ADDR must be ip:port, got \"%s\"\n", addr.c_str());
    return 2;
  }
  const std::string data_dir = Env("DATA_DIR");

  attest::testing::TestServer server;
  auto& http = server.Http();
  http.Get("/health", [&](const httplib::Request&, httplib::Response& res) {
    res.status = unhealthy ? 503 : 200;
    res.set_content(unhealthy ? "unhealthy\n" : "ok\n", "text/plain");
  });
  http.Get("/env", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content("ADDR=" + addr + "\nPEERS=" + Env("PEERS") + "\nDATA_DIR=" + data_dir +
                        "\nHOSTNAME=" + Env("HOSTNAME") + "\nPID=" + std::to_string(::getpid()) +
                        "\nEXTRA=" + Env("EXTRA") + "\n",
                    "text/plain");
  });
  http.Put(R"(/data/(.*))", [&](const httplib::Request& req, httplib::Response& res) {
    const std::string key = req.matches[1];
    if (!ValidKey(key) || data_dir.empty()) {
      res.status = 400;
      return;
    }
    const std::string path = data_dir + "/" + key;
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    const bool ok =
        fd >= 0 && ::write(fd, req.body.data(), req.body.size()) == static_cast<ssize_t>(req.body.size());
    if (fd >= 0) ::close(fd);
    res.status = ok ? 200 : 500;
  });
  http.Get(R"(/data/(.*))", [&](const httplib::Request& req, httplib::Response& res) {
    const std::string key = req.matches[1];
    std::FILE* file = ValidKey(key) ? std::fopen((data_dir + "/" + key).c_str(), "rb") : nullptr;
    if (file == nullptr) {
      res.status = 404;
      return;
    }
    std::string body;
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, file)) > 0;) body.append(buffer, n);
    std::fclose(file);
    res.set_content(body, "text/plain");
  });
  http.Get("/call", [&](const httplib::Request& req, httplib::Response& res) {
    const std::string target = req.get_param_value("addr");
    const std::string path = req.has_param("path") ? req.get_param_value("path") : "/health";
    const auto at = target.rfind(':');
    if (at == std::string::npos) {
      res.status = 400;
      return;
    }
    httplib::Client client(target.substr(0, at), std::atoi(target.c_str() + at + 1));
    client.set_connection_timeout(std::chrono::seconds(1));
    client.set_read_timeout(std::chrono::seconds(1));
    const auto answer = client.Get(path);
    if (!answer) {
      res.status = 502;
      res.set_content("unreachable: " + httplib::to_string(answer.error()) + "\n", "text/plain");
      return;
    }
    res.set_content("status " + std::to_string(answer->status) + "\n", "text/plain");
  });

  try {
    server.Start(std::atoi(addr.c_str() + colon + 1), addr.substr(0, colon));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "test node: %s\n", e.what());
    return 1;
  }
  std::signal(SIGTERM, ignore_term ? SIG_IGN : OnTerm);
  std::printf("test node %s listening on %s (peers %s)\n", Env("HOSTNAME").c_str(), addr.c_str(),
              Env("PEERS").c_str());
  std::fflush(stdout);
  while (term_received == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  std::printf("test node: received SIGTERM, shutting down\n");
  std::fflush(stdout);
  // Every write is on disk already; exit at once rather than wait for httplib to
  // drain idle keep-alive connections (up to its 5s keep-alive timeout).
  std::_Exit(0);
}
