// Owner labels: format, parsing, and the rule that decides whether a run's owner lives.
#include <attest/cluster/docker/labels.hpp>

#include <unistd.h>

#include "support/catch.hpp"

using attest::docker::JudgeOwner;
using attest::docker::Owner;
using attest::docker::OwnerState;

namespace {
Owner Sample() { return Owner{"vm", "7f3e91c2", "4026531836", 4242, 1234567}; }
}  // namespace

TEST_CASE("An owner label round-trips and rejects what it does not understand") {
  const Owner owner = Sample();
  CHECK(owner.ToLabel() == "vm/7f3e91c2/4026531836/4242/1234567");
  CHECK(Owner::Parse(owner.ToLabel()) == owner);
  for (const char* bad :
       {"", "vm/7f3e/4026/4242", "vm/7f3e/4026/x/1", "vm/7f3e/4026/1/y", "/b/n/1/2", "vm/b/n/1/2/3"}) {
    CAPTURE(bad);
    CHECK_FALSE(Owner::Parse(bad).has_value());
  }
}

TEST_CASE("An owner is alive only while a process with its pid and start time runs") {
  const Owner me{"vm", "7f3e91c2", "4026531836", 1, 10};
  const Owner owner = Sample();
  auto running = [&](long pid) -> std::optional<unsigned long long> {
    if (pid == 4242) return 1234567ull;
    return std::nullopt;
  };
  CHECK(JudgeOwner(owner, me, running) == OwnerState::Alive);
  auto reused = [](long) -> std::optional<unsigned long long> { return 99ull; };  // same pid, later process
  CHECK(JudgeOwner(owner, me, reused) == OwnerState::Gone);
  auto none = [](long) -> std::optional<unsigned long long> { return std::nullopt; };
  CHECK(JudgeOwner(owner, me, none) == OwnerState::Gone);
}

TEST_CASE("Owners this process cannot check are left alone, and a reboot ends every owner") {
  auto none = [](long) -> std::optional<unsigned long long> { return std::nullopt; };
  const Owner owner = Sample();
  CHECK(JudgeOwner(owner, Owner{"other-host", "7f3e91c2", "4026531836", 1, 1}, none) == OwnerState::Unknown);
  CHECK(JudgeOwner(owner, Owner{"vm", "7f3e91c2", "4026532000", 1, 1}, none) == OwnerState::Unknown);
  CHECK(JudgeOwner(owner, Owner{"vm", "00000000", "4026531836", 1, 1}, none) == OwnerState::Gone);
  Owner unreadable = owner;
  unreadable.start_ticks = 0;
  CHECK(JudgeOwner(unreadable, Owner{"vm", "7f3e91c2", "4026531836", 1, 1}, none) == OwnerState::Unknown);
}

TEST_CASE("The current process is an owner that is alive") {
  const Owner me = attest::docker::CurrentOwner();
  CHECK(me.pid == ::getpid());
  CHECK_FALSE(me.host.empty());
  CHECK(me.start_ticks > 0);
  CHECK(Owner::Parse(me.ToLabel()) == me);
  CHECK(JudgeOwner(me, me, attest::docker::ProcessStartTicks) == OwnerState::Alive);
}

TEST_CASE("Run ids are short, lowercase hex and differ") {
  const std::string a = attest::docker::NewRunId();
  const std::string b = attest::docker::NewRunId();
  CHECK(a.size() == 8);
  CHECK(a.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(a != b);
  CHECK(attest::docker::LabelArgs({{"attest.run", "1a2b"}, {"attest.node", "n1"}}) ==
        std::vector<std::string>{"--label", "attest.run=1a2b", "--label", "attest.node=n1"});
}
