// Requests, modifiers and transport errors against real loopback servers.
#include <poll.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "attest/attest.hpp"
#include "attest/testing/server.hpp"
#include "support/catch.hpp"
#include "support/run_helpers.hpp"

using namespace attest;
using namespace std::chrono_literals;
using attest::testing::FailureText;
using attest::testing::RunOne;
using attest::testing::Says;
using attest::testing::TestServer;

namespace {

// A small key-value store: PUT /kv/{key} stores the body, GET returns it.
struct KvServer {
  TestServer server;
  std::mutex mutex;
  std::map<std::string, std::string> data;
  std::string last_method, last_body, last_header;

  KvServer() {
    auto remember = [this](const httplib::Request& req) {
      std::lock_guard lock(mutex);
      last_method = req.method;
      last_body = req.body;
      last_header = req.get_header_value("X-Test");
    };
    auto store = [this, remember](const httplib::Request& req, httplib::Response& res) {
      remember(req);
      std::lock_guard lock(mutex);
      data[req.matches[1]] = req.body;
      res.set_content("ok", "text/plain");
    };
    server.Http().Put(R"(/kv/(.*))", store);
    server.Http().Post(R"(/kv/(.*))", store);
    server.Http().Patch(R"(/kv/(.*))", store);
    server.Http().Get(R"(/kv/(.*))", [this, remember](const httplib::Request& req, httplib::Response& res) {
      remember(req);
      std::lock_guard lock(mutex);
      auto it = data.find(req.matches[1]);
      if (it == data.end()) {
        res.status = 404;
        res.set_content("key not found\n", "text/plain");
      } else {
        res.set_content(it->second, "text/plain");
      }
    });
    server.Http().Delete(R"(/kv/(.*))",
                         [this, remember](const httplib::Request& req, httplib::Response& res) {
                           remember(req);
                           std::lock_guard lock(mutex);
                           res.status = data.erase(req.matches[1]) ? 200 : 404;
                         });
    server.Http().Get("/cluster/info", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(R"({"role":"leader","term":12,"leader":null,"peers":["n2","n3"],)"
                      R"("entries":[{"term":1,"index":1},{"term":3,"index":2}],"a.b":"dotted"})",
                      "application/json");
    });
    server.Http().Put("/redirect", [](const httplib::Request&, httplib::Response& res) {
      res.status = 307;
      res.set_header("Location", "http://10.0.42.3:8080/kv/foo");
    });
    server.Http().Get("/text", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("not json at all", "text/plain");
    });
    server.Start();
  }

  attest::testing::Endpoints Endpoints() { return {{"n1", server.Address()}}; }
};

}  // namespace

TEST_CASE("each method reaches the server with its body and headers", "[requests]") {
  KvServer kv;
  for (std::string method : {"PUT", "POST", "PATCH"}) {
    auto result = RunOne(kv.Endpoints(), [&](Do& d) {
      auto check = method == "PUT"    ? d.PUT(Node("n1"), "/kv/k", "v-" + method, H{{"X-Test", method}})
                   : method == "POST" ? d.POST(Node("n1"), "/kv/k", "v-" + method, H{{"X-Test", method}})
                                      : d.PATCH(Node("n1"), "/kv/k", "v-" + method, H{{"X-Test", method}});
      std::move(check).Status(Is(200)).Body(Is("ok")).Run();
    });
    INFO(FailureText(result));
    REQUIRE(result.passed);
    CHECK(kv.last_method == method);
    CHECK(kv.last_body == "v-" + method);
    CHECK(kv.last_header == method);
  }
  auto result = RunOne(kv.Endpoints(), [](Do& d) {
    d.GET(Node("n1"), "/kv/k").Status(Is(200)).Body(Is("v-PATCH")).Run();
    d.DELETE(Node("n1"), "/kv/k").Status(Is(200)).Run();
    d.GET(Node("n1"), "/kv/k").Status(Is(404)).Body(Matches("^key not found\n?$")).Run();
  });
  INFO(FailureText(result));
  CHECK(result.passed);
  CHECK(kv.last_method == "GET");
}

TEST_CASE("JSON paths, headers and several matchers in one modifier", "[requests]") {
  KvServer kv;
  auto result = RunOne(kv.Endpoints(), [](Do& d) {
    d.GET(Node("n1"), "/cluster/info")
        .Status(Is(200), Not(Is(404)))
        .JSON("role", Is("leader"))
        .JSON("term", GreaterThan(3), LessThan("100"), Is("12"))
        .JSON("leader", IsNull<std::string>())
        .JSON("missing", IsNull())
        .JSON("peers", HasLen<std::string>(2))
        .JSON("peers.#", Is(2))
        .JSON("entries.1.term", Is(3))
        .JSON("a\\.b", Is("dotted"))
        .Header("content-type", Contains("application/json"))
        .Header("X-Absent", IsNull())
        .Run();
  });
  INFO(FailureText(result));
  CHECK(result.passed);
}

TEST_CASE("redirects are not followed: the 307 and its Location are what the test sees", "[requests]") {
  KvServer kv;
  auto result = RunOne(kv.Endpoints(), [](Do& d) {
    d.PUT(Node("n1"), "/redirect", "value")
        .Status(Is(307))
        .Header("Location", Matches(R"(^http://10\.0\.42\.\d+:\d+/kv/foo$)"))
        .Run();
  });
  INFO(FailureText(result));
  CHECK(result.passed);
}

TEST_CASE("a failing status names the request, node, expected and actual, body and hint", "[requests]") {
  KvServer kv;
  auto result = RunOne(kv.Endpoints(), [](Do& d) {
    d.GET(Node("n1"), "/kv/nothing").Status(Is(200)).Hint("Store the key first.").Run();
  });
  REQUIRE_FALSE(result.passed);
  const auto text = FailureText(result);
  CHECK_THAT(text, Says("GET /kv/nothing"));
  CHECK_THAT(text, Says("GET http://" + kv.server.Address() + "/kv/nothing"));
  CHECK_THAT(text, Says("status: expected 200, got 404"));
  CHECK_THAT(text, Says("key not found"));
  CHECK_THAT(text, Says("Store the key first."));
  CHECK_THAT(text, Says("requests_test.cpp:"));
}

TEST_CASE("a JSON path that is missing is named in the failure", "[requests]") {
  KvServer kv;
  auto result = RunOne(kv.Endpoints(), [](Do& d) {
    d.GET(Node("n1"), "/cluster/info").JSON("entries.5.term", GreaterThan(0)).Run();
  });
  REQUIRE_FALSE(result.passed);
  CHECK_THAT(FailureText(result),
             Says("json entries.5.term: expected > 0, but the path entries.5.term does not exist"));
}

TEST_CASE("a body that is not JSON under .JSON is a failure that says so", "[requests]") {
  KvServer kv;
  auto result =
      RunOne(kv.Endpoints(), [](Do& d) { d.GET(Node("n1"), "/text").JSON("role", Is("leader")).Run(); });
  REQUIRE_FALSE(result.passed);
  CHECK_THAT(FailureText(result), Says("json role: the body is not JSON"));
}

TEST_CASE("a missing header fails with the header named", "[requests]") {
  KvServer kv;
  auto result = RunOne(kv.Endpoints(),
                       [](Do& d) { d.GET(Node("n1"), "/text").Header("Location", Contains("x")).Run(); });
  REQUIRE_FALSE(result.passed);
  CHECK_THAT(FailureText(result), Says("the response has no Location header"));
}

TEST_CASE("connection refused is reported as such, without waiting for the timeout", "[requests][errors]") {
  const auto endpoint = "127.0.0.1:" + std::to_string(attest::testing::UnusedPort());
  const auto started = std::chrono::steady_clock::now();
  auto result = RunOne({{"n1", endpoint}}, [](Do& d) { d.GET(Node("n1"), "/health").Status(Is(200)).Run(); });
  REQUIRE_FALSE(result.passed);
  CHECK(std::chrono::steady_clock::now() - started < 2s);
  CHECK_THAT(FailureText(result), Says("error: connection refused"));
  CHECK_THAT(FailureText(result), Says("GET http://" + endpoint + "/health"));
}

TEST_CASE("a slow server runs into WithRequestTimeout", "[requests][errors]") {
  TestServer slow;
  slow.Http().Get("/slow", [](const httplib::Request&, httplib::Response& res) {
    std::this_thread::sleep_for(1500ms);
    res.set_content("late", "text/plain");
  });
  slow.Start();
  const auto started = std::chrono::steady_clock::now();
  auto result =
      RunOne({{"n1", slow.Address()}}, [](Do& d) { d.GET(Node("n1"), "/slow").Status(Is(200)).Run(); },
             {WithRequestTimeout(300ms)});
  const auto elapsed = std::chrono::steady_clock::now() - started;
  REQUIRE_FALSE(result.passed);
  CHECK(elapsed < 1400ms);
  CHECK_THAT(FailureText(result),
             Says("no response within 300ms (new connection, request sent, no response byte received)"));
}

TEST_CASE("a server that closes the connection without answering is a failure", "[requests][errors]") {
  // A raw listening socket that accepts and closes at once.
  const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  REQUIRE(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  REQUIRE(::listen(listener, 16) == 0);
  REQUIRE(::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) == 0);
  std::atomic<bool> done{false};
  std::thread closer([&] {
    while (!done) {
      pollfd p{listener, POLLIN, 0};
      if (::poll(&p, 1, 20) > 0) {
        const int fd = ::accept(listener, nullptr, nullptr);
        if (fd >= 0) ::close(fd);
      }
    }
  });
  const auto endpoint = "127.0.0.1:" + std::to_string(ntohs(address.sin_port));
  auto result = RunOne({{"n1", endpoint}}, [](Do& d) { d.GET(Node("n1"), "/").Status(Is(200)).Run(); });
  done = true;
  closer.join();
  ::close(listener);
  REQUIRE_FALSE(result.passed);
  CHECK_THAT(FailureText(result), Says("error: "));
}

TEST_CASE("Fetch reads state, and an unreachable node gives nullopt", "[requests][fetch]") {
  KvServer kv;
  const auto dead = "127.0.0.1:" + std::to_string(attest::testing::UnusedPort());
  auto result = RunOne({{"n1", kv.server.Address()}, {"n2", dead}}, [](Do& d) {
    auto info = d.Fetch("n1", "/cluster/info");
    REQUIRE(info.has_value());
    CHECK(info->Status == 200);
    CHECK(info->JSON("role") == "leader");
    CHECK(info->JSON("term") == "12");
    CHECK(info->JSON("entries.0.index") == "1");
    CHECK(info->JSON("nope").empty());
    CHECK(info->JSONValue("peers.#") == nlohmann::json(2));
    CHECK_FALSE(d.Fetch("n2", "/cluster/info").has_value());
    // A term read with Fetch feeds a typed comparison, as in the seed.
    d.GET(d.AllNodes("n1"), "/cluster/info")
        .JSON("term", Is(info->JSON("term")), GreaterThan("9"), Not(LessThan(info->JSON("term"))))
        .Run();
  });
  INFO(FailureText(result));
  CHECK(result.passed);
}

TEST_CASE("Fetch of an unknown node names the known ones", "[requests][fetch][errors]") {
  KvServer kv;
  auto result = RunOne(kv.Endpoints(), [](Do& d) { (void)d.Fetch("n9", "/"); });
  REQUIRE_FALSE(result.passed);
  CHECK_THAT(FailureText(result), Says("Fetch: unknown node \"n9\"; the cluster has [n1]"));
}

TEST_CASE("a large actual value is shortened in the mismatch line", "[requests]") {
  TestServer big;
  big.Http().Get("/big", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(50000, 'x'), "text/plain");
  });
  big.Start();
  auto result =
      RunOne({{"n1", big.Address()}}, [](Do& d) { d.GET(Node("n1"), "/big").Body(Is("small")).Run(); });
  REQUIRE_FALSE(result.passed);
  const auto text = FailureText(result);
  CHECK_THAT(text, Says("body: expected small, got " + std::string(200, 'x') + "... (50000 characters)"));
  CHECK(text.size() < 10000);
}
