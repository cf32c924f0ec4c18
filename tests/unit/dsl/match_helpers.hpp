// Shorthands for the matcher tests: does `matcher` pass on `value`, and with what reason.
#pragma once

#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "attest/dsl/matchers.hpp"

namespace attest_test {

inline bool Passes(const attest::Matcher& matcher, nlohmann::json value) {
  return matcher.Match(attest::Actual::Of(std::move(value))).ok;
}

inline std::string Reason(const attest::Matcher& matcher, nlohmann::json value) {
  return matcher.Match(attest::Actual::Of(std::move(value))).reason;
}

}  // namespace attest_test
