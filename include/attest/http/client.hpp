// The one place where attest speaks HTTP: a pool of keep-alive cpp-httplib clients
// per endpoint. A client is taken out of the pool for one request and put back after,
// so concurrent requests each get their own connection and no request pays for a new
// TCP handshake once the pool is warm. Redirects are never followed: a 307 and its
// Location header are what a test must be able to see.
#pragma once

#include <httplib.h>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "attest/detail/duration_text.hpp"
#include "attest/http/endpoint.hpp"

namespace attest::http {

struct Request {
  std::string method;  // "GET", "PUT", ...
  std::string path;    // "/kv/key"
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

struct Response {
  int status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  // Case-insensitive lookup of the first header named `name`.
  std::optional<std::string> Header(const std::string& name) const {
    for (const auto& [key, value] : headers) {
      if (EqualsIgnoringCase(key, name)) return value;
    }
    return std::nullopt;
  }

  static bool EqualsIgnoringCase(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
      if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
  }
};

// A response, or why there is none.
struct Result {
  std::optional<Response> response;
  std::string error;  // set when response is empty
  std::chrono::nanoseconds latency{};
};

// Explains an httplib error in the words a test author needs.
inline std::string DescribeError(httplib::Error error, std::chrono::milliseconds timeout) {
  switch (error) {
    case httplib::Error::Connection:
      return "connection refused or host unreachable";
    case httplib::Error::ConnectionTimeout:
      return "connection not established within " + detail::ExactDurationText(timeout);
    case httplib::Error::Read:
      return "no complete response within " + detail::ExactDurationText(timeout) +
             " (the server closed the connection or did not answer)";
    case httplib::Error::Write:
      return "could not send the request (connection closed while writing)";
    case httplib::Error::Canceled:
      return "request cancelled";
    default:
      return "request failed: " + httplib::to_string(error);
  }
}

class ClientPool {
 public:
  // Upper bound on idle connections kept per endpoint; more may be open while in use.
  static constexpr std::size_t kMaxIdlePerEndpoint = 256;

  Result Send(const Endpoint& endpoint, const Request& request,
                  std::chrono::milliseconds timeout) {
    auto client = Acquire(endpoint);
    client->set_connection_timeout(timeout);
    client->set_read_timeout(timeout);
    client->set_write_timeout(timeout);

    httplib::Request req;
    req.method = request.method;
    req.path = request.path;
    req.body = request.body;
    for (const auto& [name, value] : request.headers) req.headers.emplace(name, value);
    if (!request.body.empty() && req.headers.find("Content-Length") == req.headers.end()) {
      req.headers.emplace("Content-Length", std::to_string(request.body.size()));
    }

    Result result;
    const auto started = std::chrono::steady_clock::now();
    httplib::Response res;
    httplib::Error error = httplib::Error::Success;
    const bool ok = client->send(req, res, error);
    result.latency = std::chrono::steady_clock::now() - started;
    if (ok) {
      Response response;
      response.status = res.status;
      response.body = std::move(res.body);
      for (auto& [name, value] : res.headers) response.headers.emplace_back(name, value);
      result.response = std::move(response);
      Release(endpoint, std::move(client));
    } else {
      // A client whose request failed may hold a broken socket: drop it.
      result.error = DescribeError(error, timeout);
    }
    return result;
  }

 private:
  std::unique_ptr<httplib::Client> Acquire(const Endpoint& endpoint) {
    {
      std::lock_guard lock(mutex_);
      auto& idle = idle_[endpoint.ToString()];
      if (!idle.empty()) {
        auto client = std::move(idle.back());
        idle.pop_back();
        return client;
      }
    }
    auto client = std::make_unique<httplib::Client>(endpoint.host, endpoint.port);
    client->set_keep_alive(true);
    client->set_follow_location(false);
    client->set_tcp_nodelay(true);
    return client;
  }

  void Release(const Endpoint& endpoint, std::unique_ptr<httplib::Client> client) {
    std::lock_guard lock(mutex_);
    auto& idle = idle_[endpoint.ToString()];
    if (idle.size() < kMaxIdlePerEndpoint) idle.push_back(std::move(client));
  }

  std::mutex mutex_;
  std::map<std::string, std::vector<std::unique_ptr<httplib::Client>>> idle_;
};

}  // namespace attest::http
