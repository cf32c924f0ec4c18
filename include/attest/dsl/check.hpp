// A Check is one request and what its answer must look like:
//
//   d.GET(Node("n1"), "/kv/key").Status(Is(200)).Body(Is("value")).Eventually().Run();
//
// It is built by Do, refined by chainable modifiers and executed by Run(), which throws
// attest::Failure with a FailureReport when the nodes do not answer as expected.
// A Check that is built but never run is a bug in the test: the type is [[nodiscard]],
// and a Check destroyed without Run() is recorded and fails the test that dropped it.
#pragma once

#include <chrono>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "attest/detail/duration_text.hpp"
#include "attest/dsl/detail/run_state.hpp"
#include "attest/detail/source_location.hpp"
#include "attest/dsl/json_path.hpp"
#include "attest/dsl/matchers.hpp"
#include "attest/dsl/selector.hpp"
#include "attest/error.hpp"
#include "attest/report/detail/text.hpp"
#include "attest/report/failure.hpp"

namespace attest {

// Request headers: H{{"Content-Type", "application/json"}}.
using H = std::vector<std::pair<std::string, std::string>>;

class [[nodiscard("a Check does nothing until .Run() is called")]] Check {
 public:
  Check(std::shared_ptr<detail::RunState> state, std::string method, NodeSelector selector,
        std::string path, std::string body, H headers, detail::SourceLocation location)
      : state_(std::move(state)),
        method_(std::move(method)),
        selector_(std::move(selector)),
        path_(std::move(path)),
        body_(std::move(body)),
        headers_(std::move(headers)),
        location_(location),
        uncaught_at_start_(std::uncaught_exceptions()) {}

  Check(Check&& other) noexcept
      : state_(std::move(other.state_)),
        method_(std::move(other.method_)),
        selector_(std::move(other.selector_)),
        path_(std::move(other.path_)),
        body_(std::move(other.body_)),
        headers_(std::move(other.headers_)),
        expectations_(std::move(other.expectations_)),
        hint_(std::move(other.hint_)),
        mode_(other.mode_),
        window_(other.window_),
        location_(other.location_),
        uncaught_at_start_(other.uncaught_at_start_),
        pending_(std::exchange(other.pending_, false)) {}
  Check& operator=(Check&&) = delete;
  Check(const Check&) = delete;
  Check& operator=(const Check&) = delete;

  ~Check() {
    // A check dropped while an exception unwinds is a casualty, not the bug.
    if (pending_ && state_ && std::uncaught_exceptions() == uncaught_at_start_) {
      state_->RecordDroppedCheck(Title() + " built at " + location_.ToString());
    }
  }

  // The response status must satisfy every matcher: .Status(Is(200)).
  template <class... M>
  [[nodiscard]] Check& Status(M&&... matchers) & {
    return Expect(Expectation::Kind::Status, "", {Matcher(std::forward<M>(matchers))...});
  }
  template <class... M>
  [[nodiscard]] Check&& Status(M&&... matchers) && {
    return std::move(Status(std::forward<M>(matchers)...));
  }

  // The response body, as text, must satisfy every matcher.
  template <class... M>
  [[nodiscard]] Check& Body(M&&... matchers) & {
    return Expect(Expectation::Kind::Body, "", {Matcher(std::forward<M>(matchers))...});
  }
  template <class... M>
  [[nodiscard]] Check&& Body(M&&... matchers) && {
    return std::move(Body(std::forward<M>(matchers)...));
  }

  // The value at a gjson-style path of the JSON body: .JSON("entries.0.term", Is(1)).
  template <class... M>
  [[nodiscard]] Check& JSON(std::string path, M&&... matchers) & {
    ValidateJsonPath(path);
    return Expect(Expectation::Kind::Json, std::move(path), {Matcher(std::forward<M>(matchers))...});
  }
  template <class... M>
  [[nodiscard]] Check&& JSON(std::string path, M&&... matchers) && {
    return std::move(JSON(std::move(path), std::forward<M>(matchers)...));
  }

  // A response header (case-insensitive name); a missing header matches only IsNull().
  template <class... M>
  [[nodiscard]] Check& Header(std::string name, M&&... matchers) & {
    return Expect(Expectation::Kind::Header, std::move(name), {Matcher(std::forward<M>(matchers))...});
  }
  template <class... M>
  [[nodiscard]] Check&& Header(std::string name, M&&... matchers) && {
    return std::move(Header(std::move(name), std::forward<M>(matchers)...));
  }

  // What to do next, shown under a failure.
  [[nodiscard]] Check& Hint(std::string text) & {
    hint_ = std::move(text);
    return *this;
  }
  [[nodiscard]] Check&& Hint(std::string text) && { return std::move(Hint(std::move(text))); }

  // Retry until the check passes or `timeout` (default: WithRetryTimeout) expires.
  // The first attempt is made at once.
  [[nodiscard]] Check& Eventually(std::optional<std::chrono::milliseconds> timeout = std::nullopt) & {
    return SetMode(Mode::Eventually, timeout, "Eventually");
  }
  [[nodiscard]] Check&& Eventually(std::optional<std::chrono::milliseconds> timeout = std::nullopt) && {
    return std::move(Eventually(timeout));
  }

  // The check must pass on every attempt for the whole of `timeout`.
  [[nodiscard]] Check& Consistently(std::optional<std::chrono::milliseconds> timeout = std::nullopt) & {
    return SetMode(Mode::Consistently, timeout, "Consistently");
  }
  [[nodiscard]] Check&& Consistently(std::optional<std::chrono::milliseconds> timeout = std::nullopt) && {
    return std::move(Consistently(timeout));
  }

  // Sends the request(s) and evaluates them; throws attest::Failure when they fail.
  void Run() {
    pending_ = false;
    const auto nodes = state_->Resolve(selector_, Title().c_str());
    if (nodes.empty()) ThrowFailure(NoNodesReport());

    const auto window = window_.value_or(state_->Config().retry_timeout);
    const auto& scope = state_->CurrentScope();
    const auto started = std::chrono::steady_clock::now();
    const auto deadline = started + window;
    for (int attempt = 1;; ++attempt) {
      if (scope.IsCancelled()) throw Cancelled();
      Attempt result = RunAttempt(nodes);
      const auto now = std::chrono::steady_clock::now();
      switch (mode_) {
        case Mode::Once:
          if (!result.passed) ThrowFailure(MakeReport(result, nodes, ""));
          return;
        case Mode::Eventually:
          if (result.passed) return;
          if (now >= deadline) {
            ThrowFailure(MakeReport(result, nodes,
                            "did not pass within " + detail::ExactDurationText(window) + " (" +
                                std::to_string(attempt) + (attempt == 1 ? " attempt" : " attempts") +
                                "); the last attempt is shown"));
          }
          break;
        case Mode::Consistently:
          if (!result.passed) {
            ThrowFailure(MakeReport(result, nodes,
                            "passed " + std::to_string(attempt - 1) + " of " +
                                std::to_string(attempt) + " attempts, then failed at attempt " +
                                std::to_string(attempt) + " after " +
                                detail::DurationText(now - started) + " of the required " +
                                detail::ExactDurationText(window)));
          }
          if (now >= deadline) return;
          break;
      }
      const auto pause = std::min<std::chrono::nanoseconds>(state_->Config().poll_interval, deadline - now);
      if (!scope.SleepFor(pause)) throw Cancelled();
    }
  }

 private:
  enum class Mode { Once, Eventually, Consistently };

  struct Expectation {
    enum class Kind { Status, Body, Json, Header };
    Kind kind;
    std::string key;  // JSON path or header name
    std::vector<Matcher> matchers;

    std::string Subject() const {
      switch (kind) {
        case Kind::Status:
          return "status";
        case Kind::Body:
          return "body";
        case Kind::Json:
          return "json " + key;
        case Kind::Header:
          return "header " + key;
      }
      return "";
    }
  };

  struct Attempt {
    bool passed = false;
    std::vector<NodeOutcome> outcomes;  // in node order
  };

  Check& Expect(Expectation::Kind kind, std::string key, std::vector<Matcher> matchers) {
    if (matchers.empty()) {
      throw UsageError(Title() + " at " + location_.ToString() + ": ." +
                       Expectation{kind, key, {}}.Subject() + "(...) needs at least one matcher");
    }
    expectations_.push_back(Expectation{kind, std::move(key), std::move(matchers)});
    return *this;
  }

  Check& SetMode(Mode mode, std::optional<std::chrono::milliseconds> timeout, const char* name) {
    if (mode_ != Mode::Once && mode_ != mode) {
      throw UsageError(Title() + " at " + location_.ToString() +
                       ": a check is either Eventually or Consistently, not both");
    }
    if (timeout && timeout->count() <= 0) {
      throw UsageError(Title() + " at " + location_.ToString() + ": " + name +
                       " needs a positive timeout, got " + std::to_string(timeout->count()) + "ms");
    }
    mode_ = mode;
    window_ = timeout;
    return *this;
  }

  std::string Title() const { return method_ + " " + path_; }

  Attempt RunAttempt(const std::vector<std::string>& nodes) {
    Attempt attempt;
    attempt.outcomes.resize(nodes.size());
    // Several nodes are asked at once, so one slow node does not delay the others.
    std::vector<std::thread> helpers;
    std::exception_ptr error;
    std::mutex error_mutex;
    for (std::size_t i = 1; i < nodes.size(); ++i) {
      helpers.emplace_back([&, i] {
        try {
          attempt.outcomes[i] = AskNode(nodes[i]);
        } catch (...) {
          std::lock_guard lock(error_mutex);
          if (!error) error = std::current_exception();
        }
      });
    }
    try {
      attempt.outcomes[0] = AskNode(nodes[0]);
    } catch (...) {
      std::lock_guard lock(error_mutex);
      if (!error) error = std::current_exception();
    }
    for (auto& helper : helpers) helper.join();
    if (error) std::rethrow_exception(error);

    std::size_t passed = 0;
    for (const auto& outcome : attempt.outcomes) passed += outcome.passed ? 1 : 0;
    attempt.passed = selector_.Passes(passed, nodes.size());
    return attempt;
  }

  NodeOutcome AskNode(const std::string& node) {
    NodeOutcome outcome;
    outcome.node = node;
    outcome.request = method_ + " " + state_->UrlFor(node, path_);
    outcome.request_body = body_;
    const auto result = state_->Send(node, http::Request{method_, path_, body_, headers_});
    if (!result.response) {
      outcome.transport_error = result.error->text;  // shown as the node's error; passed stays false
      return outcome;
    }
    const auto& response = *result.response;
    outcome.status = response.status;
    outcome.body = response.body;
    outcome.content_type = response.Header("Content-Type").value_or("");

    std::optional<nlohmann::json> document;  // parsed at most once per response
    std::string parse_error;
    for (const auto& expectation : expectations_) {
      std::optional<Actual> actual;
      std::string absent_reason;  // why there is no value, for matchers other than IsNull
      switch (expectation.kind) {
        case Expectation::Kind::Status:
          actual = Actual::Of(response.status);
          break;
        case Expectation::Kind::Body:
          actual = Actual::Of(response.body);
          break;
        case Expectation::Kind::Header: {
          auto value = response.Header(expectation.key);
          actual = value ? Actual::Of(*value) : Actual::Missing();
          absent_reason = "the response has no " + expectation.key + " header";
          break;
        }
        case Expectation::Kind::Json: {
          if (!document && parse_error.empty()) {
            try {
              document = nlohmann::json::parse(response.body);
            } catch (const nlohmann::json::parse_error& e) {
              parse_error = WithoutJsonExceptionTag(e.what());
            }
          }
          if (!document) {
            outcome.mismatches.push_back(expectation.Subject() +
                                         ": the body is not JSON (" + parse_error + ")");
            continue;
          }
          auto value = JsonPathLookup(*document, expectation.key);
          actual = value ? Actual::Of(std::move(*value)) : Actual::Missing();
          absent_reason = "the path " + expectation.key + " does not exist in the body";
          break;
        }
      }
      for (const auto& matcher : expectation.matchers) {
        const MatchResult match = matcher.Match(*actual);
        if (match.ok) continue;
        std::string line = expectation.Subject() + ": expected " + matcher.Describe();
        if (actual->IsMissing()) {
          line += ", but " + absent_reason;
        } else {
          line += ", got " + Shortened(actual->Describe());
        }
        if (!match.reason.empty()) line += " (" + match.reason + ")";
        outcome.mismatches.push_back(std::move(line));
      }
    }
    outcome.passed = outcome.mismatches.empty();
    return outcome;
  }

  FailureReport BaseReport(const std::vector<std::string>& nodes) const {
    FailureReport report;
    report.title = Title();
    report.location = location_.ToString();
    report.selector = selector_.Describe(nodes);
    report.hint = hint_;
    for (const auto& expectation : expectations_) {
      for (const auto& matcher : expectation.matchers) {
        report.expectations.push_back(expectation.Subject() + " " + matcher.Describe());
      }
    }
    return report;
  }

  FailureReport MakeReport(const Attempt& attempt, const std::vector<std::string>& nodes,
                           std::string timing) const {
    FailureReport report = BaseReport(nodes);
    report.timing = std::move(timing);
    std::size_t passed = 0;
    for (const auto& outcome : attempt.outcomes) passed += outcome.passed ? 1 : 0;
    if (selector_.GetRule() != NodeSelector::Rule::Single) {
      report.verdict = std::to_string(passed) + " of " + std::to_string(nodes.size()) +
                       (nodes.size() == 1 ? " node" : " nodes") + " passed; " + selector_.RuleText();
    }
    // Failing nodes first; passing ones too when they are part of the problem
    // (ExactlyOneNode with two passing nodes).
    for (const auto& outcome : attempt.outcomes) {
      if (!outcome.passed) report.nodes.push_back(outcome);
    }
    if (selector_.GetRule() == NodeSelector::Rule::ExactlyOne && passed > 1) {
      for (const auto& outcome : attempt.outcomes) {
        if (outcome.passed) report.nodes.push_back(outcome);
      }
    }
    return report;
  }

  FailureReport NoNodesReport() const {
    FailureReport report = BaseReport({});
    report.selector = selector_.Describe({});
    report.verdict = "no running node matches the selector, so nothing could be checked";
    return report;
  }

  // A mismatch line stays one readable line; the whole body is shown below it anyway.
  static std::string Shortened(std::string text) {
    constexpr std::size_t kMax = 200;
    if (text.size() <= kMax) return text;
    const std::size_t total = text.size();
    text.resize(detail::Utf8SafeCut(text, kMax));
    return text + "... (" + std::to_string(total) + " characters)";
  }

  // nlohmann prefixes its messages with "[json.exception.parse_error.101] ": noise here.
  static std::string WithoutJsonExceptionTag(std::string message) {
    if (message.rfind("[json.exception.", 0) == 0) {
      const auto end = message.find("] ");
      if (end != std::string::npos) message.erase(0, end + 2);
    }
    return message;
  }

  std::shared_ptr<detail::RunState> state_;
  std::string method_;
  NodeSelector selector_;
  std::string path_;
  std::string body_;
  H headers_;
  std::vector<Expectation> expectations_;
  std::string hint_;
  Mode mode_ = Mode::Once;
  std::optional<std::chrono::milliseconds> window_;
  detail::SourceLocation location_;
  int uncaught_at_start_ = 0;
  bool pending_ = true;  // built and not yet run
};

}  // namespace attest
