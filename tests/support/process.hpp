// Runs a real program (attest-dst, a challenge binary) for a test: arguments without a
// shell, stdout and stderr captured separately, and a timeout after which the child is
// killed.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace attest_test {

struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Throws when the program cannot start, does not exit normally, or outlives `timeout`.
inline ProcessResult RunProcess(const std::vector<std::string>& argv,
                                std::chrono::seconds timeout = std::chrono::seconds(30)) {
  char out_path[] = "/tmp/attest-test-out-XXXXXX";
  char err_path[] = "/tmp/attest-test-err-XXXXXX";
  const int out_fd = ::mkstemp(out_path);
  const int err_fd = ::mkstemp(err_path);
  if (out_fd < 0 || err_fd < 0) throw std::runtime_error("mkstemp failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_fd, 1);
  posix_spawn_file_actions_adddup2(&actions, err_fd, 2);
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = ::posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out_fd);
  ::close(err_fd);
  auto cleanup = [&] {
    std::remove(out_path);
    std::remove(err_path);
  };
  if (spawned != 0) {
    cleanup();
    throw std::runtime_error("cannot start " + argv[0]);
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      cleanup();
      throw std::runtime_error(argv[0] + " did not exit within the timeout");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ProcessResult result;
  result.out = ReadWhole(out_path);
  result.err = ReadWhole(err_path);
  cleanup();
  if (!WIFEXITED(status)) throw std::runtime_error(argv[0] + " was killed by a signal");
  result.exit_code = WEXITSTATUS(status);
  return result;
}

}  // namespace attest_test
