// Definitions of dsl/check.hpp: running a check against the nodes and turning what
// they answered into a FailureReport.
#pragma once

#include "attest/dsl/check.hpp"

#include <exception>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "attest/detail/duration_text.hpp"
#include "attest/dsl/detail/run_state.hpp"
#include "attest/dsl/json_path.hpp"
#include "attest/error.hpp"
#include "attest/report/detail/json_depth.hpp"
#include "attest/report/detail/text.hpp"
#include "attest/report/failure.hpp"

namespace attest {
namespace detail {

ATTEST_INLINE std::string Expectation::Subject() const {
  switch (kind) {
    case Kind::Status: return "status";
    case Kind::Body: return "body";
    case Kind::Json: return "json " + key;
    case Kind::Header: return "header " + key;
  }
  return "";
}

// The modifier as the user wrote it, for messages: ".JSON(\"term\", ...)".
ATTEST_INLINE std::string ModifierText(Expectation::Kind kind, const std::string& key) {
  switch (kind) {
    case Expectation::Kind::Status: return ".Status(...)";
    case Expectation::Kind::Body: return ".Body(...)";
    case Expectation::Kind::Json: return ".JSON(\"" + key + "\", ...)";
    case Expectation::Kind::Header: return ".Header(\"" + key + "\", ...)";
  }
  return "";
}

ATTEST_INLINE void AddExpectation(CheckSpec& spec, Expectation::Kind kind, std::string key,
                                  std::initializer_list<Matcher> matchers) {
  if (matchers.size() == 0) {
    throw UsageError(spec.Where() + ": " + ModifierText(kind, key) + " needs at least one matcher");
  }
  if (kind == Expectation::Kind::Json) ValidateJsonPath(key);
  const Matcher* last = matchers.end() - 1;
  for (const Matcher* matcher = matchers.begin(); matcher != last; ++matcher) {
    spec.expectations.push_back(Expectation{kind, key, *matcher});
  }
  spec.expectations.push_back(Expectation{kind, std::move(key), *last});  // the key's last use
}

ATTEST_INLINE void SetCheckMode(CheckSpec& spec, CheckMode mode,
                                std::optional<std::chrono::milliseconds> timeout) {
  const char* name = mode == CheckMode::Eventually ? "Eventually" : "Consistently";
  if (spec.mode != CheckMode::Once && spec.mode != mode) {
    throw UsageError(spec.Where() + ": a check is either Eventually or Consistently, not both");
  }
  if (timeout && timeout->count() <= 0) {
    throw UsageError(spec.Where() + ": " + name + " needs a positive timeout, got " +
                     std::to_string(timeout->count()) + "ms");
  }
  spec.mode = mode;
  spec.window = timeout;
}

ATTEST_INLINE void RecordDroppedCheck(RunState& state, const CheckSpec& spec) {
  state.RecordDroppedCheck(spec.Title() + " built at " + spec.location.ToString());
}

// What all nodes answered to one attempt.
struct CheckAttempt {
  bool passed = false;
  std::vector<NodeOutcome> outcomes;  // in node order
};

// A mismatch line stays one readable line; the whole body is shown below it anyway.
ATTEST_INLINE std::string ShortenedValue(std::string text) {
  constexpr std::size_t kMax = 200;
  if (text.size() <= kMax) return text;
  const std::size_t total = text.size();
  text.resize(Utf8SafeCut(text, kMax));
  return text + "... (" + std::to_string(total) + " characters)";
}

// nlohmann prefixes its messages with "[json.exception.parse_error.101] ": noise here.
ATTEST_INLINE std::string WithoutJsonExceptionTag(std::string message) {
  if (message.rfind("[json.exception.", 0) == 0) {
    const auto end = message.find("] ");
    if (end != std::string::npos) message.erase(0, end + 2);
  }
  return message;
}

// A response body read as JSON: the document, or why there is none.
struct BodyJson {
  std::optional<nlohmann::json> document;
  std::string problem;  // "the body is not JSON (...)", for the mismatch line
};

// Parses `body` for .JSON(...) expectations, refusing bodies nested deeper than
// kMaxJsonDepth (report/detail/json_depth.hpp) before the parser sees them.
ATTEST_INLINE BodyJson ReadBodyAsJson(const std::string& body) {
  BodyJson read;
  if (JsonNestsDeeperThan(body, kMaxJsonDepth)) {
    read.problem = "the body is not read as JSON (" + JsonTooDeepText() + ")";
    return read;
  }
  try {
    read.document = nlohmann::json::parse(body);
  } catch (const nlohmann::json::exception& e) {
    // parse_error for bad syntax, and out_of_range for a number too large for a double
    // (1e400): both mean the body cannot be read as JSON.
    read.problem = "the body is not JSON (" + WithoutJsonExceptionTag(e.what()) + ")";
  }
  return read;
}

// Applies every expectation to one response, filling the outcome's status, body and
// mismatches: what a check does with an answer, apart from the network. The response
// comes by value so that a caller done with it moves it in: its body then becomes the
// outcome's without a copy of a large body on every attempt. The body and Content-Type
// are kept for what a report shows: a failed outcome, and a passing one when
// `shown_when_passing` (ExactlyOne).
//
// The matchers see the response's values through views (ActualView), not copies: a
// check that passes allocates nothing here but the body's JSON string, and that only
// for .Body(...), by moving the body in and back out.
ATTEST_INLINE void JudgeResponse(const ExpectationList& expectations, http::Response response,
                                 NodeOutcome& outcome, bool shown_when_passing = false) {
  outcome.status = response.status;

  std::optional<nlohmann::json> body_value;  // the body as a JSON string, made at most once
  std::optional<BodyJson> json;              // the body read as JSON, at most once
  const auto body_text = [&]() -> const std::string& {
    return body_value ? body_value->get_ref<const std::string&>() : response.body;
  };
  for (const auto& expectation : expectations) {
    nlohmann::json held;                    // a status, header or JSON path's value
    const nlohmann::json* value = nullptr;  // what the matcher sees; null when missing
    switch (expectation.kind) {
      case Expectation::Kind::Status:
        held = nlohmann::json(response.status);
        value = &held;
        break;
      case Expectation::Kind::Body:
        if (!body_value) body_value.emplace(std::move(response.body));
        value = &*body_value;
        break;
      case Expectation::Kind::Header:
        if (auto header = response.Header(expectation.key)) {
          held = std::move(*header);
          value = &held;
        }
        break;
      case Expectation::Kind::Json: {
        if (!json) json = ReadBodyAsJson(body_text());
        if (!json->document) {
          // Said once for the path, not once for each of its matchers.
          std::string line = expectation.Subject() + ": " + json->problem;
          if (outcome.mismatches.empty() || outcome.mismatches.back() != line) {
            outcome.mismatches.push_back(std::move(line));
          }
          continue;
        }
        if (auto found = JsonPathLookup(*json->document, expectation.key)) {
          held = std::move(*found);
          value = &held;
        }
        break;
      }
    }
    const Actual actual = value != nullptr ? ActualView(*value) : Actual::Missing();
    const MatchResult match = expectation.matcher.Match(actual);
    if (match.ok) continue;
    std::string line = expectation.Subject() + ": expected " + expectation.matcher.Describe();
    if (value == nullptr) {
      line += expectation.kind == Expectation::Kind::Header
                  ? ", but the response has no " + expectation.key + " header"
                  : ", but the path " + expectation.key + " does not exist in the body";
    } else {
      line += ", got " + ShortenedValue(actual.Describe());
    }
    if (!match.reason.empty()) line += " (" + match.reason + ")";
    outcome.mismatches.push_back(std::move(line));
  }
  outcome.passed = outcome.mismatches.empty();
  if (outcome.passed && !shown_when_passing) return;  // no report shows the body
  // The Content-Type only picks how a report prints the body.
  if (auto content_type = response.Header("Content-Type")) outcome.content_type = std::move(*content_type);
  // Last: the expectations above read the body.
  outcome.body = body_value ? std::move(body_value->get_ref<std::string&>()) : std::move(response.body);
}

// Sends the spec's request to one node and judges the answer into `outcome`. The
// request's text and the Content-Type are filled in only when a report may show this
// node: when it failed, or when the rule is ExactlyOne (whose report shows passing
// nodes too).
ATTEST_INLINE void AskNode(RunState& state, const CheckSpec& spec, const std::string& node,
                           NodeOutcome& outcome) {
  const bool shown_when_passing = spec.selector.GetRule() == NodeSelector::Rule::ExactlyOne;
  outcome.node = node;
  const http::Endpoint endpoint = state.EndpointOf(node);
  auto result = state.Send(node, endpoint, spec.request);
  if (result.response) {
    JudgeResponse(spec.expectations, std::move(*result.response), outcome, shown_when_passing);
  } else {
    outcome.transport_error = result.error->text;  // shown as the node's error; passed stays false
  }
  if (!outcome.passed || shown_when_passing) {
    outcome.request = spec.request.method + " " + RunState::UrlFor(endpoint, spec.request.path);
    outcome.request_body = spec.request.body;
  }
}

ATTEST_INLINE CheckAttempt RunAttempt(RunState& state, const CheckSpec& spec,
                                      const std::vector<std::string>& nodes) {
  CheckAttempt attempt;
  attempt.outcomes.resize(nodes.size());
  // Several nodes are asked at once, so one slow node does not delay the others.
  std::vector<std::thread> helpers;
  std::exception_ptr error;
  std::mutex error_mutex;
  auto ask = [&](std::size_t i) {
    try {
      AskNode(state, spec, nodes[i], attempt.outcomes[i]);
    } catch (...) {
      std::lock_guard lock(error_mutex);
      if (!error) error = std::current_exception();
    }
  };
  for (std::size_t i = 1; i < nodes.size(); ++i) helpers.emplace_back(ask, i);
  ask(0);
  for (auto& helper : helpers) helper.join();
  if (error) std::rethrow_exception(error);

  std::size_t passed = 0;
  for (const auto& outcome : attempt.outcomes) passed += outcome.passed ? 1 : 0;
  attempt.passed = spec.selector.Passes(passed, nodes.size());
  return attempt;
}

ATTEST_INLINE FailureReport BaseReport(const CheckSpec& spec, const std::vector<std::string>& nodes) {
  FailureReport report;
  report.title = spec.Title();
  report.location = spec.location.ToString();
  report.selector = spec.selector.Describe(nodes);
  report.hint = spec.hint;
  for (const auto& expectation : spec.expectations) {
    report.expectations.push_back(expectation.Subject() + " " + expectation.matcher.Describe());
  }
  return report;
}

ATTEST_INLINE FailureReport AttemptReport(RunState& state, const CheckSpec& spec, const CheckAttempt& attempt,
                                          const std::vector<std::string>& nodes, std::string timing) {
  FailureReport report = BaseReport(spec, nodes);
  report.timing = std::move(timing);
  std::size_t passed = 0;
  for (const auto& outcome : attempt.outcomes) passed += outcome.passed ? 1 : 0;
  if (spec.selector.GetRule() != NodeSelector::Rule::Single) {
    report.verdict = std::to_string(passed) + " of " + std::to_string(nodes.size()) +
                     (nodes.size() == 1 ? " node" : " nodes") + " passed; " + spec.selector.RuleText();
  }
  // Failing nodes first; passing ones too when they are part of the problem
  // (ExactlyOneNode with two passing nodes).
  for (const auto& outcome : attempt.outcomes) {
    if (!outcome.passed) report.nodes.push_back(outcome);
  }
  if (spec.selector.GetRule() == NodeSelector::Rule::ExactlyOne && passed > 1) {
    for (const auto& outcome : attempt.outcomes) {
      if (outcome.passed) report.nodes.push_back(outcome);
    }
  }
  state.AddNodeLogs(report);
  return report;
}

ATTEST_INLINE FailureReport NoNodesReport(const CheckSpec& spec) {
  FailureReport report = BaseReport(spec, {});
  report.selector = spec.selector.Describe({});
  report.verdict = "no running node matches the selector, so nothing could be checked";
  return report;
}

// Node("n1") and no retries: what nearly every check is, above all the thousands in a
// Concurrently. The node is asked without the lists a check on several nodes needs
// (the resolved names, one outcome per node); they are made only for a report.
ATTEST_INLINE void RunOnceOnOneNode(RunState& state, const CheckSpec& spec, const std::string& node) {
  state.RequireKnownNode(node, [&] { return spec.Where(); });
  if (!state.GetCluster().IsUp(node)) ThrowFailure(NoNodesReport(spec));
  if (state.CurrentScope().IsCancelled()) throw Cancelled();
  NodeOutcome outcome;
  AskNode(state, spec, node, outcome);
  if (outcome.passed) return;
  CheckAttempt attempt;
  attempt.outcomes.push_back(std::move(outcome));
  ThrowFailure(AttemptReport(state, spec, attempt, {node}, ""));
}

ATTEST_INLINE void RunCheck(RunState& state, const CheckSpec& spec) {
  const bool one_node =
      spec.selector.GetRule() == NodeSelector::Rule::Single && spec.selector.Names().size() == 1;
  if (spec.mode == CheckMode::Once && one_node)
    return RunOnceOnOneNode(state, spec, spec.selector.Names().front());

  const auto nodes = state.Resolve(spec.selector, [&] { return spec.Where(); });
  if (nodes.empty()) ThrowFailure(NoNodesReport(spec));

  const auto& scope = state.CurrentScope();
  if (spec.mode == CheckMode::Once) {  // one attempt, no clock
    if (scope.IsCancelled()) throw Cancelled();
    const CheckAttempt result = RunAttempt(state, spec, nodes);
    if (!result.passed) ThrowFailure(AttemptReport(state, spec, result, nodes, ""));
    return;
  }

  const auto window = spec.window.value_or(state.Config().retry_timeout);
  const auto started = std::chrono::steady_clock::now();
  const auto deadline = started + window;
  for (int attempt = 1;; ++attempt) {
    if (scope.IsCancelled()) throw Cancelled();
    CheckAttempt result = RunAttempt(state, spec, nodes);
    const auto now = std::chrono::steady_clock::now();
    switch (spec.mode) {
      case CheckMode::Once: return;  // handled above
      case CheckMode::Eventually:
        if (result.passed) return;
        if (now >= deadline) {
          ThrowFailure(AttemptReport(state, spec, result, nodes,
                                     "did not pass within " + ExactDurationText(window) + " (" +
                                         std::to_string(attempt) + (attempt == 1 ? " attempt" : " attempts") +
                                         "); the last attempt is shown"));
        }
        break;
      case CheckMode::Consistently:
        if (!result.passed) {
          ThrowFailure(AttemptReport(state, spec, result, nodes,
                                     "passed " + std::to_string(attempt - 1) + " of " +
                                         std::to_string(attempt) + " attempts, then failed at attempt " +
                                         std::to_string(attempt) + " after " + DurationText(now - started) +
                                         " of the required " + ExactDurationText(window)));
        }
        if (now >= deadline) return;
        break;
    }
    const auto pause = std::min<std::chrono::nanoseconds>(state.Config().poll_interval, deadline - now);
    if (!scope.SleepFor(pause)) throw Cancelled();
  }
}

}  // namespace detail

ATTEST_INLINE Check::Check(std::shared_ptr<detail::RunState> state, const char* method,
                           NodeSelector&& selector, std::string&& path, std::string&& body, H&& headers,
                           detail::SourceLocation at)
    : state_(std::move(state)),
      spec_{
          .request = {method, std::move(path), std::move(body), std::move(headers)},
          .selector = std::move(selector),
          .expectations = {},
          .hint = {},
          .mode = detail::CheckMode::Once,
          .window = std::nullopt,
          .location = at,
      },
      uncaught_at_start_(std::uncaught_exceptions()) {}

ATTEST_INLINE Check::Check(Check&& other) noexcept
    : state_(std::move(other.state_)),
      spec_(std::move(other.spec_)),
      uncaught_at_start_(other.uncaught_at_start_),
      pending_(std::exchange(other.pending_, false)) {}

ATTEST_INLINE Check::~Check() {
  // A check dropped while an exception unwinds is a casualty, not the bug.
  if (pending_ && state_ && std::uncaught_exceptions() == uncaught_at_start_) {
    detail::RecordDroppedCheck(*state_, spec_);
  }
}

ATTEST_INLINE Check& Check::Expect(Kind kind, std::string key, std::initializer_list<Matcher> matchers) {
  detail::AddExpectation(spec_, kind, std::move(key), matchers);
  return *this;
}

ATTEST_INLINE void Check::Run() {
  pending_ = false;
  detail::RunCheck(*state_, spec_);
}

}  // namespace attest
