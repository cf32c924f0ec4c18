// Command-line flags of attest_bench_http and their defaults.
#pragma once

#include <stdexcept>
#include <string>

namespace attest::bench {

struct BenchOptions {
  int puts = 10000;    // PUTs per Concurrently round, part (b)
  int threads = 8;     // Concurrently's limit, and threads of the plain loop
  int repeat = 7;      // rounds per measurement; ratios are medians of per-round ratios
  int samples = 2000;  // timed Eventually checks (and as many bare GETs) per round, part (a)
  bool tuned = true;   // measure against the tuned cpp-httplib server
  bool stock = true;   // measure against cpp-httplib with every default
  bool pin = true;     // part (a) on one CPU (cpu_pinning.hpp says why)
  bool quick = false;  // small counts for CI smoke runs
  bool help = false;
};

// A flag the program cannot use; the message names the flag and the value.
class BenchUsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses argv; flags given explicitly win over --quick whatever their order.
BenchOptions ParseBenchOptions(int argc, char** argv);

std::string BenchUsage(const char* program);

}  // namespace attest::bench
