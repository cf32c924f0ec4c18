// Running a command: arguments without a shell, input on stdin, output captured, a
// timeout, cancellation, and the whole process group killed when it has to stop.
//
//   process::Command command{{"docker", "network", "rm", "attest-1a2b"}};
//   command.timeout = std::chrono::seconds(10);
//   process::Outcome outcome = process::Run(command);
//   if (!outcome.Ok()) throw InfrastructureError("...", outcome.CommandLine(), outcome.Output());
//
// The child runs in a process group of its own (so a Ctrl-C at the terminal reaches
// only the test process, which then decides what to stop), with the default signal
// dispositions and an empty signal mask, and sees only stdin, stdout and stderr of the
// caller's descriptors. Run never throws for a command that fails or cannot start:
// the Outcome says what happened. It never leaves a zombie behind, and writing input to
// a child that has exited is an error in the Outcome, never a SIGPIPE.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "attest/detail/inline.hpp"

namespace attest::process {

struct Command {
  Command() = default;
  Command(std::vector<std::string> arguments) : argv(std::move(arguments)) {}  // NOLINT: implicit on purpose

  // argv[0] is looked up in PATH unless it contains a '/'.
  std::vector<std::string> argv;
  // Written to the child's stdin, which is then closed (stdin is /dev/null when empty).
  std::string input;
  // After this long the process group gets SIGKILL and the Outcome says timed_out.
  std::chrono::milliseconds timeout = std::chrono::seconds(60);
  // Polled every few milliseconds; when it answers true the process group is killed
  // and the Outcome says cancelled. Empty: never cancelled.
  std::function<bool()> cancelled;
  // Set (or override) these variables in the child's environment.
  std::vector<std::pair<std::string, std::string>> env;
  // Most bytes kept per stream; beyond it the oldest output is dropped (the end of a
  // failing command's output is what explains it).
  std::size_t max_output = 8u << 20;
};

struct Outcome {
  std::vector<std::string> argv;
  bool started = false;     // false: could not start (see start_error)
  std::string start_error;  // "No such file or directory"
  int exit_code = -1;       // the exit status, when it exited by itself
  int signal = 0;           // the signal that ended it, when one did
  bool timed_out = false;
  bool cancelled = false;
  std::string out;
  std::string err;
  std::chrono::nanoseconds duration{0};

  // Started, exited by itself with status 0.
  bool Ok() const { return started && !timed_out && !cancelled && signal == 0 && exit_code == 0; }
  // "exit status 1", "killed by signal 9", "timed out after 5s", "could not start: ..."
  std::string Describe() const;
  // The command as a shell would need it written, for messages.
  std::string CommandLine() const;
  // stderr and stdout together, trimmed, for messages ("" when both are empty).
  std::string Output() const;
};

// Runs the command to completion (or timeout, or cancellation). Thread-safe.
Outcome Run(const Command& command);

// Runs each command at once, in parallel, and waits for all; outcomes in order.
std::vector<Outcome> RunAll(const std::vector<Command>& commands);

// argv quoted for a POSIX shell, for messages: {"sh", "-c", "a b"} -> "sh -c 'a b'".
std::string QuoteCommandLine(const std::vector<std::string>& argv);

// The full path of `program` found in PATH (or `program` itself when it has a '/'
// and is executable); nullopt when there is none.
std::optional<std::string> FindProgram(const std::string& program);

}  // namespace attest::process

#if ATTEST_HEADER_ONLY
#include "attest/process/detail/command_inl.hpp"
#endif
