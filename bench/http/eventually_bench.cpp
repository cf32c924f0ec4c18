#include "eventually_bench.hpp"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>

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

void KeepLowerMedian(std::optional<SampleSummary>& best, const SampleSummary& round) {
  if (!best || round.p50 < best->p50) best = round;
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
  std::optional<SampleSummary> best_attest, best_httplib, best_eventually;
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
      KeepLowerMedian(best_attest, Summarize(std::move(attest_samples)));
      KeepLowerMedian(best_httplib, Summarize(std::move(httplib_samples_taken)));
      KeepLowerMedian(best_eventually, Summarize(std::move(eventually_samples)));
    });
  }
  RunSuiteOrThrow(suite);
  // A thread-per-connection server must get its threads back before the next part.
  bare_httplib.stop();
  bare_attest.CloseIdleConnections();
  const int pinned_cpu = pinning && pinning->Pinned() ? pinning->Cpu() : -1;
  return EventuallyFigures{*best_attest, *best_httplib, *best_eventually, httplib_samples, pinned_cpu};
}

void PrintEventuallyFigures(const BenchServer& server, const EventuallyFigures& figures,
                            const BenchOptions& options) {
  constexpr double kGoal = 1.05;
  const SampleSummary& fastest =
      figures.bare_attest.p50 <= figures.bare_httplib.p50 ? figures.bare_attest : figures.bare_httplib;
  const double median_ratio = Ratio(figures.eventually.p50, fastest.p50);
  std::printf("(a) %s: Eventually whose condition already holds vs one bare keep-alive GET\n", server.Name());
  std::printf("    %d interleaved samples of each per round", options.samples);
  if (figures.httplib_samples < options.samples) {
    std::printf(" (httplib::Client: %d, each waiting for a delayed ACK)", figures.httplib_samples);
  }
  std::printf(", best of %d round(s)\n", options.repeat);
  if (figures.pinned_cpu >= 0) {
    std::printf("    every thread (clients and server) on CPU %d, so each request costs the same\n",
                figures.pinned_cpu);
  } else {
    std::printf("    %s: threads on any CPU, so medians swing with cross-core wake-ups\n",
                options.pin ? "could not pin to one CPU" : "--no-pin");
  }
  std::printf("    %-42s %12s %12s\n", "", "median", "p90");
  std::printf("    %-42s %12s %12s\n", "bare attest::http::Client GET",
              Micros(figures.bare_attest.p50).c_str(), Micros(figures.bare_attest.p90).c_str());
  std::printf("    %-42s %12s %12s\n", "bare httplib::Client GET", Micros(figures.bare_httplib.p50).c_str(),
              Micros(figures.bare_httplib.p90).c_str());
  std::printf("    %-42s %12s %12s\n", "attest GET ... .Eventually().Run()",
              Micros(figures.eventually.p50).c_str(), Micros(figures.eventually.p90).c_str());
  std::printf("    %-42s %11.2fx %11.2fx\n", "ratio Eventually / bare attest client",
              Ratio(figures.eventually.p50, figures.bare_attest.p50),
              Ratio(figures.eventually.p90, figures.bare_attest.p90));
  std::printf("    %-42s %11.2fx %11.2fx\n", "ratio Eventually / bare httplib client",
              Ratio(figures.eventually.p50, figures.bare_httplib.p50),
              Ratio(figures.eventually.p90, figures.bare_httplib.p90));
  std::printf("    goal: median within %.2fx of the fastest bare request -> %s (%.2fx)\n", kGoal,
              median_ratio <= kGoal ? "goal met" : "goal missed", median_ratio);
  std::printf(
      "    (attest makes the first attempt at once, so a passing check costs one request\n"
      "     plus the DSL's bookkeeping; the Go original cannot go below its 250 ms poll\n"
      "     interval, about %.0fx one request here)\n\n",
      std::chrono::duration<double>(std::chrono::milliseconds(250)) /
          std::chrono::duration<double>(fastest.p50));
}

}  // namespace attest::bench
