// Every combination of impairments one Impair call can give, in every order, with the tc
// arguments each must turn into (or the rejection), written out by hand here. The unit
// test compares NetemReplaceArgs with them; the netns test hands each to the real tc.
#pragma once

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "attest/cluster/impairment.hpp"

namespace attest::faults::test {

struct ImpairmentCase {
  std::string name;                     // "delay+jitter, loss, reorder (given reversed)"
  std::vector<Impairment> impairments;  // in the order given
  bool rejected = false;                // Reorder without Delay
  std::vector<std::string> netem_args;  // what follows "netem" when accepted
};

inline std::vector<ImpairmentCase> AllImpairmentCases() {
  using namespace std::chrono_literals;
  struct Part {
    std::string name;
    Impairment impairment;
    std::vector<std::string> args;
  };
  // Indexes: 0 delay without jitter, 1 delay with jitter, 2 loss, 3 duplicate, 4 reorder.
  const std::vector<Part> parts = {
      {"delay", Delay(100ms), {"delay", "100ms"}},
      {"delay+jitter", Delay(100ms, 20ms), {"delay", "100ms", "20ms", "25%", "distribution", "normal"}},
      {"loss", Loss(10), {"loss", "10%", "25%"}},
      {"duplicate", Duplicate(1), {"duplicate", "1%"}},
      {"reorder", Reorder(30), {"reorder", "30%", "25%"}},
  };
  std::vector<ImpairmentCase> cases;
  for (int delay = 0; delay < 3; ++delay) {  // none, without jitter, with jitter
    for (int others = 0; others < 8; ++others) {
      std::vector<int> chosen;  // in tc's order: delay, loss, duplicate, reorder
      if (delay > 0) chosen.push_back(delay - 1);
      for (int bit = 0; bit < 3; ++bit) {
        if (others & (1 << bit)) chosen.push_back(2 + bit);
      }
      if (chosen.empty()) continue;
      std::vector<std::string> expected;
      std::string name;
      for (const int index : chosen) {
        expected.insert(expected.end(), parts[index].args.begin(), parts[index].args.end());
        name += (name.empty() ? "" : ", ") + parts[index].name;
      }
      const bool rejected = delay == 0 && (others & 4) != 0;
      // Every order of giving them yields the same arguments.
      std::vector<int> order = chosen;
      do {
        ImpairmentCase c;
        c.name = name + " (given as";
        for (const int index : order) {
          c.impairments.push_back(parts[index].impairment);
          c.name += " " + parts[index].name;
        }
        c.name += ")";
        c.rejected = rejected;
        if (!rejected) c.netem_args = expected;
        cases.push_back(std::move(c));
      } while (std::next_permutation(order.begin(), order.end()));
    }
  }
  return cases;
}

}  // namespace attest::faults::test
