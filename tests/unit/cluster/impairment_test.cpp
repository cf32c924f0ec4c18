// Impairments as plain data (cluster/impairment.hpp): each factory checks its argument,
// ValidateImpairments checks a combination, Describe says what an impairment does.
#include <chrono>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "attest/cluster/impairment.hpp"
#include "attest/error.hpp"
#include "support/catch.hpp"

using attest::Delay;
using attest::Duplicate;
using attest::Impairment;
using attest::Loss;
using attest::Reorder;
using attest::ValidateImpairments;
using namespace std::chrono_literals;

namespace {

std::string ErrorOf(const std::function<void()>& call) {
  try {
    call();
  } catch (const attest::UsageError& error) {
    return error.what();
  }
  return "";
}

const std::string kPercentRule = ": the percentage must be more than 0 and at most 100, got ";

}  // namespace

TEST_CASE("Delay keeps its delay and jitter in microseconds", "[cluster][impairment]") {
  const Impairment plain = Delay(100ms);
  CHECK(plain.kind == Impairment::Kind::Delay);
  CHECK(plain.delay == 100ms);
  CHECK(plain.jitter == 0us);
  const Impairment jittered = Delay(1s, 250us);
  CHECK(jittered.delay == 1000000us);
  CHECK(jittered.jitter == 250us);
  CHECK(Delay(1us).delay == 1us);
}

TEST_CASE("Delay refuses a delay under 1us and a negative jitter", "[cluster][impairment]") {
  CHECK(ErrorOf([] { (void)Delay(0ms); }) == "Delay: the delay must be positive (at least 1us), got 0us");
  CHECK(ErrorOf([] { (void)Delay(-5ms); }) ==
        "Delay: the delay must be positive (at least 1us), got -5000us");
  // Less than a microsecond rounds down to nothing, which netem cannot delay by.
  CHECK(ErrorOf([] { (void)Delay(999ns); }) == "Delay: the delay must be positive (at least 1us), got 0us");
  CHECK(ErrorOf([] { (void)Delay(10ms, -1ms); }) == "Delay: the jitter must not be negative, got -1000us");
}

TEST_CASE("Loss, Duplicate and Reorder keep a percentage over 0 and at most 100", "[cluster][impairment]") {
  CHECK(Loss(10).kind == Impairment::Kind::Loss);
  CHECK(Loss(10).percent == 10);
  CHECK(Duplicate(0.5).kind == Impairment::Kind::Duplicate);
  CHECK(Duplicate(0.5).percent == 0.5);
  CHECK(Reorder(100).kind == Impairment::Kind::Reorder);
  CHECK(Reorder(100).percent == 100);
}

TEST_CASE("Loss, Duplicate and Reorder refuse other percentages, naming themselves",
          "[cluster][impairment]") {
  CHECK(ErrorOf([] { (void)Loss(0); }) == "Loss" + kPercentRule + "0%");
  CHECK(ErrorOf([] { (void)Loss(-3); }) == "Loss" + kPercentRule + "-3%");
  CHECK(ErrorOf([] { (void)Duplicate(100.5); }) == "Duplicate" + kPercentRule + "100.5%");
  CHECK(ErrorOf([] { (void)Reorder(250); }) == "Reorder" + kPercentRule + "250%");
  CHECK_FALSE(ErrorOf([] { (void)Loss(std::numeric_limits<double>::quiet_NaN()); }).empty());
  CHECK_FALSE(ErrorOf([] { (void)Loss(std::numeric_limits<double>::infinity()); }).empty());
}

TEST_CASE("Describe says what each impairment does", "[cluster][impairment]") {
  CHECK(Delay(100ms).Describe() == "delay 100ms");
  CHECK(Delay(100ms, 20ms).Describe() == "delay 100ms ± 20ms");
  CHECK(Delay(1500us, 250us).Describe() == "delay 1500us ± 250us");
  CHECK(Loss(10).Describe() == "loss 10%");
  CHECK(Loss(0.25).Describe() == "loss 0.25%");
  CHECK(Duplicate(1).Describe() == "duplicate 1%");
  CHECK(Reorder(25).Describe() == "reorder 25%");
}

TEST_CASE("ValidateImpairments accepts each kind once, and Reorder with a Delay", "[cluster][impairment]") {
  CHECK_NOTHROW(ValidateImpairments({Delay(10ms)}));
  CHECK_NOTHROW(ValidateImpairments({Loss(5), Duplicate(1)}));
  CHECK_NOTHROW(ValidateImpairments({Delay(50ms), Reorder(25)}));
  CHECK_NOTHROW(ValidateImpairments({Reorder(25), Delay(50ms, 5ms), Loss(1), Duplicate(2)}));
}

TEST_CASE("ValidateImpairments refuses nothing, a kind twice, and Reorder without Delay",
          "[cluster][impairment]") {
  CHECK(ErrorOf([] { ValidateImpairments({}); }) ==
        "Impair: give at least one impairment (Delay, Loss, Duplicate, Reorder)");
  CHECK(ErrorOf([] {
          ValidateImpairments({Delay(10ms), Delay(20ms)});
        }) == "Impair: delay 20ms is given twice in one call; one netem qdisc holds each kind once");
  CHECK(ErrorOf([] {
          ValidateImpairments({Loss(1), Duplicate(1), Loss(2)});
        }) == "Impair: loss 2% is given twice in one call; one netem qdisc holds each kind once");
  CHECK(ErrorOf([] { ValidateImpairments({Reorder(25)}); }) ==
        "Impair: Reorder needs a Delay in the same call (netem reorders by sending some packets at "
        "once while the rest wait for the delay), e.g. Impair(sel, Delay(50ms), Reorder(25))");
  CHECK(ErrorOf([] {
          ValidateImpairments({Loss(3), Reorder(25)});
        }).rfind("Impair: Reorder needs a Delay", 0) == 0);
}
