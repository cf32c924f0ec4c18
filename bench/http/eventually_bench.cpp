#include "eventually_bench.hpp"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "attest/attest.hpp"
#include "attest/http/client.hpp"
#include "cpu_pinning.hpp"
#include "suite_runner.hpp"

namespace attest::bench {

namespace {

using Clock = std::chrono::steady_clock;

constexpr int kWarmupRequests = 200;
// cpp-httplib's client against a server with Nagle on waits for its own delayed ACK
// (about 40 ms a request): its side then takes this many samples, not thousands.
constexpr int kSlowSideSamples = 30;

void CheckReady(int status, const std::string& body, const char* who) {
  if (status != 200 || body != "ready") {
    throw RequestFailed(std::string(who) + " GET /ready: expected 200 \"ready\", got " +
                        std::to_string(status) + " \"" + body + "\"");
  }
}

void BareHttplibGet(httplib::Client& client) {
  auto res = client.Get("/ready");
  if (!res) throw RequestFailed("bare httplib GET /ready: " + httplib::to_string(res.error()));
  CheckReady(res->status, res->body, "bare httplib");
}

void BareAttestGet(const http::Client& client, const http::Endpoint& endpoint) {
  const auto result = client.Get(endpoint, "/ready");
  if (!result) throw RequestFailed("bare attest::http::Client GET /ready: " + result.error->text);
  CheckReady(result.response->status, result.response->body, "bare attest::http::Client");
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

using PercentileField = std::chrono::nanoseconds SampleSummary::*;

// Round r's `percentile` of `side` over the lowest of the `references`' in round r, for
// every round.
std::vector<double> PerRoundRatios(const std::vector<SampleSummary>& side,
                                   std::initializer_list<const std::vector<SampleSummary>*> references,
                                   PercentileField percentile) {
  std::vector<double> ratios;
  for (std::size_t r = 0; r < side.size(); ++r) {
    auto fastest = std::chrono::nanoseconds::max();
    for (const auto* reference : references) fastest = std::min(fastest, reference->at(r).*percentile);
    ratios.push_back(Ratio(side[r].*percentile, fastest));
  }
  return ratios;
}

std::chrono::nanoseconds MedianOf(const std::vector<SampleSummary>& rounds, PercentileField percentile) {
  std::vector<double> values;
  for (const auto& round : rounds) values.push_back(static_cast<double>((round.*percentile).count()));
  return std::chrono::nanoseconds(static_cast<std::chrono::nanoseconds::rep>(Median(std::move(values))));
}

}  // namespace

EventuallyFigures MeasureEventually(const BenchServer& server, const BenchOptions& options) {
  std::optional<CpuPinning> pinning;
  if (options.pin) pinning.emplace();
  const http::Endpoint endpoint{"127.0.0.1", server.Port()};
  http::Client bare_attest;
  httplib::Client bare_httplib("127.0.0.1", server.Port());
  // The socket option attest's client sets, so the comparison is not about Nagle on
  // the client's side.
  bare_httplib.set_keep_alive(true);
  bare_httplib.set_tcp_nodelay(true);

  int httplib_samples = options.samples;
  EventuallyFigures figures;
  Suite suite = New(WithEndpoints({{"n1", server.Address()}}), WithName("bench-eventually"));
  suite.Test("warm-up", [&](Do& d) {
    Samples httplib_warmup;
    for (int i = 0; i < kWarmupRequests; ++i) {
      BareAttestGet(bare_attest, endpoint);
      EventuallyGet(d);
      if (i < 10) httplib_warmup.push_back(Time([&] { BareHttplibGet(bare_httplib); }));
    }
    if (Summarize(httplib_warmup).p50 > std::chrono::milliseconds(5)) {
      httplib_samples = std::min(options.samples, kSlowSideSamples);
    }
  });
  for (int round = 1; round <= options.repeat; ++round) {
    suite.Test("round " + std::to_string(round), [&, round](Do& d) {
      Samples attest_samples, httplib_samples_taken, eventually_samples;
      attest_samples.reserve(static_cast<std::size_t>(options.samples));
      eventually_samples.reserve(static_cast<std::size_t>(options.samples));
      for (int i = 0; i < options.samples; ++i) {
        // Interleaved, in an order that rotates, so drift and cache effects fall on
        // every side alike.
        auto attest_side = [&] {
          attest_samples.push_back(Time([&] { BareAttestGet(bare_attest, endpoint); }));
        };
        auto eventually_side = [&] { eventually_samples.push_back(Time([&] { EventuallyGet(d); })); };
        auto httplib_side = [&] {
          if (i < httplib_samples)
            httplib_samples_taken.push_back(Time([&] { BareHttplibGet(bare_httplib); }));
        };
        switch ((i + round) % 3) {
          case 0:
            attest_side();
            eventually_side();
            httplib_side();
            break;
          case 1:
            eventually_side();
            httplib_side();
            attest_side();
            break;
          default:
            httplib_side();
            attest_side();
            eventually_side();
            break;
        }
      }
      figures.bare_attest.push_back(Summarize(std::move(attest_samples)));
      figures.bare_httplib.push_back(Summarize(std::move(httplib_samples_taken)));
      figures.eventually.push_back(Summarize(std::move(eventually_samples)));
    });
  }
  RunSuiteOrThrow(suite);
  // A thread-per-connection server must get its threads back before the next part.
  bare_httplib.stop();
  bare_attest.CloseIdleConnections();
  figures.httplib_samples = httplib_samples;
  figures.pinned_cpu = pinning && pinning->Pinned() ? pinning->Cpu() : -1;
  return figures;
}

void PrintEventuallyFigures(const BenchServer& server, const EventuallyFigures& figures,
                            const BenchOptions& options) {
  constexpr double kGoal = 1.05;
  const PercentileField p50 = &SampleSummary::p50;
  const PercentileField p90 = &SampleSummary::p90;
  const std::vector<double> goal_ratios =
      PerRoundRatios(figures.eventually, {&figures.bare_attest, &figures.bare_httplib}, p50);
  const double median_ratio = Median(goal_ratios);
  std::printf("(a) %s: Eventually whose condition already holds vs one bare keep-alive GET\n", server.Name());
  std::printf("    %d interleaved samples of each per round", options.samples);
  if (figures.httplib_samples < options.samples) {
    std::printf(" (httplib::Client: %d, each waiting for a delayed ACK)", figures.httplib_samples);
  }
  std::printf(",\n    %d round(s); each figure is the median of the rounds' figures\n", options.repeat);
  if (figures.pinned_cpu >= 0) {
    std::printf("    every thread (clients and server) on CPU %d, so each request costs the same\n",
                figures.pinned_cpu);
  } else {
    std::printf("    %s: threads on any CPU, so medians swing with cross-core wake-ups\n",
                options.pin ? "could not pin to one CPU" : "--no-pin");
  }
  std::printf("    %-42s %12s %12s\n", "", "median", "p90");
  auto row = [&](const char* name, const std::vector<SampleSummary>& rounds) {
    std::printf("    %-42s %12s %12s\n", name, Micros(MedianOf(rounds, p50)).c_str(),
                Micros(MedianOf(rounds, p90)).c_str());
  };
  row("bare attest::http::Client GET", figures.bare_attest);
  row("bare httplib::Client GET", figures.bare_httplib);
  row("attest GET ... .Eventually().Run()", figures.eventually);
  auto ratio_row = [&](const char* name, const std::vector<SampleSummary>& reference) {
    std::printf("    %-42s %12s %12s\n", name,
                RatioText(Median(PerRoundRatios(figures.eventually, {&reference}, p50))).c_str(),
                RatioText(Median(PerRoundRatios(figures.eventually, {&reference}, p90))).c_str());
  };
  ratio_row("ratio Eventually / bare attest client", figures.bare_attest);
  ratio_row("ratio Eventually / bare httplib client", figures.bare_httplib);
  std::printf("    goal: median within %.2fx of the fastest bare request -> %s (%s)\n", kGoal,
              median_ratio <= kGoal ? "goal met" : "goal missed", RatioText(median_ratio).c_str());
  std::printf("    against the faster bare request of the same round, round by round:");
  for (const double round_ratio : goal_ratios) std::printf(" %.2f", round_ratio);
  std::printf("\n");
  const auto fastest_p50 = std::min(MedianOf(figures.bare_attest, p50), MedianOf(figures.bare_httplib, p50));
  std::printf(
      "    (attest makes the first attempt at once, so a passing check costs one request\n"
      "     plus the DSL's bookkeeping; the Go original cannot go below its 250 ms poll\n"
      "     interval, about %.0fx one request here)\n\n",
      std::chrono::duration<double>(std::chrono::milliseconds(250)) /
          std::chrono::duration<double>(fastest_p50));
}

}  // namespace attest::bench
