// Definitions of dsl/suite.hpp: running a suite.
#pragma once

#include "attest/dsl/suite.hpp"

#include <algorithm>
#include <chrono>

#include "attest/cluster/backends.hpp"
#include "attest/cluster/docker.hpp"
#include "attest/cluster/endpoints.hpp"
#include "attest/detail/interrupts.hpp"
#include "attest/dsl/detail/run_state.hpp"
#include "attest/report/console.hpp"
#include "attest/report/failure.hpp"

namespace attest {

namespace detail {

ATTEST_INLINE std::unique_ptr<Cluster> MakeSuiteCluster(const SuiteConfig& config) {
  if (!config.endpoints.empty()) {
    if (config.cluster_size != 0 && config.cluster_size != static_cast<int>(config.endpoints.size())) {
      throw UsageError("the suite declares WithCluster(" + std::to_string(config.cluster_size) +
                       ") but WithEndpoints names " + std::to_string(config.endpoints.size()) +
                       " node(s); give one endpoint per node");
    }
    return std::make_unique<EndpointCluster>(config.endpoints);
  }
  if (config.cluster_size == 0) {
    throw UsageError(
        "the suite has no nodes: declare them with WithCluster(n) or point it at "
        "running nodes with WithEndpoints({{\"n1\", \"host:port\"}})");
  }
  docker::RegisterBuiltInBackend();
  return detail::MakeManagedCluster(config);
}

ATTEST_INLINE void ThrowIfChecksDropped(detail::RunState& state) {
  auto dropped = state.TakeDroppedChecks();
  if (dropped.empty()) return;
  FailureReport report;
  report.title = "check built but never run";
  report.message = "these checks were built but .Run() was never called, so nothing was checked:";
  for (const auto& d : dropped) report.message += "\n  " + d;
  report.hint = "End every chain with .Run(), e.g. d.GET(Node(\"n1\"), \"/\").Status(Is(200)).Run();";
  ThrowFailure(std::move(report));
}

// Turns whatever a test threw into a report; user exceptions are failures too.
ATTEST_INLINE FailureReport ReportFromException(std::exception_ptr error, const std::string& where) {
  try {
    std::rethrow_exception(std::move(error));
  } catch (const Failure& failure) {
    return failure.Report();
  } catch (const UsageError& e) {
    FailureReport report;
    report.title = "the test is written wrongly (" + where + ")";
    report.message = e.what();
    return report;
  } catch (const InfrastructureError& e) {
    FailureReport report;
    report.title = "infrastructure failure (" + where + ")";
    report.message = e.what();
    return report;
  } catch (const Cancelled&) {
    FailureReport report;
    report.title = "cancelled (" + where + ")";
    report.message = "the run was cancelled";
    return report;
  } catch (const std::exception& e) {
    FailureReport report;
    report.title = "exception thrown from the " + where;
    report.message = std::string(e.what());
    return report;
  } catch (...) {
    FailureReport report;
    report.title = "exception thrown from the " + where;
    report.message = "an exception that is not a std::exception";
    return report;
  }
}

}  // namespace detail

ATTEST_INLINE Suite& Suite::Test(std::string name, Body body) & {
  if (!body) throw UsageError("Test(\"" + name + "\"): the test body is empty");
  tests_.push_back(Entry{std::move(name), std::move(body)});
  return *this;
}

ATTEST_INLINE Suite& Suite::Setup(Body body) & {
  if (!body) throw UsageError("Setup: the function is empty");
  setups_.push_back(std::move(body));
  return *this;
}

ATTEST_INLINE bool Suite::Run() {
  ConsoleReporter reporter;
  return Run(reporter);
}

ATTEST_INLINE bool Suite::Run(Reporter& reporter) { return RunWithResult(reporter).passed; }

ATTEST_INLINE SuiteResult Suite::RunWithResult(Reporter& reporter) {
  detail::InterruptGuard interrupts;  // Ctrl-C stops the suite and still shuts its cluster down
  const auto started = std::chrono::steady_clock::now();
  SuiteResult result;
  SuiteConfig config;
  for (const auto& option : options_) option.ApplyTo(config);
  result.name = config.name.empty() ? "suite" : config.name;
  reporter.SuiteStarting(result.name, static_cast<int>(tests_.size()));
  ClusterEventSink events = [&reporter](const std::string& text) { reporter.Event(text); };

  std::shared_ptr<detail::RunState> state;
  try {
    auto cluster = detail::MakeSuiteCluster(config);
    state = std::make_shared<detail::RunState>(config, std::move(cluster), events);
    state->GetCluster().StartAll(events);
  } catch (const Unavailable& unavailable) {
    result.skipped_reason = unavailable.what();
  } catch (...) {
    result.setup_failure = detail::ReportFromException(std::current_exception(), "starting the cluster");
  }

  if (!result.setup_failure && result.skipped_reason.empty()) {
    Do d(state);
    for (std::size_t i = 0; i < setups_.size() && !result.setup_failure; ++i) {
      try {
        setups_[i](d);
        detail::ThrowIfChecksDropped(*state);
      } catch (...) {
        result.setup_failure = detail::ReportFromException(std::current_exception(), "Setup");
      }
    }
  }

  bool stopped = result.setup_failure.has_value() || !result.skipped_reason.empty();
  for (std::size_t i = 0; i < tests_.size(); ++i) {
    TestResult test;
    test.index = static_cast<int>(i) + 1;
    test.name = tests_[i].name;
    if (stopped) {
      test.skipped = true;
      if (!result.skipped_reason.empty()) test.skip_reason = "this machine cannot run the suite";
      reporter.TestFinished(test);
      result.tests.push_back(std::move(test));
      continue;
    }
    reporter.TestStarting(test.index, test.name);
    const auto test_started = std::chrono::steady_clock::now();
    try {
      state->GetCluster().MarkTest(std::to_string(test.index) + ". " + test.name);
      Do d(state);
      tests_[i].body(d);
      detail::ThrowIfChecksDropped(*state);
      test.passed = true;
    } catch (...) {
      test.failure = detail::ReportFromException(std::current_exception(), "test body");
      state->TakeDroppedChecks();  // dropped while unwinding: not the cause
    }
    test.duration = std::chrono::steady_clock::now() - test_started;
    test.latencies = state->TakeLatencies();
    stopped = !test.passed;
    reporter.TestFinished(test);
    result.tests.push_back(std::move(test));
  }

  if (state) {
    state->GetCluster().ShutdownAll(events);
    result.log_directory = state->GetCluster().LogDirectory();
  }
  result.passed =
      !result.setup_failure && result.skipped_reason.empty() &&
      std::all_of(result.tests.begin(), result.tests.end(), [](const TestResult& t) { return t.passed; });
  result.duration = std::chrono::steady_clock::now() - started;
  reporter.SuiteFinished(result);
  return result;
}

}  // namespace attest
