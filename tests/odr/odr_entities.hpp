// What each of the two translation units of attest_odr_tests reports about the inline
// entities it sees, so the test can compare them: one program, one copy of each.
#pragma once

#include <string>

namespace attest::odr_test {

struct Seen {
  const void* version;           // attest::kVersion, an inline constexpr variable
  const void* duration_text;     // attest::detail::DurationText, an inline function
  const void* node;              // attest::Node
  const void* with_endpoints;    // attest::WithEndpoints
  const void* unused_port;       // attest::testing::UnusedPort
  const void* registry;          // attest::detail::Registry(), the challenge registry
  std::string duration_example;  // DurationText(1500ms) computed in that unit
};

Seen SeenByFirst();
Seen SeenBySecond();

}  // namespace attest::odr_test
