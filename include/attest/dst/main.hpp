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
// The command line is read by the flag-table parser every attest program uses
// (attest/detail/command_line.hpp): same rules, same errors, help made from the table.
#pragma once

#include <cstddef>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "attest/detail/command_line.hpp"
#include "attest/detail/inline.hpp"
#include "attest/dst/context.hpp"
#include "attest/dst/options.hpp"
#include "attest/dst/scenario.hpp"
#include "attest/error.hpp"

namespace attest::dst {

inline constexpr int kExitPassed = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

namespace detail {

// What the command line asks for.
struct MainArguments {
  bool help = false;
  bool list = false;
  std::vector<std::string> scenarios;  // --scenario, in the order given
  RunOptions options;
};

// Reads argv[1..]; throws attest::UsageError naming the flag or the value.
MainArguments ParseMainArguments(const std::vector<std::string>& args);

// The --help text; the options part comes from the flag table.
std::string MainUsage(std::string_view program);

// Indices into `names` of the scenarios `requested` names, in the order requested; all of
// them when nothing is requested. Throws UsageError for an unknown name, listing the known.
std::vector<std::size_t> SelectScenarios(const std::vector<std::string>& names,
                                         const std::vector<std::string>& requested);

// "PASS claim_order (iteration 1, seed 99, 1.2ms)\n", then the failure text when it failed.
std::string RunLine(const RunRecord& run);

// "4 runs, 0 failed\n".
std::string ReportSummary(const RunReport& report);

// std::cout and std::cerr, kept out of this header (<iostream> costs every includer).
std::ostream& StandardOut();
std::ostream& StandardError();

template <class Actors, class Init>
int RunMainWith(int argc, char** argv, std::span<const ScenarioEntry<Actors>> scenarios,
                void (*validate)(const Actors&), Init& init, std::ostream& out, std::ostream& err) {
  const std::string program = argc > 0 && argv[0] != nullptr ? argv[0] : "dst";
  std::vector<std::string> names;
  for (const auto& entry : scenarios) names.push_back(entry.name);
  MainArguments args;
  std::vector<std::size_t> selected;
  try {
    args = ParseMainArguments(std::vector<std::string>(argv + (argc > 0 ? 1 : 0), argv + argc));
    if (args.help) {
      out << MainUsage(program);
      return kExitPassed;
    }
    selected = SelectScenarios(names, args.scenarios);
  } catch (const UsageError& error) {
    err << attest::detail::UsageErrorText(program, error.what());
    return kExitUsage;
  }
  if (args.list) {
    for (const auto& entry : scenarios) {
      out << entry.name;
      if (!entry.description.empty()) out << '\t' << entry.description;
      out << '\n';
    }
    return kExitPassed;
  }

  Context ctx;
  RunReport report;
  try {
    report = RunSelected<Actors>(ctx, scenarios, selected, validate, init, args.options,
                                 [&](const RunRecord& run) {
                                   out << RunLine(run);
                                   out.flush();
                                 });
  } catch (const UsageError& error) {
    err << attest::detail::UsageErrorText(program, error.what());
    return kExitUsage;
  }
  out << ReportSummary(report);
  return report.Passed() ? kExitPassed : kExitFailed;
}

}  // namespace detail

// See the top of this file. Prints progress to stdout, usage errors to stderr.
template <class Actors, class Init>
int RunMain(int argc, char** argv, std::span<const ScenarioEntry<Actors>> scenarios,
            void (*validate)(const Actors&), Init& init) {
  return detail::RunMainWith<Actors>(argc, argv, scenarios, validate, init, detail::StandardOut(),
                                     detail::StandardError());
}

}  // namespace attest::dst

#if ATTEST_HEADER_ONLY
#include "attest/dst/detail/main_inl.hpp"
#endif
