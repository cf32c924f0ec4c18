// SIGINT and SIGTERM while attest runs: they cancel the run instead of killing the
// process, so waits end, suites stop and clusters are shut down (containers, networks
// and volumes removed); a second signal kills as usual. attest::Main installs the guard
// for the whole run, and Suite::Run for its own, so suites run from another framework
// (Catch2, GoogleTest) clean up on Ctrl-C too. Guards nest: only the outermost one
// installs handlers, and the previous handlers come back when it ends.
#pragma once

#include <atomic>
#include <csignal>

#include "attest/detail/cancellation.hpp"

namespace attest::detail {

class InterruptGuard {
 public:
  // `reset` clears an earlier interrupt (the runner starts afresh; a suite does not, so
  // that an interrupt noticed between stages still stops the next one).
  explicit InterruptGuard(bool reset = false) {
    if (Depth().fetch_add(1) != 0) return;
    outermost_ = true;
    if (reset) ProcessInterrupted() = false;
    previous_int_ = std::signal(SIGINT, &OnSignal);
    previous_term_ = std::signal(SIGTERM, &OnSignal);
  }
  ~InterruptGuard() {
    if (outermost_) {
      std::signal(SIGINT, previous_int_);
      std::signal(SIGTERM, previous_term_);
    }
    Depth().fetch_sub(1);
  }
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

 private:
  static std::atomic<int>& Depth() {
    static std::atomic<int> depth{0};
    return depth;
  }
  static void OnSignal(int signal) {
    ProcessInterrupted() = true;  // lock-free atomic: safe in a handler
    std::signal(signal, SIG_DFL);
  }
  bool outermost_ = false;
  void (*previous_int_)(int) = SIG_DFL;
  void (*previous_term_)(int) = SIG_DFL;
};

}  // namespace attest::detail
