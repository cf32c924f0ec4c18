// The latency recorder behind Concurrently's table: percentiles per node, and the count
// of requests in the delayed-ACK band that the report points out.
#include <chrono>
#include <thread>
#include <vector>

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

TEST_CASE("LatencyRecorder: a worker's ThreadBuffer holds its samples until it ends", "[dsl][latency]") {
  LatencyRecorder recorder;
  {
    LatencyRecorder::ThreadBuffer buffer(recorder);
    recorder.Record("n1", 1ms);
    recorder.Record("n2", 2ms);
    recorder.Record("n1", 3ms);
    CHECK(recorder.TakeRows().empty());  // not handed over yet
  }
  const auto rows = recorder.TakeRows();
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].node == "n1");
  CHECK(rows[0].requests == 2);
  CHECK(rows[0].max == 3ms);
  CHECK(rows[1].node == "n2");
  CHECK(rows[1].requests == 1);
}

TEST_CASE("LatencyRecorder: buffers nest, belong to one recorder and one thread", "[dsl][latency]") {
  LatencyRecorder outer_recorder;
  LatencyRecorder other_recorder;
  {
    LatencyRecorder::ThreadBuffer outer(outer_recorder);
    {
      LatencyRecorder::ThreadBuffer inner(outer_recorder);  // a Concurrently inside a Concurrently
      outer_recorder.Record("n1", 1ms);
    }
    CHECK(outer_recorder.TakeRows().size() == 1);  // the inner one handed over when it ended
    other_recorder.Record("n1", 2ms);              // another recorder's samples go straight in
    CHECK(other_recorder.TakeRows().size() == 1);
    // A thread without a buffer (a multi-node check's helper) records straight away.
    std::thread([&] { outer_recorder.Record("n3", 3ms); }).join();
    CHECK(outer_recorder.TakeRows().size() == 1);
    outer_recorder.Record("n2", 4ms);
  }
  const auto rows = outer_recorder.TakeRows();
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].node == "n2");
}

TEST_CASE("LatencyRecorder: several workers' buffers add up", "[dsl][latency]") {
  LatencyRecorder recorder;
  {
    std::vector<std::jthread> workers;
    for (int t = 0; t < 4; ++t) {
      workers.emplace_back([&recorder] {
        LatencyRecorder::ThreadBuffer buffer(recorder);
        for (int i = 0; i < 250; ++i) recorder.Record("n1", 1ms);
      });
    }
  }
  const auto rows = recorder.TakeRows();
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].requests == 1000);
}
