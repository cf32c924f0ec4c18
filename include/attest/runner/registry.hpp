// Challenges and their stages, registered from any translation unit:
//
//   ATTEST_REGISTER_CHALLENGE(kvstore) {
//     Challenge challenge{.name = "Distributed Key-Value Store",
//                         .summary = "Build a distributed key-value store from scratch."};
//     challenge.AddStage("http-api", "Store and Retrieve Data", HTTPAPI);
//     challenge.AddStage("persistence", "Data Survives SIGTERM", Persistence);
//     RegisterChallenge("kv-store", std::move(challenge));
//   }
//
// The registry is a function-local static inside an inline function: one instance
// across all translation units, constructed on first use, so registrations that run
// during static initialisation never meet an unconstructed registry. Mistakes found
// while registering (a duplicate key, an empty factory, an exception from a
// registration body) must not throw at static-initialisation time, where nothing can
// catch them and the program would terminate: they are recorded, and attest::Main
// reports them with exit code 2 before running anything.
#pragma once

#include <algorithm>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "attest/dsl/suite.hpp"

namespace attest {

// One stage: a key for the command line, a title for people, and the suite it runs.
struct Stage {
  std::string key = {}, title = {};
  std::function<Suite()> factory = {};
};

// A challenge is an aggregate so it reads like the seed:
// Challenge{.name = ..., .summary = ...}, then AddStage for each stage in order.
// (Every member has a default initialiser, so leaving one out of a designated
// initialiser does not trip -Wmissing-field-initializers.)
struct Challenge {
  std::string name = {};
  std::string summary = {};
  std::vector<Stage> stages = {};

  // Appends a stage; stages run in this order. Checked when the challenge is
  // registered (see RegisterChallenge), never here.
  void AddStage(std::string key, std::string title, std::function<Suite()> factory) {
    stages.push_back(Stage{std::move(key), std::move(title), std::move(factory)});
  }
};

namespace detail {

struct RegisteredChallenge {
  std::string key;
  Challenge challenge;
};

struct ChallengeRegistry {
  std::mutex mutex;
  std::vector<RegisteredChallenge> challenges;  // sorted by key
  std::vector<std::string> problems;            // what Main must report before running
};

inline ChallengeRegistry& Registry() {
  static ChallengeRegistry registry;
  return registry;
}

// A key as it will be typed on the command line: not empty, no spaces or control
// characters, not starting with '-' (it would read as an option).
inline std::string KeyProblem(const std::string& key) {
  if (key.empty()) return "is empty";
  if (key.front() == '-') return "starts with '-', which reads as a command-line option";
  for (char c : key) {
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7F) {
      return "contains a space or a control character";
    }
  }
  return {};
}

inline std::vector<std::string> ChallengeProblems(const std::string& key, const Challenge& challenge) {
  std::vector<std::string> problems;
  const std::string where = "challenge \"" + key + "\"";
  if (const std::string why = KeyProblem(key); !why.empty()) {
    problems.push_back(where + ": the key " + why);
  }
  if (challenge.stages.empty()) problems.push_back(where + ": has no stages (call AddStage)");
  for (std::size_t i = 0; i < challenge.stages.size(); ++i) {
    const Stage& stage = challenge.stages[i];
    const std::string stage_where = where + ", stage " + std::to_string(i + 1) + " \"" + stage.key + "\"";
    if (const std::string why = KeyProblem(stage.key); !why.empty()) {
      problems.push_back(stage_where + ": the key " + why);
    }
    if (!stage.factory) problems.push_back(stage_where + ": the suite function is empty");
    for (std::size_t j = 0; j < i; ++j) {
      if (challenge.stages[j].key == stage.key) {
        problems.push_back(stage_where + ": the key is used twice (stages " + std::to_string(j + 1) +
                           " and " + std::to_string(i + 1) + ")");
        break;
      }
    }
  }
  return problems;
}

inline void RecordProblem(std::string problem) {
  ChallengeRegistry& registry = Registry();
  std::lock_guard lock(registry.mutex);
  registry.problems.push_back(std::move(problem));
}

// Runs one ATTEST_REGISTER_CHALLENGE body; whatever it throws is recorded, not
// propagated (it runs during static initialisation).
inline bool RunRegistration(const char* id, void (*body)()) noexcept {
  try {
    body();
  } catch (const std::exception& error) {
    RecordProblem(std::string("ATTEST_REGISTER_CHALLENGE(") + id + ") threw: " + error.what());
  } catch (...) {
    RecordProblem(std::string("ATTEST_REGISTER_CHALLENGE(") + id +
                  ") threw an exception that is not a std::exception");
  }
  return true;
}

}  // namespace detail

// Adds a challenge under `key` (the name used on the command line). Never throws on a
// bad challenge: problems are kept for attest::Main, which refuses to run with them.
inline void RegisterChallenge(std::string key, Challenge challenge) {
  std::vector<std::string> problems = detail::ChallengeProblems(key, challenge);
  detail::ChallengeRegistry& registry = detail::Registry();
  std::lock_guard lock(registry.mutex);
  for (std::string& problem : problems) registry.problems.push_back(std::move(problem));
  const auto position = std::lower_bound(
      registry.challenges.begin(), registry.challenges.end(), key,
      [](const detail::RegisteredChallenge& entry, const std::string& k) { return entry.key < k; });
  if (position != registry.challenges.end() && position->key == key) {
    registry.problems.push_back("challenge \"" + key + "\" is registered twice (\"" +
                                position->challenge.name + "\" and \"" + challenge.name + "\")");
    return;
  }
  registry.challenges.insert(position, detail::RegisteredChallenge{std::move(key), std::move(challenge)});
}

// A snapshot of what is registered, sorted by key (registration order across
// translation units is unspecified, so it is not used).
inline std::vector<std::pair<std::string, Challenge>> RegisteredChallenges() {
  detail::ChallengeRegistry& registry = detail::Registry();
  std::lock_guard lock(registry.mutex);
  std::vector<std::pair<std::string, Challenge>> out;
  for (const auto& entry : registry.challenges) out.emplace_back(entry.key, entry.challenge);
  return out;
}

// Problems found while registering, in the order they were found.
inline std::vector<std::string> RegistrationProblems() {
  detail::ChallengeRegistry& registry = detail::Registry();
  std::lock_guard lock(registry.mutex);
  return registry.problems;
}

}  // namespace attest

// Registers challenges when the program starts, from any translation unit:
//   ATTEST_REGISTER_CHALLENGE(kvstore) { ...; RegisterChallenge("kv-store", ...); }
// `id` only names the generated function; it must be unique within its file.
#define ATTEST_REGISTER_CHALLENGE(id)                                          \
  static void attest_register_challenge_##id();                                \
  [[maybe_unused]] static const bool attest_challenge_registered_##id =        \
      ::attest::detail::RunRegistration(#id, &attest_register_challenge_##id); \
  static void attest_register_challenge_##id()
