// A challenge program with its system under test inside, for attest_discover_stages:
// main starts the key-value server of tests/support on loopback and hands attest::Main
// its command line with "@SERVER@" replaced by that server's address. CMakeLists.txt
// registers every stage as a ctest test with ARGS --endpoints n1=@SERVER@: if those
// arguments did not reach the run, the stages would have no node and fail.
#include <string>
#include <vector>

#include <attest/attest.hpp>

#include "support/kv_server.hpp"

int main(int argc, char** argv) {
  attest_test::KvServer server;
  const std::string address = server.Endpoints().substr(std::string("n1=").size());
  std::vector<std::string> args(argv, argv + argc);
  for (std::string& arg : args) {
    for (auto at = arg.find("@SERVER@"); at != std::string::npos; at = arg.find("@SERVER@")) {
      arg.replace(at, std::string("@SERVER@").size(), address);
    }
  }
  std::vector<char*> pointers;
  for (std::string& arg : args) pointers.push_back(arg.data());
  pointers.push_back(nullptr);
  return attest::Main(argc, pointers.data());
}
