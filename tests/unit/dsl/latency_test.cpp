// The latency recorder behind Concurrently's table: percentiles per node, and the count
// of requests in the delayed-ACK band that the report points out.
#include <chrono>

#include "attest/dsl/detail/latency.hpp"
#include "support/catch.hpp"

using namespace std::chrono_literals;
using attest::detail::LatencyRecorder;

TEST_CASE("LatencyRecorder summarises each node with nearest-rank percentiles and forgets after",
          "[dsl][latency]") {
  LatencyRecorder recorder;
  for (int i = 1; i <= 100; ++i) recorder.Record("n2", std::chrono::microseconds(i));
  recorder.Record("n1", 5ms);
  auto rows = recorder.TakeRows();
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].node == "n1");
  CHECK(rows[0].requests == 1);
  CHECK(rows[0].p50 == 5ms);
  CHECK(rows[1].node == "n2");
  CHECK(rows[1].p50 == 50us);
  CHECK(rows[1].p95 == 95us);
  CHECK(rows[1].p99 == 99us);
  CHECK(rows[1].max == 100us);
  CHECK(recorder.TakeRows().empty());
}

TEST_CASE("LatencyRecorder counts the requests that took 38 to 50ms, the delayed-ACK band",
          "[dsl][latency]") {
  LatencyRecorder recorder;
  for (auto latency : {37ms, 38ms, 40ms, 41ms, 44ms, 50ms, 51ms}) recorder.Record("n1", latency);
  recorder.Record("n1", 300us);
  const auto rows = recorder.TakeRows();
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].requests == 8);
  CHECK(rows[0].delayed_ack_requests == 5);
}
