// Definitions of cluster/docker/container.hpp.
#pragma once

#include "attest/cluster/docker/container.hpp"

#include <csignal>

#include "attest/cluster/docker/detail/labels_inl.hpp"
#include "attest/detail/duration_text.hpp"
#include "attest/error.hpp"

namespace attest::docker {

namespace detail {

ATTEST_INLINE std::string Trim(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace detail

ATTEST_INLINE ContainerState InspectContainer(const Cli& cli, const std::string& container,
                                              const std::string& who, bool cancellable) {
  Cli::Options options;
  options.cancellable = cancellable;
  options.timeout = std::chrono::seconds(20);
  const std::string out =
      cli.Check({"inspect", "--format",
                 "{{.State.Status}} {{.State.ExitCode}} {{.State.Pid}} {{.State.OOMKilled}}", container},
                who + ": reading the state of its container " + container, options);
  ContainerState state;
  const auto fields = detail::SplitOn(detail::Trim(out), ' ');
  if (!fields.empty()) state.status = fields[0];
  try {
    if (fields.size() > 1) state.exit_code = std::stoi(fields[1]);
    if (fields.size() > 2) state.pid = std::stoi(fields[2]);
  } catch (...) {
  }
  state.oom_killed = fields.size() > 3 && fields[3] == "true";
  return state;
}

ATTEST_INLINE std::string EndContainer(const Cli& cli, const std::string& container, int signal,
                                       std::chrono::milliseconds grace) {
  Cli::Options wait;
  wait.timeout = std::chrono::seconds(30);
  if (signal != SIGKILL) {
    const process::Outcome term = cli.Run({"kill", "-s", "TERM", container});
    if (term.cancelled) throw Cancelled();
    if (!term.Ok()) {
      // `docker kill` refuses a container that is not running: it had exited already.
      cli.ThrowIfEngineProblem(term);
      return "it had exited already";
    }
    Cli::Options graceful;
    graceful.timeout = std::max(grace, std::chrono::milliseconds(1));
    const process::Outcome waited = cli.Run({"wait", container}, graceful);
    if (waited.cancelled) throw Cancelled();
    if (waited.Ok()) return "exit status " + detail::Trim(waited.out);
    if (!waited.timed_out) cli.Fail("waiting for " + container + " to exit", waited);
  }
  const process::Outcome kill = cli.Run({"kill", "-s", "KILL", container});
  if (kill.cancelled) throw Cancelled();
  cli.ThrowIfEngineProblem(kill);
  const process::Outcome waited = cli.Run({"wait", container}, wait);
  if (waited.cancelled) throw Cancelled();
  if (signal != SIGKILL) {
    return "still running " + attest::detail::ExactDurationText(grace) + " after SIGTERM, so it got SIGKILL";
  }
  return kill.Ok() ? "" : "it had exited already";
}

}  // namespace attest::docker
