// The demo challenge; ../stages_consumer.cmake adds a stage at the marker below and
// rebuilds, to see the new stage appear in ctest without re-running CMake.
#include <attest/attest.hpp>

using namespace attest;

namespace {

Suite Store() {
  return New(WithCluster(1))
      .Test("PUT Stores Values", [](Do& d) { d.PUT(Node("n1"), "/kv/key", "value").Status(Is(200)).Run(); })
      .Test("GET Returns Them",
            [](Do& d) { d.GET(Node("n1"), "/kv/key").Status(Is(200)).Body(Is("value")).Run(); });
}

Suite Delete() {
  return New(WithCluster(1)).Test("DELETE Removes Values", [](Do& d) {
    d.DELETE(Node("n1"), "/kv/key").Status(Is(200)).Run();
  });
}

[[maybe_unused]] Suite Missing() {
  return New(WithCluster(1)).Test("Missing Keys Return 404", [](Do& d) {
    d.GET(Node("n1"), "/kv/nothing").Status(Is(404)).Run();
  });
}

}  // namespace

ATTEST_REGISTER_CHALLENGE(demo) {
  Challenge challenge{.name = "Demo", .summary = "Stages as ctest tests."};
  challenge.AddStage("store", "Store and Retrieve; Twice [for luck]", Store);
  challenge.AddStage("delete", "Delete Keys", Delete);
  // @MORE_STAGES@
  RegisterChallenge("demo", std::move(challenge));
}
