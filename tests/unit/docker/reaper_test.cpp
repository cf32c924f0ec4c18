// Reading docker's lists of labelled resources, and choosing the runs to reap.
#include <attest/cluster/docker/reaper.hpp>

#include "support/catch.hpp"

using attest::docker::LabelledResource;
using attest::docker::OwnerState;

TEST_CASE("The list commands ask for id, run, owner and keep, filtered by label") {
  const auto args = attest::docker::ListArgs(LabelledResource::Kind::Volume, "attest.run=1a2b");
  CHECK(args == std::vector<std::string>{
                    "volume", "ls", "--filter", "label=attest.run=1a2b", "--format",
                    "{{.Name}}\t{{.Label \"attest.run\"}}\t{{.Label \"attest.owner\"}}\t{{.Label "
                    "\"attest.keep\"}}"});
  CHECK(attest::docker::ListArgs(LabelledResource::Kind::Container, "attest.run")[0] == "ps");
}

TEST_CASE("Listed resources are read with their labels") {
  const auto resources = attest::docker::ParseResourceList(LabelledResource::Kind::Container,
                                                           "abc123\t1a2b\tvm/b/n/10/20\t\n"
                                                           "def456\t3c4d\tvm/b/n/11/21\t1\n"
                                                           "\n"
                                                           "0011\t<no value>\t<no value>\t<no value>\n");
  REQUIRE(resources.size() == 3);
  CHECK(resources[0].id == "abc123");
  CHECK(resources[0].run == "1a2b");
  CHECK(resources[0].owner == "vm/b/n/10/20");
  CHECK_FALSE(resources[0].keep);
  CHECK(resources[1].keep);
  CHECK(resources[2].run.empty());
  CHECK(resources[2].owner.empty());
}

TEST_CASE("Runs of gone owners are reaped, and live, unknown and kept runs are not") {
  std::vector<LabelledResource> resources = {
      {LabelledResource::Kind::Container, "c1", "dead", "gone", false},
      {LabelledResource::Kind::Network, "attest-dead", "dead", "gone", false},
      {LabelledResource::Kind::Container, "c2", "live", "alive", false},
      {LabelledResource::Kind::Container, "c3", "far", "unknown", false},
      {LabelledResource::Kind::Container, "c4", "kept", "gone", true},
      {LabelledResource::Kind::Volume, "v4", "kept", "gone", false},
  };
  const auto runs = attest::docker::AbandonedRuns(resources, [](const std::string& owner) {
    if (owner == "gone") return OwnerState::Gone;
    if (owner == "alive") return OwnerState::Alive;
    return OwnerState::Unknown;
  });
  CHECK(runs == std::vector<std::string>{"dead"});
}
