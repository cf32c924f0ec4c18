// Puts every thread of this process on one CPU for a measurement, and gives them back
// their CPUs afterwards.
//
// Part (a) compares single requests of about 50 us. Left to the scheduler, the client
// thread and the server thread that answers it land on the same core or on two, and
// each cross-core wake-up costs a few microseconds more or less: on a 2-core machine the
// median of one and the same client moved between 46 and 67 us from run to run, more
// than the differences being measured. On one CPU a request costs the client's work,
// the server's work and two context switches, every time: rounds agree within 1-2%,
// and what differs between the sides is what each client does.
#pragma once

#include <dirent.h>
#include <sched.h>
#include <sys/types.h>

#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

namespace attest::bench {

class CpuPinning {
 public:
  // Pins every thread now in the process (threads it starts later inherit the CPU) to
  // the first CPU this process may use. Pinned() is false when that failed; the
  // measurement then runs unpinned and says so.
  CpuPinning() {
    if (::sched_getaffinity(0, sizeof original_, &original_) != 0) return;
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
      if (CPU_ISSET(cpu, &original_)) {
        cpu_ = cpu;
        break;
      }
    }
    if (!cpu_) return;
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(*cpu_, &one);
    pinned_ = ApplyToEveryThread(one);
  }
  CpuPinning(const CpuPinning&) = delete;
  CpuPinning& operator=(const CpuPinning&) = delete;
  ~CpuPinning() {
    if (cpu_) ApplyToEveryThread(original_);
  }

  bool Pinned() const { return pinned_; }
  int Cpu() const { return cpu_.value_or(-1); }

 private:
  // sched_setaffinity on a thread id affects that thread alone, so walk /proc/self/task.
  static bool ApplyToEveryThread(const cpu_set_t& set) {
    DIR* tasks = ::opendir("/proc/self/task");
    if (tasks == nullptr) return false;
    bool all = true;
    while (const dirent* entry = ::readdir(tasks)) {
      if (entry->d_name[0] == '.') continue;
      const auto tid = static_cast<pid_t>(std::strtol(entry->d_name, nullptr, 10));
      if (::sched_setaffinity(tid, sizeof set, &set) != 0) all = false;
    }
    ::closedir(tasks);
    return all;
  }

  cpu_set_t original_{};
  std::optional<int> cpu_;
  bool pinned_ = false;
};

}  // namespace attest::bench
