// bench/compile: what one suite file costs to compile, next to the floor, in one run.
//
// Compiles three files with the compiler that built this program and reports the
// median user CPU and peak memory of each compiler process, at -O0 and at -O2:
//   floor            httplib.h + nlohmann/json.hpp + fmt/format.h, nothing else
//   suite, header-only       typical_suite.cpp as is
//   suite, separate          typical_suite.cpp with ATTEST_SEPARATE_COMPILATION
//                            (what linking attest::compiled gives a suite file)
//   attest::compiled         impl.cpp, compiled once per program in separate mode
// Goals (issue 8): a suite file costs no more than the floor in separate compilation,
// and no more than 1.5x the floor header-only.
//
//   attest_bench_compile [--repeat N] [--opt -O0,-O2]
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench_compile_config.hpp"  // ATTEST_BENCH_CXX, ATTEST_BENCH_FLAGS, ATTEST_BENCH_DIR

extern char** environ;

namespace {

struct Sample {
  double user_seconds = 0;
  long max_rss_kb = 0;
};

// Runs the compiler on one file; exits the program when it fails, since a figure of a
// failed compile means nothing.
Sample Compile(const std::string& file, const std::string& opt, bool separate) {
  std::vector<std::string> args = {ATTEST_BENCH_CXX, "-std=c++20", opt, "-c", file, "-o", "/dev/null"};
  std::string flags = ATTEST_BENCH_FLAGS;
  for (std::size_t start = 0; start < flags.size();) {
    std::size_t end = flags.find(';', start);
    if (end == std::string::npos) end = flags.size();
    if (end > start) args.push_back(flags.substr(start, end - start));
    start = end + 1;
  }
  if (separate) args.push_back("-DATTEST_SEPARATE_COMPILATION");
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0) {
    std::fprintf(stderr, "cannot start %s\n", argv[0]);
    std::exit(1);
  }
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "compiling %s %s failed\n", file.c_str(), opt.c_str());
    std::exit(1);
  }
  return Sample{static_cast<double>(usage.ru_utime.tv_sec) + usage.ru_utime.tv_usec / 1e6, usage.ru_maxrss};
}

Sample Median(std::vector<Sample> samples) {
  std::sort(samples.begin(), samples.end(),
            [](const Sample& a, const Sample& b) { return a.user_seconds < b.user_seconds; });
  return samples[samples.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  int repeat = 3;
  std::vector<std::string> opts = {"-O0", "-O2"};
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--repeat" && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--opt" && i + 1 < argc) {
      opts.clear();
      std::string list = argv[++i];
      for (std::size_t start = 0; start <= list.size();) {
        std::size_t end = list.find(',', start);
        if (end == std::string::npos) end = list.size();
        if (end > start) opts.push_back(list.substr(start, end - start));
        start = end + 1;
      }
    } else {
      std::fprintf(stderr, "usage: %s [--repeat N] [--opt -O0,-O2]\n", argv[0]);
      return 2;
    }
  }
  const std::string dir = ATTEST_BENCH_DIR;
  struct Row {
    const char* label;
    std::string file;
    bool separate;
  };
  const std::vector<Row> rows = {
      {"floor (httplib.h, json.hpp, fmt)", dir + "/floor.cpp", false},
      {"suite file, header-only", dir + "/typical_suite.cpp", false},
      {"suite file, attest::compiled", dir + "/typical_suite.cpp", true},
      {"attest::compiled itself (once)", dir + "/impl.cpp", true},
  };
  std::printf("compile cost of one file: %s, user CPU (median of %d) and peak memory\n", ATTEST_BENCH_CXX,
              repeat);
#if !__has_include(<fmt/format.h>)
  std::printf(
      "note: fmt is not installed, so the floor lacks fmt/format.h (install libfmt-dev for the issue's "
      "floor)\n");
#endif
  int missed = 0;
  for (const std::string& opt : opts) {
    std::printf("\n  %s\n", opt.c_str());
    std::vector<Sample> medians;
    for (const Row& row : rows) {
      // Interleaved rounds: a busy machine slows every row alike.
      std::vector<Sample> samples;
      for (int r = 0; r < repeat; ++r) samples.push_back(Compile(row.file, opt, row.separate));
      medians.push_back(Median(samples));
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
      std::printf("    %-36s %6.2f s  %5ld MB", rows[i].label, medians[i].user_seconds,
                  medians[i].max_rss_kb / 1024);
      if (i > 0) std::printf("  %5.2fx floor", medians[i].user_seconds / medians[0].user_seconds);
      std::printf("\n");
    }
    const double separate = medians[2].user_seconds / medians[0].user_seconds;
    const double header_only = medians[1].user_seconds / medians[0].user_seconds;
    std::printf("    goal: suite file with attest::compiled <= 1.0x floor: %.2fx, %s\n", separate,
                separate <= 1.0 ? "met" : "missed");
    std::printf("    goal: suite file header-only <= 1.5x floor: %.2fx, %s\n", header_only,
                header_only <= 1.5 ? "met" : "missed");
    missed += (separate > 1.0) + (header_only > 1.5);
  }
  return 0;
}
