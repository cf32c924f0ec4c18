// Part (b): Concurrently's throughput for many PUTs next to plain loops that send the
// same requests on the same number of threads, with attest's own client and with
// cpp-httplib's.
#pragma once

#include <string>
#include <vector>

#include "attest/report/results.hpp"
#include "bench_options.hpp"
#include "bench_server.hpp"
#include "sample_stats.hpp"

namespace attest::bench {

struct ThroughputFigures {
  int requests = 0;
  std::chrono::nanoseconds wall{};  // first request sent to last answer checked
  SampleSummary latency;            // per request, as the caller sees it
  std::chrono::nanoseconds cpu{};   // caller-thread CPU summed over requests (server excluded)
  double RequestsPerSecond() const {
    return static_cast<double>(requests) / std::chrono::duration<double>(wall).count();
  }
  std::chrono::nanoseconds CpuPerRequest() const { return cpu / requests; }
};

// One entry per round for each side; entry r of every side ran in round r, next to
// the others.
struct ConcurrentlyFigures {
  std::vector<ThroughputFigures> plain_attest;   // T threads sharing one attest::http::Client
  std::vector<ThroughputFigures> plain_httplib;  // T threads, one keep-alive httplib::Client each
  std::string httplib_failure;            // set when httplib's loop failed (then plain_httplib is empty)
  std::vector<ThroughputFigures> attest;  // d.Concurrently
  std::vector<std::vector<LatencyRow>> attest_reports;  // attest's own latency rows, per round
};

// Rounds of every side alternate on one server; throws RequestFailed on any failure.
ConcurrentlyFigures MeasureConcurrently(const BenchServer& server, const BenchOptions& options);

void PrintConcurrentlyFigures(const BenchServer& server, const ConcurrentlyFigures& figures,
                              const BenchOptions& options);

}  // namespace attest::bench
