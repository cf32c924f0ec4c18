#include "concurrently_bench.hpp"

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "attest/attest.hpp"
#include "suite_runner.hpp"

namespace attest::bench {

namespace {

using Clock = std::chrono::steady_clock;

std::string KeyPath(int i) { return "/kv/key" + std::to_string(i); }
std::string Value(int i) { return "value" + std::to_string(i); }

// One httplib::Client per thread, kept across rounds like attest keeps its pool.
class PlainLoop {
 public:
  PlainLoop(int port, int threads) {
    for (int t = 0; t < threads; ++t) {
      auto client = std::make_unique<httplib::Client>("127.0.0.1", port);
      client->set_keep_alive(true);
      client->set_tcp_nodelay(true);  // as attest's pool does
      clients_.push_back(std::move(client));
    }
  }

  // PUT /kv/key1..keyN spread over the threads the way Concurrently spreads its
  // indexes (a shared counter), each answer checked for 200.
  ThroughputFigures Run(int requests) {
    Samples latencies(static_cast<std::size_t>(requests));
    std::atomic<int> next{1};
    std::atomic<bool> failed{false};
    std::mutex error_mutex;
    std::string first_error;
    std::atomic<std::int64_t> cpu_ns{0};
    const auto started = Clock::now();
    {
      std::vector<std::jthread> threads;
      for (auto& client : clients_) {
        threads.emplace_back([&, c = client.get()] {
          for (int i = next.fetch_add(1); i <= requests && !failed; i = next.fetch_add(1)) {
            const auto cpu_before = ThreadCpuTime();
            const auto sent = Clock::now();
            auto res = c->Put(KeyPath(i), Value(i), "text/plain");
            latencies[static_cast<std::size_t>(i - 1)] = Clock::now() - sent;
            cpu_ns += (ThreadCpuTime() - cpu_before).count();  // as the attest side does
            if (!res || res->status != 200) {
              std::lock_guard lock(error_mutex);
              if (!failed.exchange(true)) {
                first_error = "plain loop PUT " + KeyPath(i) + ": " +
                              (res ? "status " + std::to_string(res->status) : httplib::to_string(res.error()));
              }
            }
          }
        });
      }
    }
    const auto wall = Clock::now() - started;
    if (failed) throw RequestFailed(first_error);
    return ThroughputFigures{wall, Summarize(std::move(latencies)), std::chrono::nanoseconds(cpu_ns.load())};
  }

 private:
  std::vector<std::unique_ptr<httplib::Client>> clients_;
};

// The same work through the DSL, as a suite author writes it.
ThroughputFigures RunAttestRound(Do& d, int requests) {
  Samples latencies(static_cast<std::size_t>(requests));
  std::atomic<std::int64_t> cpu_ns{0};
  const auto started = Clock::now();
  d.Concurrently(requests, [&](int i) {
    const auto cpu_before = ThreadCpuTime();
    const auto sent = Clock::now();
    d.PUT(Node("n1"), KeyPath(i), Value(i)).Status(Is(200)).Run();
    latencies[static_cast<std::size_t>(i - 1)] = Clock::now() - sent;
    cpu_ns += (ThreadCpuTime() - cpu_before).count();
  });
  const auto wall = Clock::now() - started;
  return ThroughputFigures{wall, Summarize(std::move(latencies)), std::chrono::nanoseconds(cpu_ns.load())};
}

// The fastest round by wall time, with the lowest CPU cost seen in any round (each
// is "best" on its own; a round slowed by other processes inflates both).
bool KeepBest(std::optional<ThroughputFigures>& best, const ThroughputFigures& figures) {
  if (!best) {
    best = figures;
    return true;
  }
  const auto cpu = std::min(best->cpu, figures.cpu);
  const bool faster = figures.wall < best->wall;
  if (faster) best = figures;
  best->cpu = cpu;
  return faster;
}

}  // namespace

ConcurrentlyFigures MeasureConcurrently(const BenchServer& server, const BenchOptions& options) {
  PlainLoop plain(server.Port(), options.threads);
  std::optional<ThroughputFigures> best_plain, best_attest;
  int best_attest_round = 0;

  Suite suite = New(WithEndpoints({{"n1", server.Address()}}), WithConcurrencyLimit(options.threads),
                    WithName("bench-concurrently"));
  const int warmup = std::min(options.puts, 2000);
  suite.Test("warm-up", [&](Do& d) {
    // Opens every connection of both sides and faults in the server's pages.
    plain.Run(warmup);
    RunAttestRound(d, warmup);
  });
  for (int round = 1; round <= options.repeat; ++round) {
    suite.Test("round " + std::to_string(round), [&, round](Do& d) {
      // Alternate which side goes first, so neither always runs on a warmer machine.
      auto run_plain = [&] {
        auto figures = plain.Run(options.puts);
        KeepBest(best_plain, figures);
      };
      auto run_attest = [&] {
        auto figures = RunAttestRound(d, options.puts);
        if (KeepBest(best_attest, figures)) best_attest_round = round;
      };
      if (round % 2 == 1) {
        run_plain();
        run_attest();
      } else {
        run_attest();
        run_plain();
      }
    });
  }
  const SuiteResult result = RunSuiteOrThrow(suite);
  // tests[0] is the warm-up, so tests[k] is round k.
  return ConcurrentlyFigures{*best_plain, *best_attest,
                             result.tests.at(static_cast<std::size_t>(best_attest_round)).latencies};
}

void PrintConcurrentlyFigures(const ConcurrentlyFigures& figures, const BenchOptions& options) {
  constexpr double kGoal = 0.8;
  const double plain_rps = figures.plain.RequestsPerSecond(options.puts);
  const double attest_rps = figures.attest.RequestsPerSecond(options.puts);
  const double ratio = attest_rps / plain_rps;
  std::printf("(b) %d PUTs on %d threads: d.Concurrently vs a plain keep-alive client loop\n", options.puts,
              options.threads);
  std::printf("    best of %d round(s) each, rounds alternating on one server\n", options.repeat);
  std::printf("    %-40s %10s %12s %12s %12s\n", "", "req/s", "p50", "p99", "client CPU");
  std::printf("    %-40s %10.0f %12s %12s %12s\n", "plain httplib::Client per thread", plain_rps,
              Micros(figures.plain.latency.p50).c_str(), Micros(figures.plain.latency.p99).c_str(),
              Micros(figures.plain.CpuPerRequest(options.puts)).c_str());
  std::printf("    %-40s %10.0f %12s %12s %12s\n", "attest Concurrently + PUT ... .Run()", attest_rps,
              Micros(figures.attest.latency.p50).c_str(), Micros(figures.attest.latency.p99).c_str(),
              Micros(figures.attest.CpuPerRequest(options.puts)).c_str());
  for (const auto& row : figures.attest_report) {
    std::printf("    %-40s %10s %12s %12s\n", ("  attest's own report, node " + row.node).c_str(), "",
                Micros(row.p50).c_str(), Micros(row.p99).c_str());
  }
  std::printf("    %-40s %9.2fx\n", "ratio attest / plain (req/s)", ratio);
  std::printf("    goal: at least %.1fx the plain loop's throughput -> %s\n", kGoal,
              ratio >= kGoal ? "goal met" : "goal missed");
  std::printf("    %-40s %9.2fx\n", "ratio attest / plain (client CPU)",
              Ratio(figures.attest.CpuPerRequest(options.puts), figures.plain.CpuPerRequest(options.puts)));
  std::printf("    (latency is per request as the caller sees it, check included; attest's own\n"
              "     report row times the HTTP exchange alone, for the same round. Client CPU is\n"
              "     the calling thread's CPU per request, lowest of the rounds: what the client\n"
              "     side costs, whatever else the machine is doing)\n\n");
}

}  // namespace attest::bench
