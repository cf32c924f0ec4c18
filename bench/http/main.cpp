// attest_bench_http: prints, in one run, what attest's DSL costs over bare requests by
// attest's own client and by cpp-httplib's, against a tuned cpp-httplib server and
// against one with every default. See bench/README.md for how to read it.
#include <cstdio>
#include <exception>

#include "bench_options.hpp"
#include "bench_server.hpp"
#include "concurrently_bench.hpp"
#include "eventually_bench.hpp"
#include "suite_runner.hpp"

namespace {

void MeasureAgainst(attest::bench::ServerKind kind, const attest::bench::BenchOptions& options) {
  using namespace attest::bench;
  // Part (b) holds up to `threads` connections per side; part (a) three.
  BenchServer server(kind, 2 * options.threads + 3);
  std::printf("== %s server %s\n   (%s)\n\n", server.Name(), server.Address().c_str(), server.Describe());
  std::fflush(stdout);
  const EventuallyFigures eventually = MeasureEventually(server, options);
  PrintEventuallyFigures(server, eventually, options);
  std::fflush(stdout);
  const ConcurrentlyFigures concurrently = MeasureConcurrently(server, options);
  PrintConcurrentlyFigures(server, concurrently, options);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace attest::bench;
  BenchOptions options;
  try {
    options = ParseBenchOptions(argc, argv);
  } catch (const BenchUsageError& e) {
    std::fprintf(stderr, "attest_bench_http: %s\n%s", e.what(), BenchUsage(argv[0]).c_str());
    return 2;
  }
  if (options.help) {
    std::printf("%s", BenchUsage(argv[0]).c_str());
    return 0;
  }

  try {
    std::printf("attest HTTP benchmark%s\n\n",
                options.quick ? " (quick mode: small counts, figures are indicative only)" : "");
    if (options.tuned) MeasureAgainst(ServerKind::Tuned, options);
    if (options.stock) MeasureAgainst(ServerKind::Stock, options);
  } catch (const std::exception& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "attest_bench_http: a request failed, the figures are not valid:\n%s\n", e.what());
    return 1;
  }
  return 0;
}
