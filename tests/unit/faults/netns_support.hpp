// Test support for the real-kernel checks: a scratch network namespace the test creates
// and always deletes, and skipping (recorded here, turned into exit code 77 by
// netns_main.cpp) when this machine cannot run them: not root, a tool missing, no
// namespaces. Nothing here sends a packet: the tests only create namespaces, apply
// rules and read them back.
#pragma once

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "run_command.hpp"
#include "support/catch.hpp"

namespace attest::faults::test {

// Exit code of the program when a test skipped and none failed (ctest SKIP_RETURN_CODE).
inline constexpr int kSkipReturnCode = 77;

inline std::vector<std::string>& SkipReasons() {
  static std::vector<std::string> reasons;
  return reasons;
}

// Records that the running test case cannot run here, and why; the caller returns.
inline void Skip(const std::string& reason) {
  const std::string test = Catch::getResultCapture().getCurrentTestName();
  SkipReasons().push_back(test + ": " + reason);
  WARN("SKIPPED: " << reason);
}

// The first of `tools` missing on PATH, or "" when all are there.
inline std::string MissingTool(const std::vector<std::string>& tools) {
  for (const std::string& tool : tools) {
    if (!OnPath(tool)) return tool;
  }
  return "";
}

// True when every tool is on PATH; else records the skip and returns false.
inline bool ToolsOrSkip(const std::vector<std::string>& tools) {
  const std::string missing = MissingTool(tools);
  if (missing.empty()) return true;
  Skip(missing + " is not on PATH (PATH=" + std::string(std::getenv("PATH") ? std::getenv("PATH") : "") +
       ")");
  return false;
}

// A network namespace named attest-faults-<pid>, deleted when this goes out of scope
// (also when a REQUIRE fails: it throws through here). A run killed outright leaves it
// behind; the next run deletes every attest-faults-<pid> whose process is gone.
class ScratchNamespace {
 public:
  // The namespace, or nullptr after recording why this machine cannot have one.
  static std::unique_ptr<ScratchNamespace> OpenOrSkip() {
    if (::geteuid() != 0) {
      Skip("not root: creating a network namespace and changing its rules needs root");
      return nullptr;
    }
    if (!ToolsOrSkip({"ip"})) return nullptr;
    DeleteLeftovers();
    const std::string name = "attest-faults-" + std::to_string(::getpid());
    const CommandResult added = RunCommand({"ip", "netns", "add", name});
    if (added.exit_code != 0) {
      Skip("`ip netns add " + name + "` failed (exit " + std::to_string(added.exit_code) +
           "): " + added.Output());
      return nullptr;
    }
    return std::unique_ptr<ScratchNamespace>(new ScratchNamespace(name));
  }

  ScratchNamespace(const ScratchNamespace&) = delete;
  ScratchNamespace& operator=(const ScratchNamespace&) = delete;
  ~ScratchNamespace() {
    try {
      RunCommand({"ip", "netns", "del", name_});
    } catch (...) {
      // Nothing more to do in a destructor; the next run deletes the leftover.
    }
  }

  const std::string& Name() const { return name_; }

  // `argv` run inside the namespace with this host's tools.
  CommandResult Run(const std::vector<std::string>& argv, const std::string& input = {}) const {
    std::vector<std::string> full = {"ip", "netns", "exec", name_};
    full.insert(full.end(), argv.begin(), argv.end());
    return RunCommand(full, input);
  }

  // A device like a node's: a veth pair "eth0"/"eth0-peer" inside the namespace, or the
  // namespace's loopback where the kernel has no veth. Returns its name.
  std::string AddDevice() const {
    const CommandResult veth =
        Run({"ip", "link", "add", "eth0", "type", "veth", "peer", "name", "eth0-peer"});
    if (veth.exit_code == 0) return "eth0";
    UNSCOPED_INFO("no veth here (" << veth.Output() << "); using lo");
    return "lo";
  }

 private:
  explicit ScratchNamespace(std::string name) : name_(std::move(name)) {}

  static void DeleteLeftovers() {
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator("/run/netns", error)) {
      const std::string name = entry.path().filename().string();
      const std::string prefix = "attest-faults-";
      if (name.rfind(prefix, 0) != 0) continue;
      const std::string pid_text = name.substr(prefix.size());
      if (pid_text.empty() || pid_text.find_first_not_of("0123456789") != std::string::npos) continue;
      const long pid = std::stol(pid_text);
      if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;  // its test still runs
      RunCommand({"ip", "netns", "del", name});
    }
  }

  std::string name_;
};

// A process parked in `ns` (sleep), so that the namespace can be entered by pid as
// nsenter does with a container's main process.
class ParkedProcess {
 public:
  explicit ParkedProcess(const ScratchNamespace& ns)
      : command_({"ip", "netns", "exec", ns.Name(), "sleep", "60"}) {
    // `ip netns exec` enters the namespace and then execs sleep in the same process:
    // wait until the pid's namespace is the scratch one.
    struct stat wanted {};
    REQUIRE(::stat(("/run/netns/" + ns.Name()).c_str(), &wanted) == 0);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    for (;;) {
      struct stat seen {};
      if (::stat(("/proc/" + std::to_string(command_.Pid()) + "/ns/net").c_str(), &seen) == 0 &&
          seen.st_ino == wanted.st_ino && seen.st_dev == wanted.st_dev) {
        break;
      }
      REQUIRE(std::chrono::steady_clock::now() < deadline);
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }
  int Pid() const { return static_cast<int>(command_.Pid()); }

 private:
  BackgroundCommand command_;
};

}  // namespace attest::faults::test
