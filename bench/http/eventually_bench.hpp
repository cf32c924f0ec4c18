// Part (a): what an Eventually check whose condition already holds costs, next to one
// bare keep-alive GET to the same server by attest's own client and by cpp-httplib's.
#pragma once

#include <vector>

#include "bench_options.hpp"
#include "bench_server.hpp"
#include "sample_stats.hpp"

namespace attest::bench {

// One summary per round for each side; the samples of round r of every side were
// taken interleaved.
struct EventuallyFigures {
  std::vector<SampleSummary> bare_attest;   // attest::http::Client::Get, status and body checked
  std::vector<SampleSummary> bare_httplib;  // httplib::Client::Get, status and body checked
  std::vector<SampleSummary> eventually;    // d.GET(...).Status(Is(200)).Body(Is("ready")).Eventually().Run()
  int httplib_samples = 0;                  // per round: fewer when each of its requests takes tens of ms
  int pinned_cpu = -1;                      // the one CPU every thread ran on, or -1 (unpinned)
};

// `options.repeat` rounds, with every thread of the process on one CPU unless
// `options.pin` is off; throws RequestFailed when any request fails.
EventuallyFigures MeasureEventually(const BenchServer& server, const BenchOptions& options);

void PrintEventuallyFigures(const BenchServer& server, const EventuallyFigures& figures,
                            const BenchOptions& options);

}  // namespace attest::bench
