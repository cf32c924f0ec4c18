// attest_bench_http: prints, in one run, what attest's DSL costs over bare cpp-httplib
// requests to a fast loopback server. See bench/README.md for how to read it.
#include <cstdio>
#include <exception>

#include "bench_options.hpp"
#include "bench_server.hpp"
#include "concurrently_bench.hpp"
#include "eventually_bench.hpp"
#include "suite_runner.hpp"

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
    // Both sides of part (b) hold `threads` connections each; part (a) holds two.
    BenchServer server(2 * options.threads + 2);
    std::printf("attest HTTP benchmark: server %s%s\n\n", server.Address().c_str(),
                options.quick ? " (quick mode: small counts, figures are indicative only)" : "");
    std::fflush(stdout);

    const EventuallyFigures eventually = MeasureEventually(server, options);
    PrintEventuallyFigures(eventually, options);
    std::fflush(stdout);

    const ConcurrentlyFigures concurrently = MeasureConcurrently(server, options);
    PrintConcurrentlyFigures(concurrently, options);
  } catch (const std::exception& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "attest_bench_http: a request failed, the figures are not valid:\n%s\n", e.what());
    return 1;
  }
  return 0;
}
