// The stages attest_discover_stages registers as ctest tests (see CMakeLists.txt). Each
// runs in its own process against a fresh server, so each stands on its own.
#include <attest/attest.hpp>
#include <attest/runner/registry.hpp>

using namespace attest;

namespace {

Suite PutGet() {
  return New(WithCluster(1))
      .Test("PUT Stores Values", [](Do& d) { d.PUT(Node("n1"), "/kv/key", "value").Status(Is(200)).Run(); })
      .Test("GET Returns Stored Values",
            [](Do& d) { d.GET(Node("n1"), "/kv/key").Status(Is(200)).Body(Is("value")).Run(); });
}

Suite MissingKeys() {
  return New(WithCluster(1)).Test("Missing Keys Return 404", [](Do& d) {
    d.GET(Node("n1"), "/kv/missing").Status(Is(404)).Body(Is("key not found")).Run();
  });
}

Suite Counter() {
  return New(WithCluster(1)).Test("POST Counts", [](Do& d) {
    d.POST(Node("n1"), "/counter").Status(Is(200)).JSON("value", Is(1)).Run();
  });
}

}  // namespace

ATTEST_REGISTER_CHALLENGE(discovered) {
  Challenge challenge{.name = "Discovered Stages",
                      .summary = "Each stage is its own ctest test (attest_discover_stages)."};
  challenge.AddStage("put-get", "Store and Retrieve Data", PutGet);
  challenge.AddStage("missing-keys", "Missing Keys Return 404", MissingKeys);
  challenge.AddStage("counter", "Count Requests", Counter);
  RegisterChallenge("kv", std::move(challenge));
}
