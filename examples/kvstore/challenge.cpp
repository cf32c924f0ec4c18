// Registers the kv-store challenge (any translation unit can register challenges).
#include "stages.hpp"

ATTEST_REGISTER_CHALLENGE(kvstore) {
  attest::Challenge challenge{.name = "Distributed Key-Value Store",
                              .summary = "Build a distributed key-value store from scratch."};
  challenge.AddStage("http-api", "Store and Retrieve Data", kvstore::HTTPAPI);
  challenge.AddStage("persistence", "Data Survives SIGTERM", kvstore::Persistence);
  challenge.AddStage("crash-recovery", "Data Survives SIGKILL", kvstore::CrashRecovery);
  attest::RegisterChallenge("kv-store", std::move(challenge));
}
