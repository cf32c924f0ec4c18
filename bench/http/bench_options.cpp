#include "bench_options.hpp"

#include <charconv>
#include <optional>
#include <string_view>

namespace attest::bench {

namespace {

int ParseCount(std::string_view flag, std::string_view text, int minimum) {
  int value = 0;
  const auto* end = text.data() + text.size();
  const auto [rest, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || rest != end) {
    throw BenchUsageError(std::string(flag) + ": expected a whole number, got \"" + std::string(text) + "\"");
  }
  if (value < minimum) {
    throw BenchUsageError(std::string(flag) + ": must be at least " + std::to_string(minimum) + ", got " +
                          std::to_string(value));
  }
  return value;
}

}  // namespace

BenchOptions ParseBenchOptions(int argc, char** argv) {
  BenchOptions options;
  std::optional<int> puts, threads, repeat, samples;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&]() -> std::string_view {
      if (i + 1 >= argc) throw BenchUsageError(std::string(arg) + ": needs a value");
      return argv[++i];
    };
    if (arg == "--help" || arg == "-h") {
      options.help = true;
    } else if (arg == "--no-pin") {
      options.pin = false;
    } else if (arg == "--quick") {
      options.quick = true;
    } else if (arg == "--puts") {
      puts = ParseCount(arg, value(), 1);
    } else if (arg == "--threads") {
      // The plain loop and the server's pool are sized from this; keep it sane.
      threads = ParseCount(arg, value(), 1);
      if (*threads > 512) throw BenchUsageError("--threads: at most 512, got " + std::to_string(*threads));
    } else if (arg == "--repeat") {
      repeat = ParseCount(arg, value(), 1);
    } else if (arg == "--samples") {
      samples = ParseCount(arg, value(), 1);
    } else if (arg == "--server") {
      const std::string_view which = value();
      if (which != "tuned" && which != "stock" && which != "both") {
        throw BenchUsageError("--server: expected tuned, stock or both, got \"" + std::string(which) + "\"");
      }
      options.tuned = which != "stock";
      options.stock = which != "tuned";
    } else {
      throw BenchUsageError("unknown argument \"" + std::string(arg) + "\" (see --help)");
    }
  }
  if (options.quick) {
    options.puts = 1000;
    options.threads = 4;
    options.repeat = 1;
    options.samples = 200;
  }
  options.puts = puts.value_or(options.puts);
  options.threads = threads.value_or(options.threads);
  options.repeat = repeat.value_or(options.repeat);
  options.samples = samples.value_or(options.samples);
  return options;
}

std::string BenchUsage(const char* program) {
  return std::string("usage: ") + program +
         " [--puts N] [--threads T] [--repeat R] [--samples S] [--server tuned|stock|both] [--no-pin] "
         "[--quick]\n"
         "  --puts N     PUTs per Concurrently round (default 10000)\n"
         "  --threads T  Concurrently limit and plain-loop threads (default 8)\n"
         "  --repeat R   rounds per measurement; ratios are medians of per-round ratios (default 7)\n"
         "  --samples S  Eventually checks and bare GETs timed per round (default 2000)\n"
         "  --server W   the tuned cpp-httplib server, the stock one, or both (default)\n"
         "  --no-pin     run (a) on every CPU, not on one (its medians then swing)\n"
         "  --quick      CI smoke run: 1000 PUTs, 4 threads, 1 round, 200 samples\n"
         "Exit status: 0 measured, 1 a request failed, 2 bad arguments.\n";
}

}  // namespace attest::bench
