// The one way attest starts a child process (used by process::Run and
// process::Follower): posix_spawnp with pipes, in a process group of its own, with
// default signal dispositions, an empty signal mask and only fds 0-2 inherited.
// Internal: included by the _inl files of process/.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "attest/detail/inline.hpp"

extern char** environ;  // NOLINT: POSIX

namespace attest::process::detail {

// A file descriptor, closed when the object goes.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) Reset(std::exchange(other.fd_, -1));
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { Reset(); }

  int Get() const { return fd_; }
  bool IsOpen() const { return fd_ >= 0; }
  void Reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

// A started child and the parent's ends of its pipes.
struct Child {
  pid_t pid = -1;
  Fd input;   // write end of the child's stdin (closed when there is no input)
  Fd output;  // read end of its stdout
  Fd error;   // read end of its stderr
  Fd pidfd;   // readable when the child exits; -1 where the kernel has no pidfd_open
};

// Blocks SIGPIPE on the calling thread for a scope, so that writing to a pipe whose
// reader is gone returns EPIPE instead of killing the process; a SIGPIPE raised
// meanwhile is consumed before the old mask comes back.
class SigpipeGuard {
 public:
  SigpipeGuard() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGPIPE);
    sigset_t pending;
    sigemptyset(&pending);
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &set_, &old_);
  }
  ~SigpipeGuard() {
    if (!was_pending_) {
      sigset_t pending;
      sigemptyset(&pending);
      sigpending(&pending);
      if (sigismember(&pending, SIGPIPE) == 1) {
        const timespec zero{0, 0};
        while (sigtimedwait(&set_, nullptr, &zero) == -1 && errno == EINTR) {
        }
      }
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;

 private:
  sigset_t set_;
  sigset_t old_;
  bool was_pending_ = false;
};

// A pipe whose ends are close-on-exec and above 2, so they never land on stdio
// descriptors the file actions are about to fill.
ATTEST_INLINE bool MakePipe(Fd& read_end, Fd& write_end, std::string& error) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    error = std::string("pipe: ") + std::strerror(errno);
    return false;
  }
  for (int& fd : fds) {
    if (fd <= 2) {
      const int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
      ::close(fd);
      fd = moved;
    }
  }
  read_end.Reset(fds[0]);
  write_end.Reset(fds[1]);
  if (!read_end.IsOpen() || !write_end.IsOpen()) {
    error = std::string("pipe: ") + std::strerror(errno);
    return false;
  }
  return true;
}

ATTEST_INLINE void SetNonBlocking(int fd) {
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0) ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

// The caller's environment with `overrides` set.
ATTEST_INLINE std::vector<std::string> ChildEnvironment(
    const std::vector<std::pair<std::string, std::string>>& overrides) {
  std::vector<std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    const std::string entry = *e;
    const std::string key = entry.substr(0, entry.find('='));
    bool replaced = false;
    for (const auto& [name, value] : overrides) replaced = replaced || name == key;
    if (!replaced) env.push_back(entry);
  }
  for (const auto& [name, value] : overrides) env.push_back(name + "=" + value);
  return env;
}

// Starts argv with stdin from a pipe (`with_input`) or /dev/null, stdout and stderr
// into pipes. On failure pid is -1 and `error` says why (exec errors included: glibc's
// posix_spawn reports them).
ATTEST_INLINE Child Spawn(const std::vector<std::string>& argv,
                          const std::vector<std::pair<std::string, std::string>>& env, bool with_input,
                          std::string& error) {
  Child child;
  if (argv.empty() || argv[0].empty()) {
    error = "empty command";
    return child;
  }
  Fd child_in, child_out, child_err;
  if (with_input && !MakePipe(child_in, child.input, error)) return child;
  if (!MakePipe(child.output, child_out, error) || !MakePipe(child.error, child_err, error)) return child;

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (with_input) {
    posix_spawn_file_actions_adddup2(&actions, child_in.Get(), 0);
  } else {
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  }
  posix_spawn_file_actions_adddup2(&actions, child_out.Get(), 1);
  posix_spawn_file_actions_adddup2(&actions, child_err.Get(), 2);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
  // Descriptors other threads opened without O_CLOEXEC (sockets of HTTP clients, say)
  // must not live on in a long-running child such as `docker logs -f`.
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
#endif

  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setpgroup(&attributes, 0);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attributes, &none);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (int sig : {SIGPIPE, SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGCHLD, SIGUSR1, SIGUSR2, SIGALRM}) {
    sigaddset(&defaults, sig);
  }
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setflags(&attributes,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const std::vector<std::string> environment = ChildEnvironment(env);
  std::vector<char*> envp;
  for (const auto& e : environment) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);

  pid_t pid = -1;
  const int rc = ::posix_spawnp(&pid, args[0], &actions, &attributes, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (rc != 0) {
    error = std::strerror(rc);
    child.input.Reset();
    child.output.Reset();
    child.error.Reset();
    return child;
  }
  child.pid = pid;
#ifdef SYS_pidfd_open
  const long pidfd = ::syscall(SYS_pidfd_open, pid, 0);
  if (pidfd >= 0) child.pidfd.Reset(static_cast<int>(pidfd));
#endif
  if (child.input.IsOpen()) SetNonBlocking(child.input.Get());
  SetNonBlocking(child.output.Get());
  SetNonBlocking(child.error.Get());
  return child;
}

// Reaps `pid` if it has exited; true (and its status) when it has.
ATTEST_INLINE bool ReapIfExited(pid_t pid, int& status) {
  while (true) {
    const pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) return true;
    if (r == -1 && errno == EINTR) continue;
    if (r == -1) {  // not our child any more (reaped elsewhere): treat as gone
      status = 0;
      return true;
    }
    return false;
  }
}

// SIGKILLs the child's process group (and the child, should the group be gone) and
// reaps the child. A SIGKILLed process ends at once unless the kernel holds it in an
// uninterruptible wait; after 10 seconds of that this blocks until it ends.
ATTEST_INLINE int KillAndReap(pid_t pid) {
  ::kill(-pid, SIGKILL);
  ::kill(pid, SIGKILL);
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  auto pause = std::chrono::microseconds(200);
  while (!ReapIfExited(pid, status)) {
    if (std::chrono::steady_clock::now() > deadline) {
      while (::waitpid(pid, &status, 0) == -1 && errno == EINTR) {
      }
      break;
    }
    std::this_thread::sleep_for(pause);
    if (pause < std::chrono::milliseconds(10)) pause *= 2;
  }
  return status;
}

// Reads what is available on a non-blocking fd into `sink` (keeping at most `max`
// bytes: the oldest are dropped). Returns false at end of file or on an error.
ATTEST_INLINE bool ReadAvailable(int fd, std::string& sink, std::size_t max) {
  char buffer[65536];
  while (true) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n > 0) {
      sink.append(buffer, static_cast<std::size_t>(n));
      if (sink.size() > max) sink.erase(0, sink.size() - max);
      continue;
    }
    if (n == 0) return false;
    if (errno == EINTR) continue;
    return errno == EAGAIN || errno == EWOULDBLOCK;
  }
}

}  // namespace attest::process::detail
