// The only challenge of the single-challenge runner program.
#include <attest/attest.hpp>
#include <attest/runner/registry.hpp>

using namespace attest;

namespace {

Suite Store() {
  return New(WithCluster(1)).Test("PUT Stores Values", [](Do& d) {
    d.PUT(Node("n1"), "/kv/a", "1").Status(Is(200)).Run();
  });
}

Suite Read() {
  return New(WithCluster(1)).Test("GET Returns Stored Values", [](Do& d) {
    d.GET(Node("n1"), "/kv/a").Status(Is(200)).Body(Is("1")).Run();
  });
}

}  // namespace

ATTEST_REGISTER_CHALLENGE(only) {
  Challenge challenge{.name = "Only One", .summary = ""};
  challenge.AddStage("store", "Store", Store);
  challenge.AddStage("read", "Read", Read);
  RegisterChallenge("only", std::move(challenge));
}
