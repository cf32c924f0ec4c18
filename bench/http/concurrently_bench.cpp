#include "concurrently_bench.hpp"

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "attest/attest.hpp"
#include "attest/http/client.hpp"
#include "suite_runner.hpp"

namespace attest::bench {

namespace {

using Clock = std::chrono::steady_clock;

std::string KeyPath(int i) { return "/kv/key" + std::to_string(i); }
std::string Value(int i) { return "value" + std::to_string(i); }

// PUT /kv/key1..keyN spread over `threads` threads the way Concurrently spreads its
// indexes (a shared counter). `put(thread, i)` sends one and returns "" or what failed.
ThroughputFigures RunPlainLoop(int threads, int requests, const std::function<std::string(int, int)>& put) {
  Samples latencies(static_cast<std::size_t>(requests));
  std::atomic<int> next{1};
  std::atomic<bool> failed{false};
  std::mutex error_mutex;
  std::string first_error;
  std::atomic<std::int64_t> cpu_ns{0};
  const auto started = Clock::now();
  {
    std::vector<std::jthread> workers;
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&, t] {
        for (int i = next.fetch_add(1); i <= requests && !failed; i = next.fetch_add(1)) {
          const auto cpu_before = ThreadCpuTime();
          const auto sent = Clock::now();
          std::string error = put(t, i);
          latencies[static_cast<std::size_t>(i - 1)] = Clock::now() - sent;
          cpu_ns += (ThreadCpuTime() - cpu_before).count();  // as the attest side does
          if (!error.empty()) {
            std::lock_guard lock(error_mutex);
            if (!failed.exchange(true)) {
              first_error = "PUT " + KeyPath(i) + " after " +
                            attest::detail::DurationText(Clock::now() - sent) + ": " + error;
            }
          }
        }
      });
    }
  }
  const auto wall = Clock::now() - started;
  if (failed) throw RequestFailed(first_error);
  return ThroughputFigures{requests, wall, Summarize(std::move(latencies)),
                           std::chrono::nanoseconds(cpu_ns.load())};
}

// T threads, one keep-alive httplib::Client each, kept across rounds. Closed after
// every round: idle, they would hold the threads of a thread-per-connection server
// while the next side runs.
class HttplibLoop {
 public:
  HttplibLoop(int port, int threads) {
    for (int t = 0; t < threads; ++t) {
      auto client = std::make_unique<httplib::Client>("127.0.0.1", port);
      client->set_keep_alive(true);
      client->set_tcp_nodelay(true);  // as attest's client does
      clients_.push_back(std::move(client));
    }
  }
  ThroughputFigures Run(int requests) {
    struct StopAll {  // also when the loop fails
      HttplibLoop* loop;
      ~StopAll() {
        for (auto& client : loop->clients_) client->stop();
      }
    } stop_all{this};
    return RunPlainLoop(static_cast<int>(clients_.size()), requests, [this](int t, int i) -> std::string {
      auto res = clients_[static_cast<std::size_t>(t)]->Put(KeyPath(i), Value(i), "text/plain");
      if (!res) return httplib::to_string(res.error());
      return res->status == 200 ? "" : "status " + std::to_string(res->status);
    });
  }

 private:
  std::vector<std::unique_ptr<httplib::Client>> clients_;
};

// T threads sharing one attest::http::Client, as a DST actor or a user's own code would.
class AttestClientLoop {
 public:
  AttestClientLoop(int port, int threads) : endpoint_{"127.0.0.1", port}, threads_(threads) {}
  ThroughputFigures Run(int requests) {
    auto figures = RunPlainLoop(threads_, requests, [this](int, int i) -> std::string {
      const auto result = client_.Put(endpoint_, KeyPath(i), Value(i));
      if (!result) return result.error->text;
      return result.response->status == 200 ? "" : "status " + std::to_string(result.response->status);
    });
    client_.CloseIdleConnections();
    return figures;
  }

 private:
  http::Client client_;
  http::Endpoint endpoint_;
  int threads_;
};

// The same work through the DSL, as a suite author writes it, in a suite of its own
// (whose connections close when it ends).
ThroughputFigures RunAttestRound(const BenchServer& server, const BenchOptions& options, int requests,
                                 std::vector<LatencyRow>* report) {
  std::optional<ThroughputFigures> figures;
  Suite suite = New(WithEndpoints({{"n1", server.Address()}}), WithConcurrencyLimit(options.threads),
                    WithName("bench-concurrently"));
  suite.Test("round", [&](Do& d) {
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
    figures = ThroughputFigures{requests, wall, Summarize(std::move(latencies)),
                                std::chrono::nanoseconds(cpu_ns.load())};
  });
  const SuiteResult result = RunSuiteOrThrow(suite);
  if (report != nullptr) *report = result.tests.at(0).latencies;
  return *figures;
}

// The round whose throughput is the median of the side's rounds (the lower middle one
// for an even count): what the table shows for a side.
std::size_t MedianRoundIndex(const std::vector<ThroughputFigures>& rounds) {
  std::vector<std::size_t> order(rounds.size());
  for (std::size_t r = 0; r < order.size(); ++r) order[r] = r;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return rounds[a].RequestsPerSecond() < rounds[b].RequestsPerSecond();
  });
  return order.at((order.size() - 1) / 2);
}

const ThroughputFigures& MedianRound(const std::vector<ThroughputFigures>& rounds) {
  return rounds[MedianRoundIndex(rounds)];
}

std::chrono::nanoseconds MedianCpuPerRequest(const std::vector<ThroughputFigures>& rounds) {
  std::vector<double> cpu;
  for (const auto& round : rounds) cpu.push_back(static_cast<double>(round.CpuPerRequest().count()));
  return std::chrono::nanoseconds(static_cast<std::int64_t>(Median(std::move(cpu))));
}

// Round r's figure of `measure(side_a[r], side_b[r])`, for every round.
template <class Measure>
std::vector<double> PerRound(const std::vector<ThroughputFigures>& side_a,
                             const std::vector<ThroughputFigures>& side_b, Measure measure) {
  std::vector<double> ratios;
  for (std::size_t r = 0; r < side_a.size() && r < side_b.size(); ++r)
    ratios.push_back(measure(side_a[r], side_b[r]));
  return ratios;
}

double ThroughputRatio(const ThroughputFigures& a, const ThroughputFigures& b) {
  return a.RequestsPerSecond() / b.RequestsPerSecond();
}

// Each round's Concurrently against the faster plain loop of that same round.
std::vector<double> GoalRatios(const ConcurrentlyFigures& figures) {
  std::vector<double> ratios;
  for (std::size_t r = 0; r < figures.attest.size(); ++r) {
    double fastest = figures.plain_attest.at(r).RequestsPerSecond();
    if (r < figures.plain_httplib.size())
      fastest = std::max(fastest, figures.plain_httplib[r].RequestsPerSecond());
    ratios.push_back(figures.attest[r].RequestsPerSecond() / fastest);
  }
  return ratios;
}

}  // namespace

ConcurrentlyFigures MeasureConcurrently(const BenchServer& server, const BenchOptions& options) {
  HttplibLoop httplib_loop(server.Port(), options.threads);
  AttestClientLoop attest_loop(server.Port(), options.threads);
  ConcurrentlyFigures figures;

  // Warm-up: every side opens its connections and the server faults in its pages. The
  // httplib side's warm-up rate decides its round size (at most --puts): if each of its
  // requests waits for something (a delayed ACK behind a server's Nagle), --puts of
  // them could take minutes.
  //
  // httplib's loop may fail outright: with more threads than a thread-per-connection
  // server has, its idle keep-alive connections starve the server (the failure attest's
  // client exists to avoid). That is reported as its result, not as a bench failure.
  const int warmup = std::min(options.puts, 2000);
  std::string httplib_failure;
  int httplib_requests = options.puts;
  auto run_httplib = [&](int requests) -> std::optional<ThroughputFigures> {
    if (!httplib_failure.empty()) return std::nullopt;
    try {
      return httplib_loop.Run(requests);
    } catch (const RequestFailed& e) {
      httplib_failure = e.what();
      return std::nullopt;
    }
  };
  run_httplib(std::min(warmup, 8 * options.threads));  // connects (a dropped SYN costs it 1 s)
  if (const auto probe = run_httplib(std::min(warmup, 8 * options.threads))) {
    httplib_requests = std::clamp(static_cast<int>(probe->RequestsPerSecond() * 2.0),
                                  std::min(options.puts, 100), options.puts);
  }
  run_httplib(std::min(warmup, httplib_requests));
  attest_loop.Run(warmup);
  RunAttestRound(server, options, warmup, nullptr);

  for (int round = 1; round <= options.repeat; ++round) {
    // Every side once, back to back, so the three share the machine's speed of the
    // moment; which goes first rotates, so none always runs on a warmer machine.
    for (int k = 0; k < 3; ++k) {
      switch ((round + k) % 3) {
        case 0:
          if (auto httplib_round = run_httplib(httplib_requests))
            figures.plain_httplib.push_back(*httplib_round);
          break;
        case 1: figures.plain_attest.push_back(attest_loop.Run(options.puts)); break;
        default: {
          figures.attest_reports.emplace_back();
          figures.attest.push_back(
              RunAttestRound(server, options, options.puts, &figures.attest_reports.back()));
          break;
        }
      }
    }
  }
  figures.httplib_failure = httplib_failure;
  if (!httplib_failure.empty()) figures.plain_httplib.clear();  // rounds would no longer pair up
  return figures;
}

void PrintConcurrentlyFigures(const BenchServer& server, const ConcurrentlyFigures& figures,
                              const BenchOptions& options) {
  constexpr double kGoal = 0.95;
  const bool httplib_ran = figures.httplib_failure.empty();
  const std::vector<double> goal_ratios = GoalRatios(figures);
  const double ratio = Median(goal_ratios);

  std::printf("(b) %s: %d PUTs on %d threads, d.Concurrently vs plain loops\n", server.Name(), options.puts,
              options.threads);
  std::printf("    %d round(s), each running every side once, back to back, in a rotating order;\n",
              options.repeat);
  std::printf("    each side's median round is shown");
  // Every httplib round has the same size, set from its warm-up rate.
  if (httplib_ran && figures.plain_httplib.front().requests < options.puts) {
    std::printf("\n    (httplib::Client: %d PUTs a round, about 2 s at its warm-up rate)",
                figures.plain_httplib.front().requests);
  }
  std::printf("\n");
  std::printf("    %-42s %10s %12s %12s %12s\n", "", "req/s", "p50", "p99", "client CPU");
  auto row = [](const char* name, const std::vector<ThroughputFigures>& rounds) {
    const ThroughputFigures& f = MedianRound(rounds);
    std::printf("    %-42s %10.0f %12s %12s %12s\n", name, f.RequestsPerSecond(),
                Micros(f.latency.p50).c_str(), Micros(f.latency.p99).c_str(),
                Micros(MedianCpuPerRequest(rounds)).c_str());
  };
  row("plain loop, one shared attest::http::Client", figures.plain_attest);
  if (httplib_ran) {
    row("plain loop, an httplib::Client per thread", figures.plain_httplib);
  } else {
    std::printf("    %-42s failed: %s\n", "plain loop, an httplib::Client per thread",
                figures.httplib_failure.c_str());
  }
  row("attest Concurrently + PUT ... .Run()", figures.attest);
  for (const auto& report_row : figures.attest_reports.at(MedianRoundIndex(figures.attest))) {
    std::printf("    %-42s %10s %12s %12s\n", ("  attest's own report, node " + report_row.node).c_str(), "",
                Micros(report_row.p50).c_str(), Micros(report_row.p99).c_str());
  }
  std::printf("    %-42s %10s\n", "ratio Concurrently / attest client loop",
              RatioText(Median(PerRound(figures.attest, figures.plain_attest, ThroughputRatio))).c_str());
  if (httplib_ran) {
    std::printf("    %-42s %10s\n", "ratio Concurrently / httplib loop",
                RatioText(Median(PerRound(figures.attest, figures.plain_httplib, ThroughputRatio))).c_str());
  }
  std::printf("    %-42s %10s\n", "client CPU, Concurrently / attest client loop",
              RatioText(Median(PerRound(figures.attest, figures.plain_attest,
                                        [](const ThroughputFigures& dsl, const ThroughputFigures& plain) {
                                          return Ratio(dsl.CpuPerRequest(), plain.CpuPerRequest());
                                        })))
                  .c_str());
  std::printf("    goal: at least %.2fx the fastest plain loop's throughput -> %s (%s)\n", kGoal,
              ratio >= kGoal ? "goal met" : "goal missed", RatioText(ratio).c_str());
  std::printf("    against the faster plain loop of the same round, round by round:");
  for (const double round_ratio : goal_ratios) std::printf(" %.2f", round_ratio);
  std::printf("\n");
  std::printf(
      "    (every ratio is the median of the rounds' ratios, each between sides that ran\n"
      "     next to each other. Latency is per request as the caller sees it, check\n"
      "     included; attest's own report row times the HTTP exchange alone, for the same\n"
      "     round. Client CPU is the calling thread's CPU per request: what the client side\n"
      "     costs, whatever else the machine is doing)\n\n");
}

}  // namespace attest::bench
