// Definitions of runner/main.hpp.
#pragma once

#include "attest/runner/main.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <exception>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "attest/cluster/backends.hpp"
#include "attest/cluster/docker.hpp"
#include "attest/cluster/run_log.hpp"
#include "attest/detail/cancellation.hpp"
#include "attest/detail/interrupts.hpp"
#include "attest/detail/strings.hpp"
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
    // Numbers are right-aligned, so keys and titles line up past stage 9 as well.
    const std::size_t number_width = std::to_string(challenge.stages.size()).size();
    for (std::size_t i = 0; i < challenge.stages.size(); ++i) {
      const Stage& stage = challenge.stages[i];
      const std::string number = std::to_string(i + 1);
      out += "  " + std::string(number_width - number.size(), ' ') + number + ". " + stage.key;
      if (!stage.title.empty()) out += std::string(width - stage.key.size() + 2, ' ') + stage.title;
      out += '\n';
    }
  }
  return out;
}

// --list-stages: "challenge<TAB>stage<TAB>title" per stage, in run order, for tools such
// as attest_discover_stages. Keys hold no whitespace (registration checks it); a tab or
// line break in a title becomes a space so that every stage stays one line.
ATTEST_INLINE std::string StageListing(const std::vector<std::pair<std::string, Challenge>>& challenges) {
  std::string out;
  for (const auto& [key, challenge] : challenges) {
    for (const Stage& stage : challenge.stages) {
      std::string title = stage.title;
      std::replace_if(
          title.begin(), title.end(), [](char c) { return c == '\t' || c == '\n' || c == '\r'; }, ' ');
      out += key + '\t' + stage.key + '\t' + title + '\n';
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
      "usage error, 77 when none failed but one was skipped because this machine cannot\n"
      "run it (no Docker engine, say; 77 is ctest's skip code), 130 when interrupted.\n"
      "\nChallenges:\n";
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

// "unknown challenge "http-api"; it is a stage of kv-store: run `prog kv-store http-api`":
// a stage named where the challenge belongs (several challenges are registered) says
// which challenge has it and the command that runs it.
ATTEST_INLINE std::string UnknownChallengeMessage(const std::vector<std::pair<std::string, Challenge>>& all,
                                                  const std::vector<std::string>& positional,
                                                  const std::string& program) {
  const std::string& name = positional.front();
  std::string message = "unknown challenge \"" + name + "\"";
  std::vector<std::string> owners, commands;
  for (const auto& [key, challenge] : all) {
    const bool has_stage = std::any_of(challenge.stages.begin(), challenge.stages.end(),
                                       [&](const Stage& stage) { return stage.key == name; });
    if (!has_stage) continue;
    owners.push_back(key);
    std::string command = program + " " + key;
    for (const std::string& stage : positional) command += " " + stage;
    commands.push_back("`" + command + "`");
  }
  if (owners.empty()) return message + "; known challenges: " + Join(Keys(all));
  return message + "; it is a stage of " + Join(owners, " and ") + ": run " + Join(commands, " or ");
}

// Which challenge and stages the positional arguments name; throws UsageError that
// lists what exists. `program` is argv[0], for the command a message suggests.
ATTEST_INLINE Selection SelectStages(const std::vector<std::pair<std::string, Challenge>>& all,
                                     const std::vector<std::string>& positional, const std::string& program) {
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
        throw UsageError("several challenges are registered; name one: " + Join(Keys(all)));
      }
      throw UsageError(UnknownChallengeMessage(all, positional, program));
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
                       "\"; known stages: " + Join(known));
    }
    // A stage named twice runs once.
    if (std::find(selection.stages.begin(), selection.stages.end(), found) == selection.stages.end()) {
      selection.stages.push_back(found);
    }
  }
  return selection;
}

// --logs: the stage's run log, interleaved by time, after its report.
ATTEST_INLINE void PrintStageLogs(std::FILE* out, const std::string& stage, const SuiteResult& result,
                                  const std::vector<std::string>& nodes) {
  if (result.log_directory.empty()) {
    std::string why = "its nodes were not started by attest";
    if (!result.skipped_reason.empty())
      why = "the stage was skipped";
    else if (result.setup_failure)
      why = "no cluster was started";
    Print(out, "\nlogs of " + stage + ": none kept (" + why + ")\n");
    return;
  }
  std::ostringstream text;
  text << "\nlogs of " << stage << " (" << result.log_directory << "):\n";
  PrintRunLog(text, result.log_directory, nodes);
  Print(out, text.str());
}

// --backend must name a backend this program has: a misspelling is a usage error
// before any stage runs, not the same failure in every stage.
ATTEST_INLINE std::optional<std::string> UnknownBackendError(const std::string& name) {
  docker::RegisterBuiltInBackend();  // as Suite::Run does, so "docker" is known
  if (FindClusterBackend(name) != nullptr) return std::nullopt;
  return "--backend \"" + name +
         "\": no node backend has that name; this program has: " + ClusterBackendNames();
}

// Builds and runs one stage. A stage whose suite cannot even be built (its function
// or an option throws) is reported as a failed suite, so console and JUnit show it.
// A suite this machine cannot run comes back with `skipped_reason` set.
ATTEST_INLINE SuiteResult RunStage(const Stage& stage, const RunnerOptions& options, Reporter& reporter) {
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
    return result;
  }
  return suite.RunWithResult(reporter);
}

}  // namespace detail

ATTEST_INLINE int Main(int argc, const char* const* argv, const MainStreams& streams) {
  const std::string program = argc > 0 && argv[0] != nullptr ? argv[0] : "attest";
  auto usage_error = [&](const std::string& message) {
    detail::Print(streams.err, detail::UsageErrorText(program, message));
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
    if (options.list_stages) {
      detail::Print(streams.out, detail::StageListing(challenges));
      return 0;
    }
    if (!options.backend.empty()) {
      if (auto error = detail::UnknownBackendError(options.backend)) return usage_error(*error);
    }
    detail::Selection selection;
    try {
      selection = detail::SelectStages(challenges, options.positional, program);
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
    const std::string name = selection.challenge.name.empty() ? selection.key : selection.challenge.name;
    console.Heading(name + " (" + selection.key + "): " + detail::CountOf(total, "stage"));
    const auto started = std::chrono::steady_clock::now();
    std::vector<std::string> failed, skipped, not_run;
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
      SuiteResult result;
      try {
        result = detail::RunStage(*stage, options, reporter);
      } catch (const std::exception& error) {
        detail::Print(streams.err, "error: stage " + stage->key + ": " + error.what() + "\n");
      }
      if (options.logs) detail::PrintStageLogs(streams.out, stage->key, result, options.log_nodes);
      // A stage this machine cannot run is skipped, not failed: the run goes on.
      if (!result.skipped_reason.empty()) {
        skipped.push_back(stage->key);
      } else if (!result.passed) {
        failed.push_back(stage->key);
      }
    }

    if (total > 1) {
      const std::size_t passed = total - failed.size() - skipped.size() - not_run.size();
      std::string summary = "passed " + std::to_string(passed) + " of " + detail::CountOf(total, "stage") +
                            " in " + detail::DurationText(std::chrono::steady_clock::now() - started);
      if (!failed.empty()) summary += "; failed: " + detail::Join(failed);
      if (!skipped.empty()) {
        summary += "; skipped: " + detail::Join(skipped) + " (this machine cannot run them)";
      }
      if (!not_run.empty()) {
        summary += "; not run: " + detail::Join(not_run) +
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
    if (!failed.empty()) return 1;
    return skipped.empty() ? 0 : 77;  // 77: ctest's SKIP_RETURN_CODE convention
  } catch (const std::exception& error) {
    detail::Print(streams.err, std::string("error: ") + error.what() + "\n");
    return 1;
  }
}

ATTEST_INLINE int Main(int argc, char** argv) {
  detail::InterruptGuard interrupts(/*reset=*/true);
  return Main(argc, argv, MainStreams{});
}

}  // namespace attest
