// Registration mistakes, spread over two translation units. None may terminate the
// program at static-initialisation time; attest::Main reports them all.
#include <stdexcept>

#include <attest/attest.hpp>
#include <attest/runner/registry.hpp>

using namespace attest;

namespace {
Suite Empty() { return New(WithCluster(1)); }
}  // namespace

ATTEST_REGISTER_CHALLENGE(first) {
  Challenge challenge{.name = "First", .summary = ""};
  challenge.AddStage("one", "One", Empty);
  challenge.AddStage("one", "One Again", Empty);
  challenge.AddStage("has space", "Spaced", Empty);
  challenge.AddStage("-dash", "Dash", Empty);
  challenge.AddStage("null", "No Function", nullptr);
  RegisterChallenge("dup", std::move(challenge));
}

ATTEST_REGISTER_CHALLENGE(throws) { throw std::runtime_error("cannot read the stage table"); }
