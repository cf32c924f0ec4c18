// Fuzzes building matchers from strings a user writes (dsl/matchers.hpp), regular
// expressions included, and applying them.
//
// Input: the first byte picks the value the matchers are applied to (the rest of the
// input as a string, or as JSON, or a fixed value); the rest is the user's string. It
// becomes a pattern (Matches), an expected value (Is, Contains, GreaterThan, LessThan,
// OneOf) and, when it parses, an nlohmann::json expected value. Building may throw
// attest::UsageError (a bad or refused pattern, a bound of the wrong kind); nothing else
// may escape, and matching and describing never throw.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "attest/dsl/matchers.hpp"
#include "attest/error.hpp"
#include "attest/report/detail/json_depth.hpp"
#include "harness.hpp"

namespace {

using attest::Actual;
using attest::Matcher;
using attest::fuzz::RequireInvariant;

void Apply(const Matcher& matcher, const std::vector<Actual>& actuals) {
  RequireInvariant(!matcher.Describe().empty(), "a built-in matcher describes itself");
  for (const Actual& actual : actuals) {
    const attest::MatchResult result = matcher.Match(actual);
    (void)result;
    (void)actual.Describe();
  }
}

template <class Build>
void TryMatcher(std::vector<Matcher>& out, Build build) {
  try {
    out.push_back(build());
  } catch (const attest::UsageError& error) {
    RequireInvariant(std::string_view(error.what()).size() > 0, "a usage error says something");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t selector = data[0];
  const std::string text(attest::fuzz::AsText(data + 1, size - 1));

  std::optional<nlohmann::json> parsed;
  if (!attest::detail::JsonNestsDeeperThan(text)) {
    auto value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!value.is_discarded()) parsed = std::move(value);
  }

  std::vector<Actual> actuals;
  switch (selector % 4) {
    case 0: actuals.push_back(Actual::Of(text)); break;
    case 1: actuals.push_back(Actual::Of(parsed.value_or(nlohmann::json(text)))); break;
    case 2: actuals.push_back(Actual::Of(nlohmann::json{{"role", "leader"}, {"term", 3}})); break;
    default: actuals.push_back(Actual::Of("key not found\n")); break;
  }
  actuals.push_back(Actual::Of(200));
  actuals.push_back(Actual::Missing());

  std::vector<Matcher> matchers;
  TryMatcher(matchers, [&] { return attest::Matches(text); });
  TryMatcher(matchers, [&] { return attest::Is(text); });
  TryMatcher(matchers, [&] { return attest::Is(nlohmann::json(text)); });  // raw bytes, any UTF-8
  TryMatcher(matchers, [&] { return attest::Contains(text); });
  TryMatcher(matchers, [&] { return attest::GreaterThan(text); });
  TryMatcher(matchers, [&] { return attest::LessThan(text); });
  TryMatcher(matchers, [&] { return attest::OneOf(text, 1, true, nullptr); });
  TryMatcher(matchers, [&] { return attest::HasLen(text.size()); });
  if (parsed) {
    TryMatcher(matchers, [&] { return attest::Is(*parsed); });
    TryMatcher(matchers, [&] { return attest::GreaterThan(*parsed); });
    TryMatcher(matchers, [&] { return attest::OneOf(*parsed, text); });
    TryMatcher(matchers, [&] {
      return attest::Contains(parsed->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    });
  }
  const std::size_t built = matchers.size();
  for (std::size_t i = 0; i < built; ++i) matchers.push_back(attest::Not(matchers[i]));
  for (const Matcher& matcher : matchers) Apply(matcher, actuals);
  return 0;
}
