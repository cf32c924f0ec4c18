// attest::Failure: the system under test did not behave as a check expected.
//
// It carries the FailureReport the reporters render; what() is that report as plain
// text. ThrowFailure is the one way attest builds and throws one, so the text and the
// report can never disagree.
#pragma once

#include <string>
#include <utility>

#include "attest/error.hpp"
#include "attest/report/failure_text.hpp"
#include "attest/report/results.hpp"

namespace attest {

// Thrown by Check::Run() and by Do when the system under test misbehaves.
class Failure : public Error {
 public:
  explicit Failure(FailureReport report)
      : Error(FormatFailure(report, TextStyle::Plain())), report_(std::move(report)) {}
  // With a text of the caller's own, for reports rendered elsewhere.
  Failure(FailureReport report, const std::string& text) : Error(text), report_(std::move(report)) {}
  const FailureReport& Report() const noexcept { return report_; }

 private:
  FailureReport report_;
};

[[noreturn]] inline void ThrowFailure(FailureReport report) { throw Failure(std::move(report)); }

}  // namespace attest
