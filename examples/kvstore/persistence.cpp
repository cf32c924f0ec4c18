// Stage 2: data survives a graceful restart (SIGTERM). Needs nodes that attest starts
// and stops itself (WithBinary, --binary); against --endpoints it reports that it
// cannot restart them.
#include <string>

#include "stages.hpp"

namespace kvstore {

using namespace attest;
using namespace std::chrono_literals;

// [persistence-suite]
Suite Persistence() {
  return New(WithCluster(1), WithNodeShutdownTimeout(10s))
      // 1
      .Test("Data Survives SIGTERM", [](Do& d) {
        d.PUT(Node("n1"), "/kv/durable", "still here").Status(Is(200)).Run();
        d.Restart("n1");
        d.GET(Node("n1"), "/kv/durable")
            .Eventually(5s)
            .Status(Is(200))
            .Body(Is("still here"))
            .Hint("Write your data to $DATA_DIR before answering a PUT, and load it at start-up.")
            .Run();
      });
}
// [/persistence-suite]

}  // namespace kvstore
