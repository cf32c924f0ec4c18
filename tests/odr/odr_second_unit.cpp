// The second translation unit: every attest header again, and a challenge registered
// from here, which the first unit must see in the one shared registry.
#include "all_attest_headers.hpp"
#include "odr/odr_entities.hpp"

using namespace std::chrono_literals;

ATTEST_REGISTER_CHALLENGE(odr_second) {
  attest::Challenge challenge{.name = "Registered from the second unit"};
  challenge.AddStage("only", "The only stage", [] { return attest::New(); });
  attest::RegisterChallenge("odr-second", std::move(challenge));
}

namespace attest::odr_test {

Seen SeenBySecond() {
  return Seen{&kVersion,
              reinterpret_cast<const void*>(&detail::DurationText),
              reinterpret_cast<const void*>(&Node),
              reinterpret_cast<const void*>(&WithEndpoints),
              reinterpret_cast<const void*>(&testing::UnusedPort),
              &detail::Registry(),
              detail::DurationText(1500ms)};
}

}  // namespace attest::odr_test
