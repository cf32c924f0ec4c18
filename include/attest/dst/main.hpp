// The command line runner behind the generated `Main(argc, argv, init)`:
//
//   int main(int argc, char** argv) { return taskcoree2e::Main(argc, argv, MakeActors); }
//
//   ./e2e --list                      scenario names and descriptions
//   ./e2e --scenario claim_order      only that scenario (repeatable)
//   ./e2e --repeat 100 --jitter-ms 2  100 iterations, perturbed interleavings
//   ./e2e --seed 1234567              replay (ATTEST_DST_SEED=1234567 does the same)
//
// Exit status: 0 all runs passed, 1 a run failed, 2 the command line was wrong.
#pragma once

#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "attest/dst/context.hpp"
#include "attest/detail/duration_text.hpp"
#include "attest/dst/detail/seed.hpp"
#include "attest/dst/options.hpp"
#include "attest/dst/scenario.hpp"
#include "attest/error.hpp"
#include "attest/detail/strings.hpp"

namespace attest::dst {

inline constexpr int kExitPassed = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

namespace detail {

inline constexpr std::string_view kMainUsage =
    "usage: {program} [options]\n"
    "Runs the scenarios of a generated attest-dst spec.\n"
    "\n"
    "  --list                  print the scenarios (name, tab, description) and exit\n"
    "  --scenario NAME         run only this scenario; repeat to run several\n"
    "  --repeat N              run every scenario N times, each with its own seed (default 1)\n"
    "  --seed S                seed of the first iteration (default: random)\n"
    "  --jitter-ms N           delay each actor's start in a parallel step by a seeded\n"
    "                          random 0..N ms, to vary interleavings (default 0)\n"
    "  --step-timeout-ms N     fail a step still running after N ms (default 60000)\n"
    "  --continue-on-error     keep running after a failed run\n"
    "  --help                  print this help\n"
    "\n"
    "ATTEST_DST_SEED=S in the environment overrides --seed; every failure prints the seed\n"
    "that reproduces it. Exit status: 0 passed, 1 failed, 2 usage error.\n";

struct MainArguments {
  bool help = false;
  bool list = false;
  std::vector<std::string> scenarios;
  RunOptions options;
};

inline long long ParseCount(std::string_view flag, std::string_view value, long long min) {
  std::string text(value);
  char* end = nullptr;
  errno = 0;
  const long long number = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || errno != 0 || *end != '\0' || number < min) {
    throw UsageError(std::string(flag) + " expects a whole number of at least " +
                     std::to_string(min) + ", got \"" + text + "\"");
  }
  return number;
}

inline MainArguments ParseMainArguments(int argc, char** argv) {
  MainArguments args;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    std::string_view value;
    bool has_value = false;
    if (auto equals = arg.find('='); arg.starts_with("--") && equals != std::string_view::npos) {
      value = arg.substr(equals + 1);
      arg = arg.substr(0, equals);
      has_value = true;
    }
    auto take_value = [&]() -> std::string_view {
      if (has_value) return value;
      if (i + 1 >= argc) throw UsageError(std::string(arg) + " needs a value");
      return argv[++i];
    };
    auto no_value = [&] {
      if (has_value) throw UsageError(std::string(arg) + " takes no value");
    };
    if (arg == "--help" || arg == "-h") {
      no_value();
      args.help = true;
    } else if (arg == "--list") {
      no_value();
      args.list = true;
    } else if (arg == "--continue-on-error") {
      no_value();
      args.options.continue_on_error = true;
    } else if (arg == "--scenario") {
      args.scenarios.emplace_back(take_value());
    } else if (arg == "--repeat") {
      const long long repeat = ParseCount(arg, take_value(), 1);
      if (repeat > std::numeric_limits<int>::max()) {
        throw UsageError("--repeat " + std::to_string(repeat) + " is too large");
      }
      args.options.repeat = static_cast<int>(repeat);
    } else if (arg == "--seed") {
      const std::string_view text = take_value();
      auto seed = ParseSeed(text);
      if (!seed) {
        throw UsageError("--seed expects an unsigned 64-bit integer, got \"" + std::string(text) +
                         "\"");
      }
      args.options.seed = seed;
    } else if (arg == "--jitter-ms") {
      args.options.jitter = std::chrono::milliseconds(ParseCount(arg, take_value(), 0));
    } else if (arg == "--step-timeout-ms") {
      args.options.step_timeout = std::chrono::milliseconds(ParseCount(arg, take_value(), 1));
    } else {
      throw UsageError("unknown argument \"" + std::string(argv[i]) + "\"");
    }
  }
  return args;
}

inline std::string MainUsage(std::string_view program) {
  std::string text(kMainUsage);
  const std::string_view placeholder = "{program}";
  text.replace(text.find(placeholder), placeholder.size(), program);
  return text;
}

template <class Actors, class Init>
int RunMainWith(int argc, char** argv, std::span<const ScenarioEntry<Actors>> scenarios,
                void (*validate)(const Actors&), Init& init, std::ostream& out,
                std::ostream& err) {
  const std::string program = argc > 0 && argv[0] != nullptr ? argv[0] : "dst";
  MainArguments args;
  std::vector<std::size_t> selected;
  try {
    args = ParseMainArguments(argc, argv);
    for (const std::string& name : args.scenarios) {
      std::size_t index = 0;
      while (index < scenarios.size() && scenarios[index].name != name) ++index;
      if (index == scenarios.size()) {
        std::vector<std::string> known;
        for (const auto& entry : scenarios) known.emplace_back(entry.name);
        throw UsageError("--scenario \"" + name + "\": no such scenario (known: " +
                         attest::detail::Join(known) + ")");
      }
      selected.push_back(index);
    }
  } catch (const UsageError& error) {
    err << program << ": " << error.what() << "\n(run " << program << " --help for usage)\n";
    return kExitUsage;
  }
  if (args.help) {
    out << MainUsage(program);
    return kExitPassed;
  }
  if (args.list) {
    for (const auto& entry : scenarios) {
      out << entry.name;
      if (!entry.description.empty()) out << '\t' << entry.description;
      out << '\n';
    }
    return kExitPassed;
  }
  if (selected.empty()) selected = AllIndices<Actors>(scenarios);

  Context ctx;
  RunReport report;
  try {
    report = RunSelected<Actors>(
        ctx, scenarios, selected, validate, init, args.options, [&](const RunRecord& run) {
          out << (run.Passed() ? "PASS " : "FAIL ") << run.scenario << " (iteration "
              << run.iteration << ", seed " << run.seed << ", " << attest::detail::DurationText(run.duration)
              << ")\n";
          if (!run.Passed()) out << run.error << '\n';
          out.flush();
        });
  } catch (const UsageError& error) {
    err << program << ": " << error.what() << '\n';
    return kExitUsage;
  }
  out << report.total_runs << (report.total_runs == 1 ? " run, " : " runs, ")
      << report.failed_runs << " failed\n";
  return report.Passed() ? kExitPassed : kExitFailed;
}

}  // namespace detail

// See the top of this file. Prints progress to stdout, usage errors to stderr.
template <class Actors, class Init>
int RunMain(int argc, char** argv, std::span<const ScenarioEntry<Actors>> scenarios,
            void (*validate)(const Actors&), Init& init) {
  return detail::RunMainWith<Actors>(argc, argv, scenarios, validate, init, std::cout, std::cerr);
}

}  // namespace attest::dst
