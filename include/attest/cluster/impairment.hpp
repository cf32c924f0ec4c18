// Network impairments for Do::Impair: what a tc netem qdisc does to a node's outgoing
// traffic, as plain data that every backend reads the same way.
//
//   d.Impair(d.AllNodes(), Delay(100ms, 20ms), Loss(10));
//   d.Impair(Node("n1"), Delay(50ms), Reorder(25));   // Reorder needs a Delay
//
// Each factory checks its own argument; ValidateImpairments checks the combination.
// Delay's jitter follows a normal distribution, and Delay, Loss and Reorder use 25%
// correlation, as the seed describes.
#pragma once

#include <chrono>
#include <cmath>
#include <string>
#include <vector>

#include "attest/error.hpp"

namespace attest {

struct Impairment {
  enum class Kind { Delay, Loss, Duplicate, Reorder };
  Kind kind = Kind::Delay;
  std::chrono::microseconds delay{0};   // Delay only
  std::chrono::microseconds jitter{0};  // Delay only; 0 = none
  double percent = 0;                   // Loss, Duplicate, Reorder: (0, 100]

  // "delay 100ms ± 20ms", "loss 10%": for events and messages.
  std::string Describe() const;
};

namespace detail {

inline std::string PercentText(double percent) {
  std::string text = std::to_string(percent);
  text.erase(text.find_last_not_of('0') + 1);
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text + "%";
}

inline std::string MicrosecondsText(std::chrono::microseconds d) {
  if (d.count() % 1000 == 0) return std::to_string(d.count() / 1000) + "ms";
  return std::to_string(d.count()) + "us";
}

inline double CheckedPercent(const char* what, double percent) {
  if (!std::isfinite(percent) || percent <= 0 || percent > 100) {
    throw UsageError(std::string(what) + ": the percentage must be more than 0 and at most 100, got " +
                     PercentText(percent));
  }
  return percent;
}

}  // namespace detail

inline std::string Impairment::Describe() const {
  switch (kind) {
    case Kind::Delay:
      return "delay " + detail::MicrosecondsText(delay) +
             (jitter.count() > 0 ? " ± " + detail::MicrosecondsText(jitter) : "");
    case Kind::Loss: return "loss " + detail::PercentText(percent);
    case Kind::Duplicate: return "duplicate " + detail::PercentText(percent);
    case Kind::Reorder: return "reorder " + detail::PercentText(percent);
  }
  return "";
}

// Adds `delay` (and a normally distributed `jitter`, 25% correlation) to every packet.
template <class Rep1, class Period1, class Rep2 = long long, class Period2 = std::milli>
Impairment Delay(std::chrono::duration<Rep1, Period1> delay,
                 std::chrono::duration<Rep2, Period2> jitter = std::chrono::duration<Rep2, Period2>(0)) {
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(delay);
  const auto jitter_us = std::chrono::duration_cast<std::chrono::microseconds>(jitter);
  if (us.count() <= 0) {
    throw UsageError("Delay: the delay must be positive (at least 1us), got " + std::to_string(us.count()) +
                     "us");
  }
  if (jitter_us.count() < 0) {
    throw UsageError("Delay: the jitter must not be negative, got " + std::to_string(jitter_us.count()) +
                     "us");
  }
  Impairment impairment;
  impairment.kind = Impairment::Kind::Delay;
  impairment.delay = us;
  impairment.jitter = jitter_us;
  return impairment;
}

// Drops `percent`% of packets (25% correlation).
inline Impairment Loss(double percent) {
  return Impairment{Impairment::Kind::Loss, {}, {}, detail::CheckedPercent("Loss", percent)};
}

// Sends `percent`% of packets twice.
inline Impairment Duplicate(double percent) {
  return Impairment{Impairment::Kind::Duplicate, {}, {}, detail::CheckedPercent("Duplicate", percent)};
}

// Sends `percent`% of packets at once, ahead of the delayed rest (25% correlation);
// needs a Delay in the same Impair call, since without one there is nothing to overtake.
inline Impairment Reorder(double percent) {
  return Impairment{Impairment::Kind::Reorder, {}, {}, detail::CheckedPercent("Reorder", percent)};
}

// One netem qdisc takes each kind at most once, and Reorder only with a Delay.
inline void ValidateImpairments(const std::vector<Impairment>& impairments) {
  if (impairments.empty())
    throw UsageError("Impair: give at least one impairment (Delay, Loss, Duplicate, Reorder)");
  bool seen[4] = {false, false, false, false};
  for (const auto& impairment : impairments) {
    auto& slot = seen[static_cast<int>(impairment.kind)];
    if (slot) {
      throw UsageError("Impair: " + impairment.Describe() +
                       " is given twice in one call; one netem qdisc holds each kind once");
    }
    slot = true;
  }
  if (seen[static_cast<int>(Impairment::Kind::Reorder)] && !seen[static_cast<int>(Impairment::Kind::Delay)]) {
    throw UsageError(
        "Impair: Reorder needs a Delay in the same call (netem reorders by sending some "
        "packets at once while the rest wait for the delay), e.g. "
        "Impair(sel, Delay(50ms), Reorder(25))");
  }
}

}  // namespace attest
