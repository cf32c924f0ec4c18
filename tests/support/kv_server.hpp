// The system under test for the runner tests: a real key-value server on loopback
// (PUT/GET /kv/<key>, POST/GET /counter; no DELETE, so a stage expecting one fails).
// It logs every request, so tests can see which stages ran and in which order.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "attest/testing/server.hpp"

namespace attest_test {

class KvServer {
 public:
  KvServer() {
    auto& http = server_.Http();
    // Logged before routing, so requests without a handler (DELETE) are seen too.
    http.set_pre_routing_handler([this](const httplib::Request& request, httplib::Response&) {
      Log(request);
      return httplib::Server::HandlerResponse::Unhandled;
    });
    http.Put(R"(/kv/(.+))", [this](const httplib::Request& request, httplib::Response& response) {
      std::lock_guard lock(mutex_);
      values_[request.matches[1]] = request.body;
      response.set_content("stored", "text/plain");
    });
    http.Get(R"(/kv/(.+))", [this](const httplib::Request& request, httplib::Response& response) {
      std::lock_guard lock(mutex_);
      const auto found = values_.find(request.matches[1]);
      if (found == values_.end()) {
        response.status = 404;
        response.set_content("key not found", "text/plain");
      } else {
        response.set_content(found->second, "text/plain");
      }
    });
    http.Post("/counter", [this](const httplib::Request&, httplib::Response& response) {
      std::lock_guard lock(mutex_);
      response.set_content("{\"value\":" + std::to_string(++counter_) + "}", "application/json");
    });
    http.Get("/counter", [this](const httplib::Request&, httplib::Response& response) {
      std::lock_guard lock(mutex_);
      response.set_content("{\"value\":" + std::to_string(counter_) + "}", "application/json");
    });
    server_.Start();
  }

  // "--endpoints" value for a one-node cluster.
  std::string Endpoints() const { return "n1=" + server_.Address(); }

  // "PUT /kv/key", ... in the order the requests arrived.
  std::vector<std::string> Requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  void Log(const httplib::Request& request) {
    std::lock_guard lock(mutex_);
    requests_.push_back(request.method + " " + request.path);
  }

  attest::testing::TestServer server_;
  mutable std::mutex mutex_;
  std::vector<std::string> requests_;
  std::map<std::string, std::string> values_;
  int counter_ = 0;
};

}  // namespace attest_test
