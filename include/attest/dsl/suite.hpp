// A Suite is an ordered list of tests sharing one cluster:
//
//   Suite HTTPAPI() {
//     return New(WithCluster(1))
//         .Test("PUT Stores Values", [](Do& d) { ... });
//   }
//
// Run() starts the cluster, runs Setup functions and then the tests in order (the first
// failure stops the suite; the rest are reported as skipped), stops the cluster, and
// tells a Reporter what happened. Exceptions from test code never escape Run().
#pragma once

#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "attest/detail/inline.hpp"
#include "attest/dsl/do.hpp"
#include "attest/dsl/options.hpp"
#include "attest/error.hpp"
#include "attest/report/reporter.hpp"

namespace attest {

class Suite {
 public:
  using Body = std::function<void(Do&)>;

  Suite() = default;

  // Adds options; later options override earlier ones.
  template <class... Options>
  Suite& With(Options&&... options) & {
    (options_.push_back(Option(std::forward<Options>(options))), ...);
    return *this;
  }
  template <class... Options>
  Suite&& With(Options&&... options) && {
    return std::move(With(std::forward<Options>(options)...));
  }

  // Appends a test; tests run in the order they were added and share state.
  Suite& Test(std::string name, Body body) &;
  Suite&& Test(std::string name, Body body) && { return std::move(Test(std::move(name), std::move(body))); }

  // Runs before the first test, after the cluster is up.
  Suite& Setup(Body body) &;
  Suite&& Setup(Body body) && { return std::move(Setup(std::move(body))); }

  // Runs the suite (cluster start, setups, tests in order, cluster stop), reporting to
  // standard output; true when every test passed. Never throws for what a test does.
  bool Run();
  bool Run(Reporter& reporter);
  // The same, returning everything that happened.
  SuiteResult RunWithResult(Reporter& reporter);

 private:
  struct Entry {
    std::string name;
    Body body;
  };

  std::vector<Option> options_;
  std::vector<Body> setups_;
  std::vector<Entry> tests_;
};

// A new suite with options: New(WithCluster(3), WithRetryTimeout(10s)).
template <class... Options>
Suite New(Options&&... options) {
  Suite suite;
  suite.With(std::forward<Options>(options)...);
  return suite;
}

}  // namespace attest

#if ATTEST_HEADER_ONLY
#include "attest/dsl/detail/suite_inl.hpp"
#endif
