// detail/duration_text.hpp: the two ways attest writes durations. (The common cases of
// DurationText are in unit/report's text tests; these are its unit boundaries.)
#include <chrono>

#include "attest/detail/duration_text.hpp"
#include "support/catch.hpp"

using attest::detail::DurationText;
using attest::detail::ExactDurationText;
using namespace std::chrono_literals;

TEST_CASE("DurationText changes unit exactly at each boundary", "[core][duration]") {
  CHECK(DurationText(999ns) == "999ns");
  CHECK(DurationText(1000ns) == "1us");
  CHECK(DurationText(1999ns) == "1us");  // cut, not rounded
  CHECK(DurationText(999999ns) == "999us");
  CHECK(DurationText(1ms) == "1.0ms");
  CHECK(DurationText(9999us) == "10.0ms");  // one decimal, rounded
  CHECK(DurationText(10ms) == "10ms");
  CHECK(DurationText(999999999ns) == "999ms");
  CHECK(DurationText(1s) == "1.00s");
  CHECK(DurationText(59999ms) == "60.00s");
  CHECK(DurationText(60s) == "1m00s");
  CHECK(DurationText(61s) == "1m01s");
  CHECK(DurationText(3600s) == "60m00s");
}

TEST_CASE("DurationText of a negative duration is the positive text with a minus", "[core][duration]") {
  CHECK(DurationText(-850ns) == "-850ns");
  CHECK(DurationText(-1250ms) == "-1.25s");
  CHECK(DurationText(-125s) == "-2m05s");
}

TEST_CASE("ExactDurationText uses the largest unit that states the duration exactly", "[core][duration]") {
  CHECK(ExactDurationText(2s) == "2s");
  CHECK(ExactDurationText(120s) == "120s");
  CHECK(ExactDurationText(150ms) == "150ms");
  CHECK(ExactDurationText(1500ms) == "1500ms");
  CHECK(ExactDurationText(1500us) == "1500us");
  CHECK(ExactDurationText(1001us) == "1001us");
  CHECK(ExactDurationText(12ns) == "12ns");
  CHECK(ExactDurationText(1000001ns) == "1000001ns");
  CHECK(ExactDurationText(0ns) == "0ns");
  CHECK(ExactDurationText(-3s) == "-3s");
  CHECK(ExactDurationText(-250ms) == "-250ms");
}
