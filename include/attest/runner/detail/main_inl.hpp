// Definitions of runner/main.hpp.
#pragma once

#include "attest/runner/main.hpp"

#include <algorithm>
#include <csignal>
#include <chrono>
#include <cstdio>
#include <exception>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "attest/detail/cancellation.hpp"
#include "attest/dsl/options.hpp"
#include "attest/dsl/suite.hpp"
#include "attest/error.hpp"
#include "attest/report/console.hpp"
#include "attest/report/detail/text.hpp"
#include "attest/report/junit.hpp"
#include "attest/report/multi.hpp"
#include "attest/runner/cli.hpp"

namespace attest {
namespace detail {

ATTEST_INLINE void Print(std::FILE* stream, const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stream);
  std::fflush(stream);
}

ATTEST_INLINE std::string JoinKeys(const std::vector<std::string>& keys) {
  std::string out;
  for (std::size_t i = 0; i < keys.size(); ++i) out += (i ? ", " : "") + keys[i];
  return out;
}

ATTEST_INLINE std::string ChallengeList(const std::vector<std::pair<std::string, Challenge>>& challenges) {
  if (challenges.empty()) return "No challenges are registered.\n";
  std::string out;
  for (const auto& [key, challenge] : challenges) {
    if (!out.empty()) out += '\n';
    out += key;
    if (!challenge.name.empty()) out += "  " + challenge.name;
    out += '\n';
    if (!challenge.summary.empty()) AppendIndented(out, "  ", "  ", challenge.summary);
    std::size_t width = 0;
    for (const Stage& stage : challenge.stages) width = std::max(width, stage.key.size());
    for (std::size_t i = 0; i < challenge.stages.size(); ++i) {
      const Stage& stage = challenge.stages[i];
      out += "  " + std::to_string(i + 1) + ". " + stage.key;
      if (!stage.title.empty()) out += std::string(width - stage.key.size() + 2, ' ') + stage.title;
      out += '\n';
    }
  }
  return out;
}

ATTEST_INLINE std::string RunnerHelp(const std::string& program,
                              const std::vector<std::pair<std::string, Challenge>>& challenges) {
  std::string out = "Usage: " + program + " [options] [challenge] [stage...]\n\n";
  out +=
      "Runs the stages of a challenge: each stage is a test suite against the nodes of a\n"
      "system under test. Without stages, every stage of the challenge runs, in order;\n"
      "named stages run in the order given. The challenge may be left out when only one\n"
      "is registered. The first failing stage stops the run unless --keep-going is given.\n\n";
  out += "Options:\n" + RunnerFlagHelp();
  out +=
      "\nExit status: 0 when every selected stage passed, 1 when a stage failed, 2 for a\n"
      "usage error.\n\nChallenges:\n";
  std::string list;
  AppendIndented(list, "  ", "  ", ChallengeList(challenges));
  out += list.substr(0, list.size() - 1);  // the list ends with its own newline
  return out;
}

struct Selection {
  std::string key;
  Challenge challenge;
  std::vector<std::size_t> stages;  // indexes into challenge.stages, in run order
};

ATTEST_INLINE std::vector<std::string> Keys(const std::vector<std::pair<std::string, Challenge>>& all) {
  std::vector<std::string> keys;
  for (const auto& entry : all) keys.push_back(entry.first);
  return keys;
}

// Which challenge and stages the positional arguments name; throws UsageError that
// lists what exists.
ATTEST_INLINE Selection SelectStages(const std::vector<std::pair<std::string, Challenge>>& all,
                              const std::vector<std::string>& positional) {
  if (all.empty()) {
    throw UsageError("no challenges are registered (register them with ATTEST_REGISTER_CHALLENGE)");
  }
  const std::pair<std::string, Challenge>* chosen = nullptr;
  std::size_t first_stage = 0;
  if (!positional.empty()) {
    for (const auto& entry : all) {
      if (entry.first == positional.front()) chosen = &entry;
    }
    if (chosen != nullptr) first_stage = 1;
  }
  if (chosen == nullptr) {
    if (all.size() > 1) {
      if (positional.empty()) {
        throw UsageError("several challenges are registered; name one: " + JoinKeys(Keys(all)));
      }
      throw UsageError("unknown challenge \"" + positional.front() +
                       "\"; known challenges: " + JoinKeys(Keys(all)));
    }
    chosen = &all.front();
  }
  Selection selection{chosen->first, chosen->second, {}};
  const std::vector<Stage>& stages = selection.challenge.stages;
  if (first_stage == positional.size()) {
    for (std::size_t i = 0; i < stages.size(); ++i) selection.stages.push_back(i);
    return selection;
  }
  for (std::size_t i = first_stage; i < positional.size(); ++i) {
    std::size_t found = stages.size();
    for (std::size_t k = 0; k < stages.size(); ++k) {
      if (stages[k].key == positional[i]) found = k;
    }
    if (found == stages.size()) {
      std::vector<std::string> known;
      for (const Stage& stage : stages) known.push_back(stage.key);
      throw UsageError("unknown stage \"" + positional[i] + "\" in challenge \"" + selection.key +
                       "\"; known stages: " + JoinKeys(known));
    }
    // A stage named twice runs once.
    if (std::find(selection.stages.begin(), selection.stages.end(), found) ==
        selection.stages.end()) {
      selection.stages.push_back(found);
    }
  }
  return selection;
}

// Builds and runs one stage. A stage whose suite cannot even be built (its function
// or an option throws) is reported as a failed suite, so console and JUnit show it.
ATTEST_INLINE bool RunStage(const Stage& stage, const RunnerOptions& options, Reporter& reporter) {
  Suite suite;
  try {
    suite = stage.factory();
    suite.With(WithName(stage.key));
    for (const Option& option : options.suite_options) suite.With(option);
  } catch (const std::exception& error) {
    SuiteResult result;
    result.name = stage.key;
    FailureReport report;
    report.title = "stage \"" + stage.key + "\" could not be built";
    report.message = error.what();
    result.setup_failure = std::move(report);
    reporter.SuiteStarting(stage.key, 0);
    reporter.SuiteFinished(result);
    return false;
  }
  return suite.Run(reporter);
}

}  // namespace detail

ATTEST_INLINE int Main(int argc, const char* const* argv, const MainStreams& streams) {
  const std::string program = argc > 0 && argv[0] != nullptr ? argv[0] : "attest";
  auto usage_error = [&](const std::string& message) {
    detail::Print(streams.err, "error: " + message + "\nRun " + program + " --help for usage.\n");
    return 2;
  };
  try {
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i) args.emplace_back(argv[i] != nullptr ? argv[i] : "");
    detail::RunnerOptions options;
    try {
      options = detail::ParseRunnerArgs(args);
    } catch (const UsageError& error) {
      return usage_error(error.what());
    }
    const auto challenges = RegisteredChallenges();
    if (options.help) {
      detail::Print(streams.out, detail::RunnerHelp(program, challenges));
      return 0;
    }
    if (const auto problems = RegistrationProblems(); !problems.empty()) {
      std::string text = "error: the challenges are registered wrongly:\n";
      for (const std::string& problem : problems) text += "  " + problem + "\n";
      detail::Print(streams.err, text);
      return 2;
    }
    if (options.list) {
      detail::Print(streams.out, detail::ChallengeList(challenges));
      return 0;
    }
    detail::Selection selection;
    try {
      selection = detail::SelectStages(challenges, options.positional);
    } catch (const UsageError& error) {
      return usage_error(error.what());
    }

    ConsoleReporter console(streams.out,
                            options.no_color ? TextStyle::Plain() : TextStyle::ForStream(streams.out));
    MultiReporter reporter{&console};
    std::optional<JUnitReporter> junit;
    if (!options.junit_path.empty()) {
      try {
        junit.emplace(options.junit_path, selection.key);
      } catch (const Error& error) {
        return usage_error(error.what());
      }
      junit->SetProperty("challenge", selection.key);
      if (!selection.challenge.name.empty()) {
        junit->SetProperty("challenge.name", selection.challenge.name);
      }
      for (const auto& [name, value] : options.properties) junit->SetProperty(name, value);
      reporter.Add(*junit);
    }

    const std::size_t total = selection.stages.size();
    const std::string name =
        selection.challenge.name.empty() ? selection.key : selection.challenge.name;
    console.Heading(name + " (" + selection.key + "): " + detail::CountOf(total, "stage"));
    const auto started = std::chrono::steady_clock::now();
    std::vector<std::string> failed, not_run;
    for (const std::size_t index : selection.stages) {
      const Stage* stage = &selection.challenge.stages[index];
      if ((!failed.empty() && !options.keep_going) || detail::ProcessInterrupted()) {
        not_run.push_back(stage->key);
        continue;
      }
      console.SetSuiteTitle(stage->key, stage->title);
      if (junit) {
        junit->SetProperty("stage", stage->key);
        junit->SetProperty("stage.title", stage->title);
      }
      bool passed = false;
      try {
        passed = detail::RunStage(*stage, options, reporter);
      } catch (const std::exception& error) {
        detail::Print(streams.err, "error: stage " + stage->key + ": " + error.what() + "\n");
      }
      if (!passed) failed.push_back(stage->key);
    }

    if (total > 1) {
      std::string summary = "passed " + std::to_string(total - failed.size() - not_run.size()) + " of " +
                            detail::CountOf(total, "stage") + " in " +
                            detail::DurationText(std::chrono::steady_clock::now() - started);
      if (!failed.empty()) summary += "; failed: " + detail::JoinKeys(failed);
      if (!not_run.empty()) {
        summary += "; not run: " + detail::JoinKeys(not_run) +
                   (detail::ProcessInterrupted() ? " (interrupted)" : " (--keep-going runs them)");
      }
      console.Heading(summary);
    }
    if (junit) {
      try {
        junit->Write();
      } catch (const Error& error) {
        detail::Print(streams.err, std::string("error: ") + error.what() + "\n");
        return 1;
      }
    }
    if (detail::ProcessInterrupted()) {
      detail::Print(streams.err, "interrupted: the run was stopped and its nodes shut down\n");
      return 130;
    }
    return failed.empty() ? 0 : 1;
  } catch (const std::exception& error) {
    detail::Print(streams.err, std::string("error: ") + error.what() + "\n");
    return 1;
  }
}

namespace detail {

// While the runner runs, SIGINT and SIGTERM cancel the run instead of killing the
// process, so waits end, suites stop and clusters are shut down; a second signal
// kills as usual. Previous handlers come back afterwards.
class InterruptGuard {
 public:
  InterruptGuard() {
    ProcessInterrupted() = false;
    previous_int_ = std::signal(SIGINT, &OnSignal);
    previous_term_ = std::signal(SIGTERM, &OnSignal);
  }
  ~InterruptGuard() {
    std::signal(SIGINT, previous_int_);
    std::signal(SIGTERM, previous_term_);
  }
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

 private:
  static void OnSignal(int signal) {
    ProcessInterrupted() = true;  // lock-free atomic: safe in a handler
    std::signal(signal, SIG_DFL);
  }
  void (*previous_int_)(int) = SIG_DFL;
  void (*previous_term_)(int) = SIG_DFL;
};

}  // namespace detail

ATTEST_INLINE int Main(int argc, char** argv) {
  detail::InterruptGuard interrupts;
  return Main(argc, argv, MainStreams{});
}

}  // namespace attest
