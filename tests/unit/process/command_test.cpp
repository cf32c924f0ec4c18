// process::Run against real programs (sh, cat, head, ls): output, input, exit
// status, timeouts that kill the whole process group, cancellation, and what the
// child inherits (descriptors, process group, signal dispositions).
#include <attest/process/command.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

#include <atomic>
#include <chrono>
#include <csignal>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/catch.hpp"

using namespace std::chrono_literals;
using attest::process::Command;
using attest::process::Outcome;
using attest::process::Run;

namespace {

Outcome Sh(const std::string& script, std::chrono::milliseconds timeout = 10s) {
  Command command{{"sh", "-c", script}};
  command.timeout = timeout;
  return Run(command);
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// True when `pid` is gone or a zombie waiting for its (new) parent.
bool IsGone(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  if (!stat) return true;
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  const auto close = text.rfind(')');
  return close != std::string::npos && close + 2 < text.size() && text[close + 2] == 'Z';
}

bool HasNoChildren() {
  int status = 0;
  return ::waitpid(-1, &status, WNOHANG) == -1 && errno == ECHILD;
}

}  // namespace

TEST_CASE("Run captures stdout, stderr and the exit status") {
  const Outcome outcome = Sh("echo out; echo err >&2; exit 3");
  CHECK(outcome.started);
  CHECK(outcome.out == "out\n");
  CHECK(outcome.err == "err\n");
  CHECK(outcome.exit_code == 3);
  CHECK_FALSE(outcome.Ok());
  CHECK(outcome.Describe() == "exit status 3");
  CHECK(outcome.Output() == "err\nout");
}

TEST_CASE("Run reports success only for exit status 0") {
  CHECK(Run(Command{{"true"}}).Ok());
  CHECK_FALSE(Run(Command{{"false"}}).Ok());
}

TEST_CASE("Run feeds its input to the child's stdin and closes it") {
  Command command{{"cat"}};
  command.input = "first line\nsecond line\n";
  const Outcome outcome = Run(command);
  CHECK(outcome.Ok());
  CHECK(outcome.out == command.input);
}

TEST_CASE("Run passes megabytes of input through without deadlock") {
  Command command{{"wc", "-c"}};
  command.input.assign(5u << 20, 'x');
  const Outcome outcome = Run(command);
  REQUIRE(outcome.Ok());
  CHECK(std::stoul(outcome.out) == command.input.size());
}

TEST_CASE("Input to a child that stops reading is an EPIPE, never a SIGPIPE") {
  // `head -c 5` exits after five bytes; the rest of the input hits a closed pipe.
  // Without the guard the test process itself would die of SIGPIPE here.
  Command command{{"head", "-c", "5"}};
  command.input.assign(8u << 20, 'y');
  const Outcome outcome = Run(command);
  CHECK(outcome.Ok());
  CHECK(outcome.out == "yyyyy");
  // And a child that never reads its stdin at all.
  Command ignore{{"true"}};
  ignore.input.assign(4u << 20, 'z');
  CHECK(Run(ignore).Ok());
}

TEST_CASE("A program that does not exist is reported as not started") {
  const Outcome outcome = Run(Command{{"attest-no-such-program-xyz"}});
  CHECK_FALSE(outcome.started);
  CHECK_FALSE(outcome.Ok());
  CHECK(outcome.Describe() == "could not start: No such file or directory");
  CHECK(Run(Command{{}}).start_error == "empty command");
}

TEST_CASE("A timeout kills the command's whole process group") {
  // The shell starts a background sleep (same process group) and waits for it.
  const auto started = std::chrono::steady_clock::now();
  const Outcome outcome = Sh("sleep 30 & echo $!; wait", 300ms);
  const auto took = std::chrono::steady_clock::now() - started;
  CHECK(outcome.timed_out);
  CHECK(outcome.signal == SIGKILL);
  CHECK(took < 10s);
  CHECK(outcome.Describe().find("timed out after") == 0);
  const auto lines = Lines(outcome.out);
  REQUIRE(lines.size() == 1);
  const pid_t grandchild = std::stoi(lines[0]);
  // The grandchild got the SIGKILL too (it may linger a moment as a zombie of init).
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!IsGone(grandchild) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(10ms);
  CHECK(IsGone(grandchild));
}

TEST_CASE("Run stops the command when it is cancelled") {
  std::atomic<bool> cancel{false};
  std::jthread canceller([&] {
    std::this_thread::sleep_for(100ms);
    cancel = true;
  });
  Command command{{"sleep", "30"}};
  command.cancelled = [&] { return cancel.load(); };
  const auto started = std::chrono::steady_clock::now();
  const Outcome outcome = Run(command);
  CHECK(outcome.cancelled);
  CHECK_FALSE(outcome.Ok());
  CHECK(std::chrono::steady_clock::now() - started < 10s);
}

TEST_CASE("A command that exits while a grandchild keeps its output open still returns") {
  // The background sleep inherits stdout; Run stops listening shortly after the shell
  // exits instead of waiting for the pipe to close.
  const auto started = std::chrono::steady_clock::now();
  const Outcome outcome = Sh("echo started; sleep 3 &", 10s);
  CHECK(outcome.Ok());
  CHECK(outcome.out == "started\n");
  CHECK(std::chrono::steady_clock::now() - started < 2500ms);
}

TEST_CASE("The child inherits no descriptor beyond stdin, stdout and stderr") {
  const int leaky = ::open("/dev/null", O_RDONLY);  // deliberately without O_CLOEXEC
  REQUIRE(leaky > 2);
  const Outcome outcome = Run(Command{{"ls", "/proc/self/fd"}});
  ::close(leaky);
  REQUIRE(outcome.Ok());
  std::set<std::string> fds;
  for (const auto& line : Lines(outcome.out)) fds.insert(line);
  // ls itself holds one more descriptor: the directory it lists.
  CHECK(fds.count(std::to_string(leaky)) == 0);
  CHECK(fds.size() <= 4);
  CHECK(fds.count("0") == 1);
  CHECK(fds.count("1") == 1);
  CHECK(fds.count("2") == 1);
}

TEST_CASE("The child leads a process group of its own") {
  const Outcome outcome = Sh("echo $$; cut -d' ' -f5 /proc/$$/stat");
  REQUIRE(outcome.Ok());
  const auto lines = Lines(outcome.out);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == lines[1]);
  CHECK(std::stoi(lines[1]) != ::getpgrp());
}

TEST_CASE("The child starts with default signal dispositions even when the caller ignores signals") {
  auto* previous_int = std::signal(SIGINT, SIG_IGN);
  auto* previous_pipe = std::signal(SIGPIPE, SIG_IGN);
  const Outcome outcome = Run(Command{{"grep", "SigIgn", "/proc/self/status"}});
  std::signal(SIGINT, previous_int);
  std::signal(SIGPIPE, previous_pipe);
  REQUIRE(outcome.Ok());
  const std::string mask = outcome.out.substr(outcome.out.find_first_of("0123456789abcdef"));
  const unsigned long long ignored = std::stoull(mask, nullptr, 16);
  CHECK((ignored & (1ull << (SIGINT - 1))) == 0);
  CHECK((ignored & (1ull << (SIGPIPE - 1))) == 0);
}

TEST_CASE("Environment overrides reach the child and leave the rest of the environment") {
  Command command{{"sh", "-c", "echo \"$ATTEST_PROCESS_TEST|$PATH\""}};
  command.env = {{"ATTEST_PROCESS_TEST", "value with spaces"}};
  const Outcome outcome = Run(command);
  REQUIRE(outcome.Ok());
  CHECK(outcome.out.find("value with spaces|") == 0);
  CHECK(outcome.out.size() > std::string("value with spaces|\n").size());
}

TEST_CASE("A command killed by a signal says which") {
  const Outcome outcome = Sh("kill -9 $$");
  CHECK(outcome.signal == SIGKILL);
  CHECK(outcome.Describe() == "killed by SIGKILL");
}

TEST_CASE("Output beyond the limit keeps its end") {
  Command command{{"sh", "-c", "head -c 100000 /dev/zero; echo END"}};
  command.max_output = 1000;
  const Outcome outcome = Run(command);
  REQUIRE(outcome.Ok());
  CHECK(outcome.out.size() == 1000);
  CHECK(outcome.out.substr(outcome.out.size() - 4) == "END\n");
}

TEST_CASE("QuoteCommandLine quotes what a shell would split or expand") {
  using attest::process::QuoteCommandLine;
  CHECK(QuoteCommandLine({"docker", "run", "-e", "ADDR=10.0.42.2:8080"}) ==
        "docker run -e ADDR=10.0.42.2:8080");
  CHECK(QuoteCommandLine({"sh", "-c", "echo 'a b'"}) == "sh -c 'echo '\\''a b'\\'''");
  CHECK(QuoteCommandLine({"x", ""}) == "x ''");
}

TEST_CASE("FindProgram looks in PATH and accepts paths with a slash") {
  using attest::process::FindProgram;
  const auto sh = FindProgram("sh");
  REQUIRE(sh.has_value());
  CHECK(sh->find('/') != std::string::npos);
  CHECK(FindProgram(*sh) == sh);
  CHECK_FALSE(FindProgram("attest-no-such-program-xyz").has_value());
  char plain[] = "/tmp/attest-process-test-XXXXXX";
  const int fd = ::mkstemp(plain);  // mode 0600: exists, not executable
  REQUIRE(fd >= 0);
  ::close(fd);
  CHECK_FALSE(FindProgram(plain).has_value());
  ::unlink(plain);
}

TEST_CASE("RunAll runs its commands at the same time") {
  std::vector<Command> commands(3, Command{{"sleep", "1"}});
  const auto started = std::chrono::steady_clock::now();
  const auto outcomes = attest::process::RunAll(commands);
  const auto took = std::chrono::steady_clock::now() - started;
  REQUIRE(outcomes.size() == 3);
  for (const auto& outcome : outcomes) CHECK(outcome.Ok());
  CHECK(took < 2500ms);  // one after the other would take 3s
}

TEST_CASE("Runs from many threads at once each get their own output and leave no child") {
  std::vector<std::string> failures;
  std::mutex mutex;
  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < 15; ++i) {
          Command command{{"sh", "-c", "echo $0-$1", std::to_string(t), std::to_string(i)}};
          const Outcome outcome = Run(command);
          const std::string expected = std::to_string(t) + "-" + std::to_string(i) + "\n";
          if (!outcome.Ok() || outcome.out != expected) {
            std::lock_guard lock(mutex);
            failures.push_back(outcome.out + " / " + outcome.Describe());
          }
        }
      });
    }
  }
  CHECK(failures.empty());
  CHECK(HasNoChildren());
}
