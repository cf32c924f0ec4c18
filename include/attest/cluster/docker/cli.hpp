// The docker command-line program, run without a shell. Every command the node
// manager sends to the engine goes through here, so every failure gets the same
// treatment: a missing CLI, a stopped engine or a socket without permission turns into
// the one message that says what to do, and anything else into an InfrastructureError
// carrying the command and docker's own words.
//
//   docker::Cli cli;   // $ATTEST_DOCKER, or "docker" from PATH (podman works too)
//   cli.Check({"network", "rm", "attest-1a2b"}, "removing the network attest-1a2b");
//
// Commands are cancellable by default: when the run is interrupted (Ctrl-C, SIGTERM;
// detail::ProcessInterrupted()) they are killed and Check throws Cancelled. Cleanup
// passes cancellable = false, so that it still runs after an interrupt.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "attest/detail/inline.hpp"
#include "attest/process/command.hpp"

namespace attest::docker {

class Cli {
 public:
  struct Options {
    std::string input;
    std::chrono::milliseconds timeout = std::chrono::seconds(60);
    bool cancellable = true;  // ends (Cancelled) when the run is interrupted
    // Also ends the command when this turns true (a background job being called off).
    const std::atomic<bool>* stop = nullptr;
  };

  // $ATTEST_DOCKER when set, else "docker".
  Cli();
  explicit Cli(std::string program) : program_(std::move(program)) {}

  const std::string& Program() const { return program_; }

  // Runs `program_ args...`; never throws.
  process::Outcome Run(const std::vector<std::string>& args, const Options& options) const;
  process::Outcome Run(const std::vector<std::string>& args) const { return Run(args, Options{}); }

  // Runs and returns stdout; throws (see Fail) unless it exited with status 0.
  // `what` says what attest was doing: "creating the network attest-1a2b".
  std::string Check(const std::vector<std::string>& args, const std::string& what,
                    const Options& options) const;
  std::string Check(const std::vector<std::string>& args, const std::string& what) const {
    return Check(args, what, Options{});
  }

  // Throws for a failed outcome: Cancelled when the run was interrupted; the fixed
  // message for a missing CLI, a stopped engine, a denied socket; otherwise
  // InfrastructureError("<what> failed (<how>)", command, output).
  [[noreturn]] void Fail(const std::string& what, const process::Outcome& outcome) const;
  // Throws as Fail does when the outcome shows an engine-level problem; else returns.
  void ThrowIfEngineProblem(const process::Outcome& outcome) const;

  // What the engine says about itself; throws when no engine answers (with the reason).
  struct EngineInfo {
    std::string version;  // "20.10.24+dfsg1"
    std::string name;     // the engine host's name ("vm")
  };
  EngineInfo Engine(std::chrono::milliseconds timeout = std::chrono::seconds(15)) const;

 private:
  std::string program_;
};

// True when the CLI reaches its engine through a local unix socket (DOCKER_HOST unset
// or unix://...): the engine then runs on this host (or in a VM it forwards to).
bool EngineUsesLocalSocket();

}  // namespace attest::docker

#if ATTEST_HEADER_ONLY
#include "attest/cluster/docker/detail/cli_inl.hpp"
#endif
