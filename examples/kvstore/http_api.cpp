// Stage 1: store and retrieve data over HTTP.
#include <string>

#include "stages.hpp"

namespace kvstore {

using namespace attest;
using namespace std::chrono_literals;

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
            [](Do& d) {
              d.GET(Node("n1"), "/kv/key")
                  .Status(Is(200))
                  .Body(Is("value"))
                  .Hint("GET /kv/{key} should return the value stored by the preceding PUT.")
                  .Run();
            })
      // 3
      .Test("Overwrites Replace Values",
            [](Do& d) {
              d.PUT(Node("n1"), "/kv/key", "second").Status(Is(200)).Run();
              d.GET(Node("n1"), "/kv/key")
                  .Status(Is(200))
                  .Body(Is("second"))
                  .Hint("A PUT to an existing key replaces its value.")
                  .Run();
            })
      // 4
      .Test("Missing Keys Return 404",
            [](Do& d) {
              d.GET(Node("n1"), "/kv/missing")
                  .Status(Is(404))
                  .Body(Matches("^key not found\n?$"))
                  .Hint("Return 404 with 'key not found' for keys that were never stored.")
                  .Run();
            })
      // 5
      .Test("Empty Keys Are Rejected",
            [](Do& d) {
              d.PUT(Node("n1"), "/kv/", "value")
                  .Status(Is(400))
                  .Body(Matches("^key cannot be empty\n?$"))
                  .Hint(
                      "Your server should reject empty keys.\nAdd validation to return 400 Bad Request for "
                      "empty keys.")
                  .Run();
            })
      // 6
      .Test("DELETE Removes Keys",
            [](Do& d) {
              d.DELETE(Node("n1"), "/kv/key").Status(Is(200)).Run();
              d.GET(Node("n1"), "/kv/key").Status(Is(404)).Hint("After DELETE, GET must return 404.").Run();
            })
      // 7
      .Test("Concurrent Writes Are All Stored", [](Do& d) {
        d.Concurrently(200, [&](int i) {
          d.PUT(Node("n1"), "/kv/key" + std::to_string(i), "value" + std::to_string(i))
              .Status(Is(200))
              .Hint("Your server should handle concurrent PUT requests.")
              .Run();
        });
        d.Concurrently(200, [&](int i) {
          d.GET(Node("n1"), "/kv/key" + std::to_string(i))
              .Status(Is(200))
              .Body(Is("value" + std::to_string(i)))
              .Run();
        });
      });
}

}  // namespace kvstore
