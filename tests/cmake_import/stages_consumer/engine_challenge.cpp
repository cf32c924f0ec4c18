// A challenge whose only stage needs what this machine lacks: its node backend reports
// attest::Unavailable, as the Docker backend does without an engine. The runner exits 77
// and ctest, told SKIP_RETURN_CODE 77 by attest_discover_stages, reports a skip.
#include <memory>

#include <attest/attest.hpp>
#include <attest/cluster/backends.hpp>

using namespace attest;

namespace {

[[maybe_unused]] const bool kRegistered = RegisterClusterBackend(
    ClusterBackend{"unavailable-here", [](const SuiteConfig&) -> std::unique_ptr<Cluster> {
                     throw Unavailable("no engine answers here (the consumer's stand-in for Docker)");
                   }});

Suite NeedsEngine() {
  return New(WithCluster(1), WithBackend("unavailable-here")).Test("Never Runs", [](Do& d) {
    d.GET(Node("n1"), "/").Status(Is(200)).Run();
  });
}

}  // namespace

ATTEST_REGISTER_CHALLENGE(machine) {
  Challenge challenge{.name = "Machine", .summary = ""};
  challenge.AddStage("needs-engine", "Needs An Engine", NeedsEngine);
  RegisterChallenge("machine", std::move(challenge));
}

int main(int argc, char** argv) { return Main(argc, argv); }
