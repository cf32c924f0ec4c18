// A challenge with a stage this machine cannot run: its suite asks for the node backend
// "unavailable-here", which says, as the Docker backend does without an engine, that what
// it needs is missing (attest::Unavailable). The other stages run against the server
// whose address the test sets in SkipTestServerAddress(), and a twelfth stage makes the
// --list numbers reach two digits.
#include <memory>
#include <string>

#include <attest/attest.hpp>
#include <attest/cluster/backends.hpp>
#include <attest/runner/registry.hpp>

#include "skip_challenge.hpp"

using namespace attest;

std::string& SkipTestServerAddress() {
  static std::string address;
  return address;
}

namespace {

[[maybe_unused]] const bool kBackendRegistered = RegisterClusterBackend(
    ClusterBackend{"unavailable-here", [](const SuiteConfig&) -> std::unique_ptr<Cluster> {
                     throw Unavailable("no engine answers on this machine (the test's stand-in for Docker)");
                   }});

Suite NeedsEngine() {
  return New(WithCluster(1), WithBackend("unavailable-here")).Test("Never Runs", [](Do& d) {
    d.GET(Node("n1"), "/kv/a").Status(Is(200)).Run();
  });
}

Suite Passes() {
  return New(WithEndpoints({{"n1", SkipTestServerAddress()}})).Test("Missing Keys Return 404", [](Do& d) {
    d.GET(Node("n1"), "/kv/missing").Status(Is(404)).Run();
  });
}

Suite Fails() {
  return New(WithEndpoints({{"n1", SkipTestServerAddress()}})).Test("Missing Keys Return 200", [](Do& d) {
    d.GET(Node("n1"), "/kv/missing").Status(Is(200)).Run();
  });
}

}  // namespace

ATTEST_REGISTER_CHALLENGE(machine) {
  Challenge challenge{.name = "Machine", .summary = ""};
  challenge.AddStage("needs-engine", "Needs An Engine", NeedsEngine);
  challenge.AddStage("passes", "Passes", Passes);
  challenge.AddStage("fails", "Fails", Fails);
  for (int i = 4; i <= 12; ++i) {
    challenge.AddStage("extra-" + std::to_string(i), "Extra " + std::to_string(i), Passes);
  }
  RegisterChallenge("machine", std::move(challenge));
}
