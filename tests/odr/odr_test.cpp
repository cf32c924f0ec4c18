// The first translation unit: every attest header, a challenge registered from here, and
// the test. That the program links at all is the main proof (a non-inline definition in
// a header is a duplicate symbol); the test adds what a link cannot see: each inline
// entity is one entity (not a per-unit copy, as `static` would make it), so the challenge
// registry is shared by registrations from any unit.
#include "all_attest_headers.hpp"
#include "odr/odr_entities.hpp"
#include "support/catch.hpp"

#include <string>
#include <vector>

using namespace std::chrono_literals;

ATTEST_REGISTER_CHALLENGE(odr_first) {
  attest::Challenge challenge{.name = "Registered from the first unit"};
  challenge.AddStage("only", "The only stage", [] { return attest::New(); });
  attest::RegisterChallenge("odr-first", std::move(challenge));
}

namespace attest::odr_test {

Seen SeenByFirst() {
  return Seen{&kVersion,
              reinterpret_cast<const void*>(&detail::DurationText),
              reinterpret_cast<const void*>(&Node),
              reinterpret_cast<const void*>(&WithEndpoints),
              reinterpret_cast<const void*>(&testing::UnusedPort),
              &detail::Registry(),
              detail::DurationText(1500ms)};
}

}  // namespace attest::odr_test

using attest::odr_test::SeenByFirst;
using attest::odr_test::SeenBySecond;

TEST_CASE("two translation units that include every attest header share one copy of each inline entity") {
  const auto first = SeenByFirst();
  const auto second = SeenBySecond();
  CHECK(first.version == second.version);
  CHECK(first.duration_text == second.duration_text);
  CHECK(first.node == second.node);
  CHECK(first.with_endpoints == second.with_endpoints);
  CHECK(first.unused_port == second.unused_port);
  CHECK(first.registry == second.registry);
  CHECK(first.duration_example == second.duration_example);
}

TEST_CASE("challenges registered from two translation units land in one registry") {
  const auto challenges = attest::RegisteredChallenges();
  std::vector<std::string> keys;
  for (const auto& [key, challenge] : challenges) keys.push_back(key);
  CHECK(keys == std::vector<std::string>{"odr-first", "odr-second"});
  REQUIRE(challenges.size() == 2);
  CHECK(challenges[0].second.name == "Registered from the first unit");
  CHECK(challenges[1].second.name == "Registered from the second unit");
  CHECK(attest::RegistrationProblems().empty());
}
