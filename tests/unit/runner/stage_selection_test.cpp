// detail::SelectStages: which challenge and stages the names on a command line select,
// given the challenges as attest::Main sees them (sorted by key). Nothing runs here.
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "attest/error.hpp"
#include "attest/runner/main.hpp"
#include "support/catch.hpp"

using attest::Challenge;

namespace {

using Challenges = std::vector<std::pair<std::string, Challenge>>;
using Names = std::vector<std::string>;
using Indexes = std::vector<std::size_t>;

Challenge WithStages(const std::string& name, const Names& keys) {
  Challenge challenge{.name = name};
  for (const auto& key : keys) {
    challenge.AddStage(key, "Stage " + key, [] { return attest::New(); });
  }
  return challenge;
}

const Challenges kOne = {{"kv-store", WithStages("KV", {"http-api", "delete", "missing-keys"})}};
const Challenges kTwo = {{"counter", WithStages("Counter", {"increment", "reset"})},
                         {"kv-store", WithStages("KV", {"http-api", "delete", "missing-keys"})}};

// As attest::Main calls it, for a program called "prog".
attest::detail::Selection Select(const Challenges& all, const Names& positional) {
  return attest::detail::SelectStages(all, positional, "prog");
}

std::string ErrorOf(const Challenges& all, const Names& positional) {
  try {
    (void)Select(all, positional);
  } catch (const attest::UsageError& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST_CASE("SelectStages: no names select every stage of the only challenge, in order",
          "[runner][selection]") {
  const auto selection = Select(kOne, {});
  CHECK(selection.key == "kv-store");
  CHECK(selection.challenge.name == "KV");
  CHECK(selection.stages == Indexes{0, 1, 2});
}

TEST_CASE("SelectStages: the only challenge's stages may be named with or without its key",
          "[runner][selection]") {
  CHECK(Select(kOne, {"kv-store"}).stages == Indexes{0, 1, 2});
  CHECK(Select(kOne, {"kv-store", "missing-keys", "http-api"}).stages == Indexes{2, 0});
  CHECK(Select(kOne, {"delete"}).stages == Indexes{1});
  CHECK(Select(kOne, {"missing-keys", "delete"}).stages == Indexes{2, 1});
}

TEST_CASE("SelectStages: stages run in the order named, each once", "[runner][selection]") {
  CHECK(Select(kTwo, {"kv-store", "missing-keys", "http-api", "missing-keys"}).stages == Indexes{2, 0});
  CHECK(Select(kTwo, {"counter", "reset", "reset", "increment"}).stages == Indexes{1, 0});
}

TEST_CASE("SelectStages: with several challenges, the first name picks one", "[runner][selection]") {
  const auto counter = Select(kTwo, {"counter"});
  CHECK(counter.key == "counter");
  CHECK(counter.stages == Indexes{0, 1});
  const auto kv = Select(kTwo, {"kv-store", "delete"});
  CHECK(kv.key == "kv-store");
  CHECK(kv.stages == Indexes{1});
}

TEST_CASE("SelectStages: what cannot be selected is a usage error listing what exists",
          "[runner][selection]") {
  CHECK(ErrorOf({}, {}) == "no challenges are registered (register them with ATTEST_REGISTER_CHALLENGE)");
  CHECK(ErrorOf({}, {"kv-store"}) ==
        "no challenges are registered (register them with ATTEST_REGISTER_CHALLENGE)");
  CHECK(ErrorOf(kTwo, {}) == "several challenges are registered; name one: counter, kv-store");
  CHECK(ErrorOf(kTwo, {"kv"}) == "unknown challenge \"kv\"; known challenges: counter, kv-store");
  // A stage named where the challenge belongs: which challenge has it, and the command.
  CHECK(ErrorOf(kTwo, {"http-api"}) ==
        "unknown challenge \"http-api\"; it is a stage of kv-store: run `prog kv-store http-api`");
  CHECK(ErrorOf(kTwo, {"http-api", "delete"}) ==
        "unknown challenge \"http-api\"; it is a stage of kv-store: run "
        "`prog kv-store http-api delete`");
  const Challenges shared = {{"a", WithStages("A", {"setup", "x"})},
                             {"b", WithStages("B", {"setup"})},
                             {"c", WithStages("C", {"y"})}};
  CHECK(ErrorOf(shared, {"setup"}) ==
        "unknown challenge \"setup\"; it is a stage of a and b: run `prog a setup` or "
        "`prog b setup`");
  CHECK(ErrorOf(kTwo, {"counter", "http-api"}) ==
        "unknown stage \"http-api\" in challenge \"counter\"; known stages: increment, reset");
  CHECK(ErrorOf(kOne, {"nope"}) ==
        "unknown stage \"nope\" in challenge \"kv-store\"; known stages: http-api, delete, "
        "missing-keys");
  CHECK(ErrorOf(kOne, {"kv-store", "http-api", "nope"}) ==
        "unknown stage \"nope\" in challenge \"kv-store\"; known stages: http-api, delete, "
        "missing-keys");
}

TEST_CASE("SelectStages: a challenge without stages selects none", "[runner][selection]") {
  const Challenges empty = {{"empty", Challenge{.name = "Nothing yet"}}};
  const auto selection = Select(empty, {});
  CHECK(selection.key == "empty");
  CHECK(selection.stages.empty());
}
