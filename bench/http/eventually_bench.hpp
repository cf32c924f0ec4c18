// Part (a): what an Eventually check whose condition already holds costs, next to one
// bare keep-alive GET to the same server.
#pragma once

#include "bench_options.hpp"
#include "bench_server.hpp"
#include "sample_stats.hpp"

namespace attest::bench {

struct EventuallyFigures {
  SampleSummary bare;        // httplib::Client::Get, status and body checked
  SampleSummary eventually;  // d.GET(...).Status(Is(200)).Body(Is("ready")).Eventually().Run()
};

// Best round of `options.repeat` (lowest median, each side on its own); throws
// RequestFailed when any request fails.
EventuallyFigures MeasureEventually(const BenchServer& server, const BenchOptions& options);

void PrintEventuallyFigures(const EventuallyFigures& figures, const BenchOptions& options);

}  // namespace attest::bench
