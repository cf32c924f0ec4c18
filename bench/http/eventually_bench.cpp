#include "eventually_bench.hpp"

#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>

#include "attest/attest.hpp"
#include "suite_runner.hpp"

namespace attest::bench {

namespace {

using Clock = std::chrono::steady_clock;

constexpr int kWarmupRequests = 200;

void BareGet(httplib::Client& client) {
  auto res = client.Get("/ready");
  if (!res) throw RequestFailed("bare GET /ready: " + httplib::to_string(res.error()));
  if (res->status != 200 || res->body != "ready") {
    throw RequestFailed("bare GET /ready: expected 200 \"ready\", got " + std::to_string(res->status) +
                        " \"" + res->body + "\"");
  }
}

void EventuallyGet(Do& d) {
  d.GET(Node("n1"), "/ready").Status(Is(200)).Body(Is("ready")).Eventually().Run();
}

template <class F>
std::chrono::nanoseconds Time(F&& f) {
  const auto started = Clock::now();
  f();
  return Clock::now() - started;
}

}  // namespace

EventuallyFigures MeasureEventually(const BenchServer& server, const BenchOptions& options) {
  httplib::Client bare("127.0.0.1", server.Port());
  // The settings attest's pool uses, so the comparison is of the DSL and not of
  // socket options.
  bare.set_keep_alive(true);
  bare.set_tcp_nodelay(true);

  std::optional<EventuallyFigures> best;
  Suite suite = New(WithEndpoints({{"n1", server.Address()}}), WithName("bench-eventually"));
  suite.Test("warm-up", [&](Do& d) {
    for (int i = 0; i < kWarmupRequests; ++i) {
      BareGet(bare);
      EventuallyGet(d);
    }
  });
  for (int round = 1; round <= options.repeat; ++round) {
    suite.Test("round " + std::to_string(round), [&, round](Do& d) {
      Samples bare_samples, eventually_samples;
      bare_samples.reserve(static_cast<std::size_t>(options.samples));
      eventually_samples.reserve(static_cast<std::size_t>(options.samples));
      for (int i = 0; i < options.samples; ++i) {
        // Interleaved, and in alternating order, so drift and cache effects fall on
        // both sides alike.
        if ((i + round) % 2 == 0) {
          bare_samples.push_back(Time([&] { BareGet(bare); }));
          eventually_samples.push_back(Time([&] { EventuallyGet(d); }));
        } else {
          eventually_samples.push_back(Time([&] { EventuallyGet(d); }));
          bare_samples.push_back(Time([&] { BareGet(bare); }));
        }
      }
      EventuallyFigures figures{Summarize(std::move(bare_samples)), Summarize(std::move(eventually_samples))};
      if (!best) {
        best = figures;
      } else {
        if (figures.bare.p50 < best->bare.p50) best->bare = figures.bare;
        if (figures.eventually.p50 < best->eventually.p50) best->eventually = figures.eventually;
      }
    });
  }
  RunSuiteOrThrow(suite);
  return *best;
}

void PrintEventuallyFigures(const EventuallyFigures& figures, const BenchOptions& options) {
  constexpr double kGoal = 1.2;
  const double median_ratio = Ratio(figures.eventually.p50, figures.bare.p50);
  const double p90_ratio = Ratio(figures.eventually.p90, figures.bare.p90);
  std::printf("(a) Eventually whose condition already holds vs one bare keep-alive GET\n");
  std::printf("    %d interleaved samples of each per round, best of %d round(s)\n", options.samples,
              options.repeat);
  std::printf("    %-40s %12s %12s\n", "", "median", "p90");
  std::printf("    %-40s %12s %12s\n", "bare httplib::Client GET", Micros(figures.bare.p50).c_str(),
              Micros(figures.bare.p90).c_str());
  std::printf("    %-40s %12s %12s\n", "attest GET ... .Eventually().Run()", Micros(figures.eventually.p50).c_str(),
              Micros(figures.eventually.p90).c_str());
  std::printf("    %-40s %11.2fx %11.2fx\n", "ratio attest / bare", median_ratio, p90_ratio);
  std::printf("    goal: median within %.1fx of one request -> %s\n", kGoal,
              median_ratio <= kGoal ? "goal met" : "goal missed");
  std::printf("    (attest makes the first attempt at once, so a passing check costs one request\n"
              "     plus the DSL's bookkeeping; the Go original cannot go below its 250 ms poll\n"
              "     interval, about %.0fx one request here)\n\n",
              std::chrono::duration<double>(std::chrono::milliseconds(250)) /
                  std::chrono::duration<double>(figures.bare.p50));
}

}  // namespace attest::bench
