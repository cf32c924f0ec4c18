// Test code only: runs a command without a shell (posix_spawnp), feeds it `input` on
// stdin, captures stdout and stderr, and kills its whole process group when it outlives
// the timeout. The product's own process runner is include/attest/process/.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace attest::faults::test {

struct CommandResult {
  int exit_code = -1;  // 128 + signal when killed by one
  std::string out;
  std::string err;
  std::string Output() const { return out + err; }
};

inline std::string CommandText(const std::vector<std::string>& argv) {
  std::string text;
  for (const std::string& arg : argv) text += (text.empty() ? "" : " ") + arg;
  return text;
}

// A temporary file, removed when it goes out of scope.
class TempFile {
 public:
  TempFile() {
    char path[] = "/tmp/attest-faults-test-XXXXXX";
    fd_ = ::mkostemp(path, O_CLOEXEC);  // dup2 in the child clears the flag
    if (fd_ < 0) throw std::runtime_error(std::string("mkostemp: ") + std::strerror(errno));
    path_ = path;
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    ::close(fd_);
    std::remove(path_.c_str());
  }
  int Fd() const { return fd_; }
  void Write(const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
      const ssize_t n = ::write(fd_, text.data() + done, text.size() - done);
      if (n < 0) throw std::runtime_error(std::string("write: ") + std::strerror(errno));
      done += static_cast<std::size_t>(n);
    }
    ::lseek(fd_, 0, SEEK_SET);
  }
  std::string Read() const {
    std::ifstream in(path_, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }

 private:
  int fd_ = -1;
  std::string path_;
};

// Starts `argv` in its own process group with the given descriptors; returns its pid.
inline pid_t Spawn(const std::vector<std::string>& argv, int in_fd, int out_fd, int err_fd) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_fd, 0);
  posix_spawn_file_actions_adddup2(&actions, out_fd, 1);
  posix_spawn_file_actions_adddup2(&actions, err_fd, 2);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  const int error = ::posix_spawnp(&pid, args[0], &actions, &attributes, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (error != 0) {
    throw std::runtime_error("cannot start `" + CommandText(argv) + "`: " + std::strerror(error));
  }
  return pid;
}

// Runs `argv` to its end. Throws when it cannot start or outlives `timeout` (then its
// process group is killed first).
inline CommandResult RunCommand(const std::vector<std::string>& argv, const std::string& input = {},
                                std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
  TempFile in;
  TempFile out;
  TempFile err;
  in.Write(input);
  const pid_t pid = Spawn(argv, in.Fd(), out.Fd(), err.Fd());
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  for (;;) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) throw std::runtime_error(std::string("waitpid: ") + std::strerror(errno));
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      throw std::runtime_error("`" + CommandText(argv) + "` did not end within " +
                               std::to_string(timeout.count()) + " ms and was killed");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = out.Read();
  result.err = err.Read();
  return result;
}

// A long-running command (e.g. a process parked in a namespace), killed with its process
// group when this goes out of scope.
class BackgroundCommand {
 public:
  explicit BackgroundCommand(const std::vector<std::string>& argv) {
    const int null_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null_fd < 0) throw std::runtime_error(std::string("open /dev/null: ") + std::strerror(errno));
    try {
      pid_ = Spawn(argv, null_fd, null_fd, null_fd);
    } catch (...) {
      ::close(null_fd);
      throw;
    }
    ::close(null_fd);
  }
  BackgroundCommand(const BackgroundCommand&) = delete;
  BackgroundCommand& operator=(const BackgroundCommand&) = delete;
  ~BackgroundCommand() {
    ::kill(-pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  pid_t Pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
};

// True when `name` is an executable file in a directory of PATH.
inline bool OnPath(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path != nullptr ? path : "");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (dir.empty()) continue;
    const std::string candidate = dir + "/" + name;
    struct stat info {};
    if (::stat(candidate.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
        ::access(candidate.c_str(), X_OK) == 0) {
      return true;
    }
  }
  return false;
}

}  // namespace attest::faults::test
