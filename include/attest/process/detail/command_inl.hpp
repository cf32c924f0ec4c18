// Definitions of process/command.hpp.
#pragma once

#include "attest/process/command.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <thread>

#include "attest/detail/duration_text.hpp"
#include "attest/process/detail/spawn_inl.hpp"

namespace attest::process {

namespace detail {

ATTEST_INLINE std::string SignalName(int sig) {
  switch (sig) {
    case SIGKILL: return "SIGKILL";
    case SIGTERM: return "SIGTERM";
    case SIGINT: return "SIGINT";
    case SIGSEGV: return "SIGSEGV";
    case SIGABRT: return "SIGABRT";
    case SIGPIPE: return "SIGPIPE";
    case SIGBUS: return "SIGBUS";
    case SIGHUP: return "SIGHUP";
    default: return "signal " + std::to_string(sig);
  }
}

ATTEST_INLINE std::string Trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

}  // namespace detail

ATTEST_INLINE std::string Outcome::Describe() const {
  if (!started) return "could not start: " + start_error;
  if (timed_out) return "timed out after " + attest::detail::DurationText(duration) + " and was killed";
  if (cancelled) return "stopped because the run was cancelled";
  if (signal != 0) return "killed by " + detail::SignalName(signal);
  return "exit status " + std::to_string(exit_code);
}

ATTEST_INLINE std::string Outcome::CommandLine() const { return QuoteCommandLine(argv); }

ATTEST_INLINE std::string Outcome::Output() const {
  std::string e = detail::Trimmed(err);
  std::string o = detail::Trimmed(out);
  if (e.empty()) return o;
  if (o.empty()) return e;
  return e + "\n" + o;
}

ATTEST_INLINE std::string QuoteCommandLine(const std::vector<std::string>& argv) {
  std::string line;
  for (const auto& arg : argv) {
    if (!line.empty()) line += ' ';
    const bool plain = !arg.empty() && arg.find_first_not_of(
                                           "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                           "0123456789-_./=:,+@%") == std::string::npos;
    if (plain) {
      line += arg;
      continue;
    }
    line += '\'';
    for (char c : arg) {
      if (c == '\'') {
        line += "'\\''";
      } else {
        line += c;
      }
    }
    line += '\'';
  }
  return line;
}

ATTEST_INLINE std::optional<std::string> FindProgram(const std::string& program) {
  auto executable = [](const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) && ::access(path.c_str(), X_OK) == 0;
  };
  if (program.empty()) return std::nullopt;
  if (program.find('/') != std::string::npos) {
    if (executable(program)) return program;
    return std::nullopt;
  }
  const char* path = std::getenv("PATH");
  const std::string dirs = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    const auto colon = dirs.find(':', start);
    std::string dir = dirs.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
    if (dir.empty()) dir = ".";
    const std::string candidate = dir + "/" + program;
    if (executable(candidate)) return candidate;
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  return std::nullopt;
}

ATTEST_INLINE Outcome Run(const Command& command) {
  using Clock = std::chrono::steady_clock;
  Outcome outcome;
  outcome.argv = command.argv;
  const auto started = Clock::now();
  const bool with_input = !command.input.empty();
  detail::Child child = detail::Spawn(command.argv, command.env, with_input, outcome.start_error);
  if (child.pid < 0) {
    outcome.duration = Clock::now() - started;
    return outcome;
  }
  outcome.started = true;

  // Writing input must never raise SIGPIPE when the child stops reading.
  std::optional<detail::SigpipeGuard> sigpipe;
  if (with_input) sigpipe.emplace();

  const auto deadline = started + command.timeout;
  std::size_t written = 0;
  bool exited = false;
  int status = 0;
  Clock::time_point exited_at{};
  // After the child exits, its output is read until end of file; a grandchild that
  // keeps the pipes open gets this long before attest stops listening.
  constexpr auto kDrainAfterExit = std::chrono::milliseconds(100);

  while (true) {
    if (!exited && detail::ReapIfExited(child.pid, status)) {
      exited = true;
      exited_at = Clock::now();
      child.pidfd.Reset();
    }
    const auto now = Clock::now();
    if (exited && ((!child.output.IsOpen() && !child.error.IsOpen()) || now - exited_at > kDrainAfterExit))
      break;
    if (!exited && now >= deadline) {
      outcome.timed_out = true;
      break;
    }
    if (!exited && command.cancelled && command.cancelled()) {
      outcome.cancelled = true;
      break;
    }

    pollfd fds[4];
    nfds_t count = 0;
    auto add = [&](const detail::Fd& fd, short events) {
      if (fd.IsOpen()) fds[count++] = pollfd{fd.Get(), events, 0};
    };
    add(child.output, POLLIN);
    add(child.error, POLLIN);
    if (child.input.IsOpen()) add(child.input, POLLOUT);
    if (!exited) add(child.pidfd, POLLIN);

    auto wait = exited
                    ? std::chrono::duration_cast<std::chrono::milliseconds>(exited_at + kDrainAfterExit - now)
                    : std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
    if (command.cancelled) wait = std::min(wait, std::chrono::milliseconds(10));
    if (!exited && !child.pidfd.IsOpen()) wait = std::min(wait, std::chrono::milliseconds(10));
    wait = std::max(wait, std::chrono::milliseconds(1));
    const int ready = ::poll(fds, count, static_cast<int>(wait.count()));
    if (ready < 0 && errno != EINTR) break;

    for (nfds_t i = 0; i < count && ready > 0; ++i) {
      if (fds[i].revents == 0) continue;
      if (fds[i].fd == child.output.Get()) {
        if (!detail::ReadAvailable(child.output.Get(), outcome.out, command.max_output)) child.output.Reset();
      } else if (fds[i].fd == child.error.Get()) {
        if (!detail::ReadAvailable(child.error.Get(), outcome.err, command.max_output)) child.error.Reset();
      } else if (fds[i].fd == child.input.Get()) {
        if ((fds[i].revents & (POLLERR | POLLHUP)) != 0) {
          child.input.Reset();  // the child closed its stdin: the rest is not wanted
          continue;
        }
        const ssize_t n =
            ::write(child.input.Get(), command.input.data() + written, command.input.size() - written);
        if (n > 0) {
          written += static_cast<std::size_t>(n);
          if (written == command.input.size()) child.input.Reset();
        } else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
          child.input.Reset();  // EPIPE: the child is gone or stopped reading
        }
      }
    }
  }

  if (!exited) status = detail::KillAndReap(child.pid);
  child.input.Reset();
  if (child.output.IsOpen()) detail::ReadAvailable(child.output.Get(), outcome.out, command.max_output);
  if (child.error.IsOpen()) detail::ReadAvailable(child.error.Get(), outcome.err, command.max_output);
  if (WIFEXITED(status)) outcome.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) outcome.signal = WTERMSIG(status);
  outcome.duration = Clock::now() - started;
  return outcome;
}

ATTEST_INLINE std::vector<Outcome> RunAll(const std::vector<Command>& commands) {
  std::vector<Outcome> outcomes(commands.size());
  if (commands.size() == 1) {
    outcomes[0] = Run(commands[0]);
    return outcomes;
  }
  {
    std::vector<std::jthread> threads;
    threads.reserve(commands.size());
    for (std::size_t i = 0; i < commands.size(); ++i) {
      threads.emplace_back([&, i] { outcomes[i] = Run(commands[i]); });
    }
  }
  return outcomes;
}

}  // namespace attest::process
