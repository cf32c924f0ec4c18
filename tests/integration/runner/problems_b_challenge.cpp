// The second half of the registration mistakes: the same challenge key again, and a
// challenge without stages.
#include <attest/attest.hpp>
#include <attest/runner/registry.hpp>

using namespace attest;

namespace {
Suite Empty() { return New(WithCluster(1)); }
}  // namespace

ATTEST_REGISTER_CHALLENGE(second) {
  Challenge challenge{.name = "Second", .summary = ""};
  challenge.AddStage("two", "Two", Empty);
  RegisterChallenge("dup", std::move(challenge));
}

ATTEST_REGISTER_CHALLENGE(empty) { RegisterChallenge("", Challenge{.name = "Nameless", .summary = ""}); }
