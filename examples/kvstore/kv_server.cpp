// kv_server: the program under test in the kv-store example, a small key-value store
// over HTTP, as a student would write for the challenge's first stages.
//
//   PUT    /kv/{key}   store the body            200, or 400 "key cannot be empty"
//   GET    /kv/{key}   the stored value          200, or 404 "key not found"
//   DELETE /kv/{key}   remove the key            200, or 404
//   GET    /health     liveness                  200
//
// --bug accept-empty-keys makes it answer 200 to PUT /kv/ (the demo uses it to show
// what a failing check reports).
//
// It listens on $ADDR (ip:port) or --listen host:port (default 127.0.0.1:8080), and
// keeps its data in $DATA_DIR/kv.json when DATA_DIR is set, written on every change
// before the answer, so the data survives a SIGTERM (the persistence stage) and a
// SIGKILL (the crash-recovery stage: what write() handed to the kernel stays, even
// without fsync, when only the process dies). SIGTERM/SIGINT stop it.
//
// Built with KV_SERVER_BROKEN defined (the kv_server_broken target), it keeps changes
// in memory and writes them only when it exits cleanly: it passes the persistence
// stage and loses acknowledged writes on SIGKILL, which the crash-recovery stage finds.
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "attest/testing/server.hpp"

namespace {

class Store {
 public:
  explicit Store(std::string file) : file_(std::move(file)) {
    if (file_.empty()) return;
    std::ifstream in(file_);
    if (in) data_ = nlohmann::json::parse(in, nullptr, false).get<std::map<std::string, std::string>>();
  }

  void Put(const std::string& key, const std::string& value) {
    std::lock_guard lock(mutex_);
    data_[key] = value;
    SaveUnlessBuffered();
  }
  bool Get(const std::string& key, std::string& value) {
    std::lock_guard lock(mutex_);
    auto it = data_.find(key);
    if (it == data_.end()) return false;
    value = it->second;
    return true;
  }
  bool Delete(const std::string& key) {
    std::lock_guard lock(mutex_);
    const bool erased = data_.erase(key) > 0;
    if (erased) SaveUnlessBuffered();
    return erased;
  }

  // Writes whatever is not on disk yet (at a clean exit).
  void Flush() {
    std::lock_guard lock(mutex_);
    Save();
  }

 private:
  // Writes a temporary file and renames it, so a crash never leaves half a file.
  void Save() {
    if (file_.empty()) return;
    const std::string temporary = file_ + ".tmp";
    std::ofstream(temporary) << nlohmann::json(data_).dump();
    std::rename(temporary.c_str(), file_.c_str());
  }

#ifdef KV_SERVER_BROKEN
  // The deliberate bug: acknowledged changes live only in memory until Flush().
  void SaveUnlessBuffered() {}
#else
  void SaveUnlessBuffered() { Save(); }
#endif

  std::string file_;
  std::mutex mutex_;
  std::map<std::string, std::string> data_;
};

// Set by SIGTERM/SIGINT; the main thread notices and stops the server (stopping it
// from the handler itself would not be async-signal-safe).
volatile std::sig_atomic_t stop_requested = 0;

void StopOnSignal(int) { stop_requested = 1; }

}  // namespace

int main(int argc, char** argv) {
  std::string listen = std::getenv("ADDR") ? std::getenv("ADDR") : "127.0.0.1:8080";
  bool accept_empty_keys = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--listen" && i + 1 < argc) {
      listen = argv[++i];
    } else if (arg == "--bug" && i + 1 < argc && std::string(argv[i + 1]) == "accept-empty-keys") {
      accept_empty_keys = true;
      ++i;
    } else {
      std::fprintf(stderr,
                   "usage: kv_server [--listen host:port] [--bug accept-empty-keys]"
                   "   (or ADDR=host:port, DATA_DIR=dir)\n");
      return 2;
    }
  }
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) {
    std::fprintf(stderr, "kv_server: cannot listen on \"%s\": expected host:port\n", listen.c_str());
    return 2;
  }
  const std::string host = listen.substr(0, colon);
  const int port = std::atoi(listen.c_str() + colon + 1);
  const char* data_dir = std::getenv("DATA_DIR");
  Store store(data_dir != nullptr && *data_dir != '\0' ? std::string(data_dir) + "/kv.json" : "");

  attest::testing::TestServer server;
  auto& http = server.Http();
  // Idle keep-alive connections hold a server thread for this long, and Stop() waits
  // for them: keep it short so that SIGTERM ends the server within a second.
  http.set_keep_alive_timeout(1);
  http.Get("/health",
           [](const httplib::Request&, httplib::Response& res) { res.set_content("ok\n", "text/plain"); });
  http.Put(R"(/kv/(.*))", [&](const httplib::Request& req, httplib::Response& res) {
    const std::string key = req.matches[1];
    if (key.empty() && !accept_empty_keys) {
      res.status = 400;
      res.set_content("key cannot be empty\n", "text/plain");
      return;
    }
    store.Put(key, req.body);
    res.set_content("ok\n", "text/plain");
  });
  http.Get(R"(/kv/(.*))", [&](const httplib::Request& req, httplib::Response& res) {
    std::string value;
    if (!store.Get(req.matches[1], value)) {
      res.status = 404;
      res.set_content("key not found\n", "text/plain");
      return;
    }
    res.set_content(value, "text/plain");
  });
  http.Delete(R"(/kv/(.*))", [&](const httplib::Request& req, httplib::Response& res) {
    res.status = store.Delete(req.matches[1]) ? 200 : 404;
  });

  try {
    server.Start(port, host);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kv_server: %s\n", e.what());
    return 1;
  }
  std::signal(SIGTERM, StopOnSignal);
  std::signal(SIGINT, StopOnSignal);
  std::printf("kv_server listening on %s\n", server.Address().c_str());
  std::fflush(stdout);
  while (stop_requested == 0 && server.Http().is_running()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  server.Stop();
  store.Flush();
  return 0;
}
