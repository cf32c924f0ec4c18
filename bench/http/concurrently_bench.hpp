// Part (b): Concurrently's throughput for many PUTs next to the best a plain keep-alive
// cpp-httplib loop does with the same threads and the same requests.
#pragma once

#include <vector>

#include "attest/report/results.hpp"
#include "bench_options.hpp"
#include "bench_server.hpp"
#include "sample_stats.hpp"

namespace attest::bench {

struct ThroughputFigures {
  std::chrono::nanoseconds wall{};  // first request sent to last answer checked
  SampleSummary latency;            // per request, as the caller sees it
  std::chrono::nanoseconds cpu{};   // caller-thread CPU summed over requests (server excluded)
  double RequestsPerSecond(int requests) const {
    return static_cast<double>(requests) / std::chrono::duration<double>(wall).count();
  }
  std::chrono::nanoseconds CpuPerRequest(int requests) const { return cpu / requests; }
};

struct ConcurrentlyFigures {
  ThroughputFigures plain;     // best round of the plain loop
  ThroughputFigures attest;    // best round of d.Concurrently
  std::vector<LatencyRow> attest_report;  // attest's own latency row for that round
};

// Rounds of both sides alternate on one server; throws RequestFailed on any failure.
ConcurrentlyFigures MeasureConcurrently(const BenchServer& server, const BenchOptions& options);

void PrintConcurrentlyFigures(const ConcurrentlyFigures& figures, const BenchOptions& options);

}  // namespace attest::bench
