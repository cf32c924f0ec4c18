// The exception hierarchy. Three kinds are kept apart:
//  - UsageError: the test is written wrongly (bad option, unknown node, bad regex);
//    thrown where the mistake is made.
//  - Failure: the system under test did not behave; carries a FailureReport
//    (report/failure.hpp, since the report is what it is made of).
//  - InfrastructureError: the machinery around the test failed (Docker, kernel,
//    permissions); carries the command that failed and its output. Its kind
//    Unavailable means this machine lacks what the suite needs: a skip, not a failure.
// All derive from attest::Error, itself a std::runtime_error.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

namespace attest {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class UsageError : public Error {
 public:
  using Error::Error;
};

class InfrastructureError : public Error {
 public:
  explicit InfrastructureError(std::string message, std::string command = {}, std::string output = {})
      : Error(Compose(std::move(message), command, output)),
        command_(std::move(command)),
        output_(std::move(output)) {}
  const std::string& Command() const noexcept { return command_; }
  const std::string& Output() const noexcept { return output_; }

 private:
  static std::string Compose(std::string text, const std::string& command, const std::string& output) {
    if (!command.empty()) text += "\n  command: " + command;
    if (!output.empty()) text += "\n  output: " + output;
    return text;
  }
  std::string command_;
  std::string output_;
};

// What a suite needs is missing on this machine (no Docker engine answers, the kernel
// lacks a feature): the suite is reported as skipped, with this message, rather than
// failed, and the runner exits 77 (ctest's skip code) when nothing else failed.
class Unavailable : public InfrastructureError {
 public:
  using InfrastructureError::InfrastructureError;
};

// Thrown into running checks when the run is cancelled (a sibling in Concurrently
// failed, or the user interrupted the run). Reported as a note, not as the cause.
class Cancelled : public Error {
 public:
  Cancelled() : Error("cancelled") {}
};

}  // namespace attest
