// The seed's Concurrently example, as a suite author writes it:
//
//   d.Concurrently(100, [&](int i) {
//     d.PUT(Node("n1"), "/kv/key" + std::to_string(i), "value" + std::to_string(i)).Status(Is(200)).Run();
//   });
//
// with the default concurrency limit (64) and a 2 s request timeout, run again and
// again against one server. Each repetition is a suite of its own (a fresh connection
// pool: the burst of first connects), running the example twice with a pause between,
// so the second burst meets the idle connections the first one left.
#pragma once

#include <chrono>
#include <string>
#include <thread>

#include "attest/attest.hpp"
#include "support/catch.hpp"
#include "support/collecting_reporter.hpp"

namespace attest::testing {

inline constexpr int kSeedRepetitions = 20;

inline void RunSeedExampleRepeatedly(const std::string& address, std::chrono::milliseconds pause,
                                     int repetitions = kSeedRepetitions) {
  using namespace std::chrono_literals;
  for (int repetition = 1; repetition <= repetitions; ++repetition) {
    Suite suite = New(WithEndpoints({{"n1", address}}), WithRequestTimeout(2s));
    suite.Test("seed Concurrently example", [pause](Do& d) {
      for (int burst = 0; burst < 2; ++burst) {
        if (burst > 0) std::this_thread::sleep_for(pause);
        d.Concurrently(100, [&](int i) {
          d.PUT(Node("n1"), "/kv/key" + std::to_string(i), "value" + std::to_string(i)).Status(Is(200)).Run();
        });
      }
    });
    CollectingReporter reporter;
    const SuiteResult result = suite.RunWithResult(reporter);
    std::string failure;
    if (result.setup_failure) failure = FormatFailure(*result.setup_failure, TextStyle::Plain());
    if (!result.tests.empty() && result.tests[0].failure) {
      failure = FormatFailure(*result.tests[0].failure, TextStyle::Plain());
    }
    INFO("repetition " << repetition << " of " << repetitions << " against " << address << "\n" << failure);
    REQUIRE(result.passed);
  }
}

}  // namespace attest::testing
