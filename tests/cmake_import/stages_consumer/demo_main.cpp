// The demo challenge program: its system under test (a tiny key-value server on
// loopback) runs inside it, and "@SERVER@" in the command line becomes that server's
// address before attest::Main reads it. ctest passes --endpoints n1=@SERVER@ (ARGS of
// attest_discover_stages); without it the stages have no node.
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <attest/attest.hpp>
#include <attest/testing/server.hpp>

int main(int argc, char** argv) {
  // PROPERTIES ENVIRONMENT "CONSUMER_A=1;CONSUMER_B=2" must arrive as two variables.
  const char* a = std::getenv("CONSUMER_A");
  const char* b = std::getenv("CONSUMER_B");
  const bool listing = argc > 1 && std::string(argv[1]) == "--list-stages";
  if (!listing && (a == nullptr || b == nullptr || std::string(a) != "1" || std::string(b) != "2")) {
    return 3;
  }

  std::mutex mutex;
  std::map<std::string, std::string> values;
  attest::testing::TestServer server;
  server.Http().Put(R"(/kv/(.+))", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mutex);
    values[req.matches[1]] = req.body;
    res.set_content("stored", "text/plain");
  });
  server.Http().Get(R"(/kv/(.+))", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mutex);
    const auto found = values.find(req.matches[1]);
    if (found == values.end()) {
      res.status = 404;
      res.set_content("key not found", "text/plain");
    } else {
      res.set_content(found->second, "text/plain");
    }
  });
  server.Start();

  std::vector<std::string> args(argv, argv + argc);
  for (std::string& arg : args) {
    for (auto at = arg.find("@SERVER@"); at != std::string::npos; at = arg.find("@SERVER@")) {
      arg.replace(at, std::string("@SERVER@").size(), server.Address());
    }
  }
  std::vector<char*> pointers;
  for (std::string& arg : args) pointers.push_back(arg.data());
  pointers.push_back(nullptr);
  return attest::Main(argc, pointers.data());
}
