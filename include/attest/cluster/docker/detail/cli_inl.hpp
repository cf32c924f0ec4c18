// Definitions of cluster/docker/cli.hpp.
#pragma once

#include "attest/cluster/docker/cli.hpp"

#include <cstdlib>

#include "attest/cluster/docker/errors.hpp"
#include "attest/detail/cancellation.hpp"
#include "attest/error.hpp"

namespace attest::docker {

namespace detail {

// This machine cannot run Docker nodes at all (no CLI, no engine, no access to it):
// the one place that says so. It is Unavailable: the suite is reported as skipped, with
// this message, and the runner exits 77, since nothing about the program under test is known.
[[noreturn]] ATTEST_INLINE void ThrowNoEngine(const std::string& message, const std::string& command,
                                              const std::string& output) {
  throw Unavailable(message, command, output);
}

}  // namespace detail

ATTEST_INLINE Cli::Cli() {
  const char* program = std::getenv("ATTEST_DOCKER");
  program_ = program != nullptr && *program != '\0' ? program : "docker";
}

ATTEST_INLINE process::Outcome Cli::Run(const std::vector<std::string>& args, const Options& options) const {
  process::Command command;
  command.argv.reserve(args.size() + 1);
  command.argv.push_back(program_);
  command.argv.insert(command.argv.end(), args.begin(), args.end());
  command.input = options.input;
  command.timeout = options.timeout;
  if (options.cancellable || options.stop != nullptr) {
    command.cancelled = [cancellable = options.cancellable, stop = options.stop] {
      return (cancellable && attest::detail::ProcessInterrupted().load(std::memory_order_relaxed)) ||
             (stop != nullptr && stop->load());
    };
  }
  return process::Run(command);
}

ATTEST_INLINE void Cli::ThrowIfEngineProblem(const process::Outcome& outcome) const {
  if (!outcome.started) {
    detail::ThrowNoEngine(CliMissingText(program_, outcome.start_error), outcome.CommandLine(), "");
  }
  const DockerProblem problem = ClassifyDockerFailure(outcome.Output());
  if (problem == DockerProblem::EngineDown || problem == DockerProblem::PermissionDenied) {
    detail::ThrowNoEngine(DockerProblemText(problem, program_), outcome.CommandLine(), outcome.Output());
  }
}

ATTEST_INLINE void Cli::Fail(const std::string& what, const process::Outcome& outcome) const {
  if (outcome.cancelled) throw Cancelled();
  ThrowIfEngineProblem(outcome);
  throw InfrastructureError(what + " failed (" + outcome.Describe() + ")", outcome.CommandLine(),
                            outcome.Output());
}

ATTEST_INLINE std::string Cli::Check(const std::vector<std::string>& args, const std::string& what,
                                     const Options& options) const {
  process::Outcome outcome = Run(args, options);
  if (!outcome.Ok()) Fail(what, outcome);
  return std::move(outcome.out);
}

ATTEST_INLINE Cli::EngineInfo Cli::Engine(std::chrono::milliseconds timeout) const {
  Options options;
  options.timeout = timeout;
  process::Outcome outcome = Run({"info", "--format", "{{.ServerVersion}}|{{.Name}}"}, options);
  if (!outcome.Ok() && outcome.out.find_first_not_of("|\r\n") == std::string::npos) {
    outcome.out.clear();  // the format printed with nothing to fill it: not worth quoting
  }
  if (outcome.Ok()) {
    std::string text = outcome.out;
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    const auto bar = text.find('|');
    EngineInfo info{text.substr(0, bar), bar == std::string::npos ? "" : text.substr(bar + 1)};
    if (!info.version.empty() && info.version != "<no value>") return info;
  }
  if (outcome.cancelled) throw Cancelled();
  ThrowIfEngineProblem(outcome);
  if (outcome.timed_out) {
    throw InfrastructureError("the Docker engine did not answer within " + std::to_string(timeout.count()) +
                                  "ms: check that it is running and not overloaded (docker info)",
                              outcome.CommandLine(), outcome.Output());
  }
  detail::ThrowNoEngine("no Docker engine answers (\"" + program_ +
                            " info\" did not report a server): start one (scripts/docker-engine.sh) or point "
                            "DOCKER_HOST at one",
                        outcome.CommandLine(), outcome.Output());
}

ATTEST_INLINE bool EngineUsesLocalSocket() {
  const char* host = std::getenv("DOCKER_HOST");
  return host == nullptr || *host == '\0' || std::string(host).rfind("unix://", 0) == 0;
}

}  // namespace attest::docker
