// Definitions of dst/main.hpp: the flag table of the generated Main and its output lines.
#pragma once

#include "attest/dst/main.hpp"

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "attest/detail/command_line.hpp"
#include "attest/detail/duration_text.hpp"
#include "attest/detail/strings.hpp"
#include "attest/dst/detail/seed.hpp"
#include "attest/error.hpp"

namespace attest::dst::detail {

// A whole number of at least `min`, or a UsageError naming the flag and the value.
ATTEST_INLINE long long ParseCount(std::string_view flag, const std::string& text, long long min) {
  char* end = nullptr;
  errno = 0;
  const long long number = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || errno != 0 || *end != '\0' || number < min) {
    throw UsageError(std::string(flag) + " expects a whole number of at least " + std::to_string(min) +
                     ", got \"" + text + "\"");
  }
  return number;
}

// The one table of the generated Main's flags.
ATTEST_INLINE const std::vector<attest::detail::CommandLineFlag<MainArguments>>& MainFlags() {
  static const std::vector<attest::detail::CommandLineFlag<MainArguments>> flags = {
      {"--list", "", "", "print the scenarios (name, tab, description) and exit",
       [](MainArguments& a, const std::string&) { a.list = true; }},
      {"--scenario", "", "NAME", "run only this scenario; repeat to run several",
       [](MainArguments& a, const std::string& value) { a.scenarios.push_back(value); }},
      {"--repeat", "", "N", "run every scenario N times, each with its own seed (default 1)",
       [](MainArguments& a, const std::string& value) {
         const long long repeat = ParseCount("--repeat", value, 1);
         if (repeat > std::numeric_limits<int>::max()) {
           throw UsageError("--repeat " + std::to_string(repeat) + " is too large");
         }
         a.options.repeat = static_cast<int>(repeat);
       }},
      {"--seed", "", "S", "seed of the first iteration (default: random)",
       [](MainArguments& a, const std::string& value) {
         const auto seed = ParseSeed(value);
         if (!seed) {
           throw UsageError("--seed expects an unsigned 64-bit integer, got \"" + value + "\"");
         }
         a.options.seed = seed;
       }},
      {"--jitter-ms", "", "N",
       "delay each actor's start in a parallel step by a seeded\n"
       "random 0..N ms, to vary interleavings (default 0)",
       [](MainArguments& a, const std::string& value) {
         a.options.jitter = std::chrono::milliseconds(ParseCount("--jitter-ms", value, 0));
       }},
      {"--step-timeout-ms", "", "N", "fail a step still running after N ms (default 60000)",
       [](MainArguments& a, const std::string& value) {
         a.options.step_timeout = std::chrono::milliseconds(ParseCount("--step-timeout-ms", value, 1));
       }},
      {"--continue-on-error", "", "", "keep running after a failed run",
       [](MainArguments& a, const std::string&) { a.options.continue_on_error = true; }},
      {"--help", "-h", "", "print this help", [](MainArguments& a, const std::string&) { a.help = true; }},
  };
  return flags;
}

ATTEST_INLINE MainArguments ParseMainArguments(const std::vector<std::string>& args) {
  MainArguments parsed;
  const std::vector<std::string> positional = attest::detail::ParseCommandLine(MainFlags(), args, parsed);
  if (!positional.empty()) {
    throw UsageError("unexpected argument \"" + positional.front() +
                     "\" (scenarios are chosen with --scenario NAME)");
  }
  return parsed;
}

ATTEST_INLINE std::string MainUsage(std::string_view program) {
  return "Usage: " + std::string(program) + " [options]\n" +
         "Runs the scenarios of a generated attest-dst spec.\n\nOptions:\n" +
         attest::detail::FlagHelp(MainFlags()) +
         "\nATTEST_DST_SEED=S in the environment overrides --seed; every failure prints the seed\n"
         "that reproduces it. Exit status: 0 passed, 1 failed, 2 usage error.\n";
}

ATTEST_INLINE std::vector<std::size_t> SelectScenarios(const std::vector<std::string>& names,
                                                       const std::vector<std::string>& requested) {
  std::vector<std::size_t> selected;
  if (requested.empty()) {
    for (std::size_t i = 0; i < names.size(); ++i) selected.push_back(i);
    return selected;
  }
  for (const std::string& name : requested) {
    std::size_t index = 0;
    while (index < names.size() && names[index] != name) ++index;
    if (index == names.size()) {
      throw UsageError("--scenario \"" + name +
                       "\": no such scenario (known: " + attest::detail::Join(names) + ")");
    }
    selected.push_back(index);
  }
  return selected;
}

ATTEST_INLINE std::string RunLine(const RunRecord& run) {
  std::string line = std::string(run.Passed() ? "PASS " : "FAIL ") + run.scenario + " (iteration " +
                     std::to_string(run.iteration) + ", seed " + std::to_string(run.seed) + ", " +
                     attest::detail::DurationText(run.duration) + ")\n";
  if (!run.Passed()) line += run.error + "\n";
  return line;
}

ATTEST_INLINE std::string ReportSummary(const RunReport& report) {
  return std::to_string(report.total_runs) + (report.total_runs == 1 ? " run, " : " runs, ") +
         std::to_string(report.failed_runs) + " failed\n";
}

ATTEST_INLINE std::ostream& StandardOut() { return std::cout; }
ATTEST_INLINE std::ostream& StandardError() { return std::cerr; }

}  // namespace attest::dst::detail
