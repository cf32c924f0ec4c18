// Stage 3: acknowledged writes survive a crash (SIGKILL): the process gets no chance to
// flush anything, so whatever it answered 200 for must already be on its way to disk.
// Needs nodes that attest starts itself (WithBinary, --binary).
#include <csignal>
#include <string>

#include "stages.hpp"

namespace kvstore {

using namespace attest;
using namespace std::chrono_literals;

// docs/node-manager.md quotes this region exactly (a test checks it): clang-format
// leaves it as written.
// clang-format off
// [crash-recovery-suite]
Suite CrashRecovery() {
  return New(WithCluster(1))
      // 1
      .Test("Acknowledged Writes Survive SIGKILL", [](Do& d) {
        d.PUT(Node("n1"), "/kv/crash", "acknowledged").Status(Is(200)).Run();
        d.Restart("n1", SIGKILL);
        d.GET(Node("n1"), "/kv/crash")
            .Eventually(5s)
            .Status(Is(200))
            .Body(Is("acknowledged"))
            .Hint("Write each value to $DATA_DIR before answering the PUT: a process killed with "
                  "SIGKILL cannot flush what it kept in memory.")
            .Run();
      })
      // 2
      .Test("Repeated Crashes Lose Nothing", [](Do& d) {
        for (int round = 1; round <= 3; ++round) {
          d.PUT(Node("n1"), "/kv/round" + std::to_string(round), "v" + std::to_string(round)).Status(Is(200)).Run();
          d.Kill("n1");
          d.Start("n1");
          for (int seen = 1; seen <= round; ++seen) {
            d.GET(Node("n1"), "/kv/round" + std::to_string(seen))
                .Status(Is(200))
                .Body(Is("v" + std::to_string(seen)))
                .Hint("Every write acknowledged before a crash must still be there after it.")
                .Run();
          }
        }
      });
}
// [/crash-recovery-suite]
// clang-format on

}  // namespace kvstore
