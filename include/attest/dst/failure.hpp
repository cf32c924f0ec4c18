// ScenarioFailure: what RunAll throws, and what every failed run in a RunReport says.
//
// The message names everything needed to find and replay the failure, and ends with
// the environment setting that reproduces it:
//
//   scenario "claim_order" failed at step "s2", actor "worker1", call "Claim(ctx)"
//   (e2e.yaml:21); iteration 3, seed 1234567
//     cause: e2e.yaml:21: require::Equal failed
//       expected "S_HIGH", actual "S_LOW"
//     reproduce: ATTEST_DST_SEED=1234567
#pragma once

#include <cstdint>
#include <exception>
#include <string>
#include <utility>

#include "attest/error.hpp"

namespace attest::dst {

struct ScenarioFailureInfo {
  std::string scenario;
  std::string step;      // step id; "init" when creating the actors failed
  std::string actor;     // empty for script steps and init
  std::string call;      // the call as written in the spec; empty for scripts and init
  std::string location;  // "e2e.yaml:21": the call, the script, or empty
  std::uint64_t seed = 0;
  int iteration = 1;  // 1-based
  std::string cause;  // the message of the first failure
};

class ScenarioFailure : public Error {
 public:
  explicit ScenarioFailure(ScenarioFailureInfo info, std::exception_ptr cause = nullptr)
      : Error(Compose(info)), info_(std::move(info)), cause_exception_(std::move(cause)) {}

  const std::string& Scenario() const noexcept { return info_.scenario; }
  const std::string& Step() const noexcept { return info_.step; }
  const std::string& Actor() const noexcept { return info_.actor; }
  const std::string& Call() const noexcept { return info_.call; }
  const std::string& Location() const noexcept { return info_.location; }
  std::uint64_t Seed() const noexcept { return info_.seed; }
  int Iteration() const noexcept { return info_.iteration; }
  const std::string& Cause() const noexcept { return info_.cause; }
  // The exception that caused the failure (null for timeouts), for rethrowing it.
  const std::exception_ptr& CauseException() const noexcept { return cause_exception_; }
  const ScenarioFailureInfo& Info() const noexcept { return info_; }

  // The same failure attributed to another iteration of a repeated run.
  ScenarioFailure WithIteration(int iteration) const {
    ScenarioFailureInfo info = info_;
    info.iteration = iteration;
    return ScenarioFailure(std::move(info), cause_exception_);
  }

 private:
  static std::string Indent(const std::string& text, const std::string& prefix) {
    std::string out;
    for (char c : text) {
      out.push_back(c);
      if (c == '\n') out += prefix;
    }
    return out;
  }

  static std::string Compose(const ScenarioFailureInfo& info) {
    std::string text = "scenario \"" + info.scenario + "\" failed";
    if (info.step == "init") {
      text += " in init (creating the actors)";
    } else {
      text += " at step \"" + info.step + "\"";
      if (!info.actor.empty()) text += ", actor \"" + info.actor + "\"";
      if (!info.call.empty()) {
        text += ", call \"" + info.call + "\"";
      } else if (info.actor.empty()) {
        text += " (script)";
      }
    }
    if (!info.location.empty()) text += " (" + info.location + ")";
    text += "; iteration " + std::to_string(info.iteration) + ", seed " + std::to_string(info.seed);
    text += "\n  cause: " + Indent(info.cause, "    ");
    text += "\n  reproduce: ATTEST_DST_SEED=" + std::to_string(info.seed);
    return text;
  }

  ScenarioFailureInfo info_;
  std::exception_ptr cause_exception_;
};

}  // namespace attest::dst
