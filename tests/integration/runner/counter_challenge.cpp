// Second translation unit registering a challenge, with a stage whose suite cannot be
// built (an invalid option), which the runner must report as a failed stage.
#include <attest/attest.hpp>
#include <attest/runner/main.hpp>  // a second TU with Main: a missing `inline` fails the link
#include <attest/runner/registry.hpp>

using namespace attest;

namespace {

Suite Increment() {
  return New(WithCluster(1))
      .Test("POST Increments",
            [](Do& d) { d.POST(Node("n1"), "/counter").Status(Is(200)).JSON("value", Is(1)).Run(); })
      .Test("GET Reads The Counter",
            [](Do& d) { d.GET(Node("n1"), "/counter").JSON("value", GreaterThan(0)).Run(); });
}

Suite BadDefinition() { return New(WithCluster(0)); }

}  // namespace

ATTEST_REGISTER_CHALLENGE(counter) {
  Challenge challenge{.name = "Counter", .summary = "A counter.\nIt only goes up."};
  challenge.AddStage("increment", "Increment", Increment);
  challenge.AddStage("bad-definition", "A Suite With An Invalid Option", BadDefinition);
  RegisterChallenge("counter", std::move(challenge));
}
