// First translation unit registering a challenge: a key-value store in three stages.
// "delete" fails against the test server (it has no DELETE), which is how the tests
// see the runner stop at a failing stage.
#include <attest/attest.hpp>
#include <attest/runner/registry.hpp>

using namespace attest;

namespace {

Suite HTTPAPI() {
  return New(WithCluster(1))
      // 1
      .Test("PUT Stores Values",
            [](Do& d) {
              d.PUT(Node("n1"), "/kv/key", "value")
                  .Status(Is(200))
                  .Hint("Check that your HTTP handler registers PUT /kv/{key} and returns 200.")
                  .Run();
            })
      // 2
      .Test("GET Returns Stored Values",
            [](Do& d) { d.GET(Node("n1"), "/kv/key").Status(Is(200)).Body(Is("value")).Run(); });
}

Suite Delete() {
  return New(WithCluster(1))
      // 1
      .Test("DELETE Removes Values",
            [](Do& d) {
              d.DELETE(Node("n1"), "/kv/key").Status(Is(200)).Hint("Register DELETE /kv/{key}.").Run();
            })
      // 2
      .Test("GET After DELETE Returns 404",
            [](Do& d) { d.GET(Node("n1"), "/kv/key").Status(Is(404)).Run(); });
}

Suite MissingKeys() {
  return New(WithCluster(1)).Test("Missing Keys Return 404", [](Do& d) {
    d.GET(Node("n1"), "/kv/missing").Status(Is(404)).Body(Is("key not found")).Run();
  });
}

}  // namespace

ATTEST_REGISTER_CHALLENGE(kvstore) {
  Challenge challenge{.name = "Distributed Key-Value Store",
                      .summary = "Build a distributed key-value store from scratch."};
  challenge.AddStage("http-api", "Store and Retrieve Data", HTTPAPI);
  challenge.AddStage("delete", "Delete Keys", Delete);
  challenge.AddStage("missing-keys", "Missing Keys Return 404", MissingKeys);
  RegisterChallenge("kv-store", std::move(challenge));
}
