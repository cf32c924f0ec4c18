// Definitions of process/follower.hpp.
#pragma once

#include "attest/process/follower.hpp"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "attest/process/detail/spawn_inl.hpp"

namespace attest::process {

struct Follower::State {
  LineSink sink;
  detail::Child child;
  std::string start_error;
  detail::Fd wake_read, wake_write;  // Stop() writes a byte to wake the thread
  std::thread thread;
  std::atomic<bool> stop_requested{false};
  std::chrono::milliseconds grace{1000};

  mutable std::mutex mutex;
  mutable std::condition_variable finished_changed;
  bool finished = false;
  int exit_status = -1;

  std::string pending[2];  // a line not yet ended, per stream

  void Deliver(Stream stream, bool flush_partial) {
    std::string& buffer = pending[stream == Stream::Out ? 0 : 1];
    std::size_t start = 0;
    for (auto newline = buffer.find('\n'); newline != std::string::npos; newline = buffer.find('\n', start)) {
      std::string line = buffer.substr(start, newline - start);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      Emit(stream, line);
      start = newline + 1;
    }
    buffer.erase(0, start);
    if (flush_partial && !buffer.empty()) {
      Emit(stream, buffer);
      buffer.clear();
    }
  }

  void Emit(Stream stream, const std::string& line) {
    try {
      sink(stream, line);
    } catch (...) {
      // A sink that throws must not take the follower (or the process) down.
    }
  }

  // Reads one stream; false at end of file.
  bool Read(detail::Fd& fd, Stream stream) {
    std::string& buffer = pending[stream == Stream::Out ? 0 : 1];
    const bool open = detail::ReadAvailable(fd.Get(), buffer, std::size_t(64) << 20);
    Deliver(stream, false);
    if (!open) fd.Reset();
    return open;
  }

  void Loop() {
    using Clock = std::chrono::steady_clock;
    bool exited = false;
    int status = 0;
    bool term_sent = false;
    Clock::time_point term_sent_at{};
    Clock::time_point exited_at{};
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
      if (!exited && stop_requested.load()) {
        if (!term_sent) {
          ::kill(-child.pid, SIGTERM);
          term_sent = true;
          term_sent_at = now;
        } else if (now - term_sent_at >= grace) {
          status = detail::KillAndReap(child.pid);
          exited = true;
          exited_at = Clock::now();
          child.pidfd.Reset();
          continue;
        }
      }

      pollfd fds[4];
      nfds_t count = 0;
      auto add = [&](const detail::Fd& fd) {
        if (fd.IsOpen()) fds[count++] = pollfd{fd.Get(), POLLIN, 0};
      };
      add(child.output);
      add(child.error);
      add(wake_read);
      if (!exited) add(child.pidfd);
      int wait_ms = 1000;
      if (exited) wait_ms = 10;
      if (!exited && !child.pidfd.IsOpen()) wait_ms = 10;
      if (term_sent) wait_ms = 5;
      const int ready = ::poll(fds, count, wait_ms);
      if (ready < 0 && errno != EINTR) break;
      for (nfds_t i = 0; i < count && ready > 0; ++i) {
        if (fds[i].revents == 0) continue;
        if (fds[i].fd == child.output.Get()) {
          Read(child.output, Stream::Out);
        } else if (fds[i].fd == child.error.Get()) {
          Read(child.error, Stream::Err);
        } else if (fds[i].fd == wake_read.Get()) {
          char drain[64];
          while (::read(wake_read.Get(), drain, sizeof drain) > 0) {
          }
        }
      }
    }
    if (!exited) status = detail::KillAndReap(child.pid);
    if (child.output.IsOpen()) Read(child.output, Stream::Out);
    if (child.error.IsOpen()) Read(child.error, Stream::Err);
    child.output.Reset();
    child.error.Reset();
    Deliver(Stream::Out, true);
    Deliver(Stream::Err, true);
    {
      std::lock_guard lock(mutex);
      finished = true;
      exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    finished_changed.notify_all();
  }
};

ATTEST_INLINE Follower::Follower(const std::vector<std::string>& argv, LineSink sink)
    : state_(std::make_unique<State>()) {
  state_->sink = std::move(sink);
  if (!detail::MakePipe(state_->wake_read, state_->wake_write, state_->start_error)) return;
  detail::SetNonBlocking(state_->wake_read.Get());
  detail::SetNonBlocking(state_->wake_write.Get());
  state_->child = detail::Spawn(argv, {}, false, state_->start_error);
  if (state_->child.pid < 0) return;
  try {
    state_->thread = std::thread([state = state_.get()] { state->Loop(); });
  } catch (...) {
    detail::KillAndReap(state_->child.pid);
    state_->child.pid = -1;
    state_->start_error = "could not start a thread to follow the output";
  }
}

ATTEST_INLINE Follower::~Follower() { Stop(std::chrono::milliseconds(200)); }

ATTEST_INLINE bool Follower::Started() const { return state_->child.pid > 0; }

ATTEST_INLINE const std::string& Follower::StartError() const { return state_->start_error; }

ATTEST_INLINE int Follower::Pid() const { return state_->child.pid; }

ATTEST_INLINE bool Follower::Finished() const {
  std::lock_guard lock(state_->mutex);
  return state_->finished;
}

ATTEST_INLINE bool Follower::WaitFinished(std::chrono::milliseconds timeout) const {
  if (!Started()) return true;
  std::unique_lock lock(state_->mutex);
  return state_->finished_changed.wait_for(lock, timeout, [&] { return state_->finished; });
}

ATTEST_INLINE int Follower::ExitStatus() const {
  std::lock_guard lock(state_->mutex);
  return state_->exit_status;
}

ATTEST_INLINE void Follower::Stop(std::chrono::milliseconds grace) {
  if (!state_->thread.joinable()) return;
  if (!Finished()) {
    state_->grace = grace;
    state_->stop_requested.store(true);
    const char byte = 1;
    detail::SigpipeGuard guard;
    [[maybe_unused]] const auto n = ::write(state_->wake_write.Get(), &byte, 1);
  }
  state_->thread.join();
}

}  // namespace attest::process
