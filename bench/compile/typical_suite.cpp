// A typical challenge stage, as a user writes one: the file bench/compile measures.
// It uses what stage files use: selectors, JSON paths, typed matchers, Eventually and
// Consistently, Fetch, Concurrently and node lifecycle.
#include <attest/attest.hpp>

#include <string>

using namespace attest;
using namespace std::chrono_literals;

Suite Election() {
  return New(WithCluster(3), WithRetryTimeout(10s))
      // 1
      .Test("Exactly One Leader",
            [](Do& d) {
              d.GET(d.ExactlyOneNode(), "/cluster/info")
                  .Eventually(5s)
                  .Status(200)
                  .JSON("role", Is("leader"))
                  .Hint("Start an election when the election timeout passes without a heartbeat.")
                  .Run();
            })
      // 2
      .Test(
          "Terms Agree",
          [](Do& d) {
            d.GET(d.AllNodes(), "/cluster/info").JSON("term", GreaterThan(0)).JSON("peers", HasLen(2)).Run();
          })
      // 3
      .Test("Followers Redirect Writes",
            [](Do& d) {
              std::string leader;
              for (const auto& node : d.Nodes()) {
                auto info = d.Fetch(node, "/cluster/info");
                if (info && info->JSON("role") == "leader") leader = node;
              }
              d.PUT(d.ExceptNodes(leader), "/kv/key", "value")
                  .Status(Is(307))
                  .Header("Location", Matches(R"(^http://10\.0\.42\.\d+:\d+/kv/key$)"))
                  .Run();
            })
      // 4
      .Test("A New Leader After A Crash",
            [](Do& d) {
              const auto leaders = d.Names(d.AtLeastOneNode());
              d.Kill(leaders.front());
              d.GET(d.ExactlyOneNode(d.Names(d.ExceptNodes(leaders.front()))), "/cluster/info")
                  .Eventually()
                  .JSON("role", OneOf("leader", "candidate"))
                  .Run();
              d.Restart(leaders.front());
            })
      // 5
      .Test("Concurrent Writes", [](Do& d) {
        d.Concurrently(100, [&](int i) {
          d.PUT(Node("n1"), "/kv/key" + std::to_string(i), "value" + std::to_string(i)).Status(200).Run();
        });
        d.GET(d.AllNodes(), "/kv/key7").Consistently(2s).Body(Not(Contains("error"))).Run();
      });
}
