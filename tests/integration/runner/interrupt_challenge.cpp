// A challenge whose first stage waits far longer than any test should, so that an
// interrupt is the only way it ends quickly.
#include <attest/attest.hpp>

using namespace attest;
using namespace std::chrono_literals;

namespace {

Suite WaitsForever() {
  return New(WithCluster(1)).Test("Waits For A Value That Never Comes", [](Do& d) {
    d.GET(Node("n1"), "/never").Eventually(120s).Body(Is("yes")).Run();
  });
}

Suite NeverStarts() {
  return New(WithCluster(1)).Test("Would Run After", [](Do& d) {
    d.GET(Node("n1"), "/never").Status(Is(200)).Run();
  });
}

}  // namespace

ATTEST_REGISTER_CHALLENGE(interrupt) {
  Challenge challenge{.name = "Interrupt", .summary = "Stops on SIGINT."};
  challenge.AddStage("waits", "Waits Forever", WaitsForever);
  challenge.AddStage("after", "Never Starts", NeverStarts);
  RegisterChallenge("interrupt", std::move(challenge));
}
