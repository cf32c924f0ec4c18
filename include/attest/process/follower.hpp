// A long-running command whose output is followed line by line (`docker logs -f`),
// on a thread of its own, until it ends by itself or is stopped.
//
//   process::Follower follower({"docker", "logs", "-f", "n1"},
//       [&](process::Follower::Stream, const std::string& line) { log.Append(line); });
//   ...
//   follower.Stop();   // SIGTERM to its process group, SIGKILL after a grace period
//
// The command runs in a process group of its own, as process::Run's do. Stop() and
// the destructor always reap the process and join the thread, so a Follower never
// leaks either. The sink is called on the follower's thread, one complete line at a
// time (without the newline); an exception from it is swallowed.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "attest/detail/inline.hpp"

namespace attest::process {

class Follower {
 public:
  enum class Stream { Out, Err };
  using LineSink = std::function<void(Stream, const std::string& line)>;

  // Starts argv. Check Started(): a command that cannot start makes no thread.
  Follower(const std::vector<std::string>& argv, LineSink sink);
  ~Follower();
  Follower(const Follower&) = delete;
  Follower& operator=(const Follower&) = delete;

  bool Started() const;
  const std::string& StartError() const;
  // The command's process id (and process group id); -1 when it did not start.
  int Pid() const;

  // True once the command has ended and every line it wrote was delivered.
  bool Finished() const;
  // Waits until Finished(); false when `timeout` passes first.
  bool WaitFinished(std::chrono::milliseconds timeout) const;
  // The exit status (or 128 + signal) once finished; -1 before.
  int ExitStatus() const;

  // Ends the command (SIGTERM to its process group, SIGKILL after `grace`), delivers
  // what it wrote, reaps it and joins the thread. Safe to call more than once.
  void Stop(std::chrono::milliseconds grace = std::chrono::milliseconds(1000));

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace attest::process

#if ATTEST_HEADER_ONLY
#include "attest/process/detail/follower_inl.hpp"
#endif
