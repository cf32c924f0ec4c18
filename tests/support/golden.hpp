// Golden files: the expected output lives in a file under tests/golden/expected/<area>/,
// reviewed like code, and the test compares what it produced with it byte for byte.
//
//   attest::testing::CheckGoldenFile(ATTEST_GOLDEN_DIR, "console_mixed", text);  // + ".txt"
//   attest::testing::CheckGoldenFile(std::filesystem::path(dir) / "taskstore.hpp", text);
//
// After an intended change, rewrite the files and read the diff before committing:
//   ATTEST_UPDATE_GOLDEN=1 ctest -L golden
// The test then says which files it rewrote. Where the CI variable is set the rewrite is
// refused and the test fails: CI compares, it never accepts new output on its own.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "support/catch.hpp"

namespace attest::testing {

inline constexpr const char* kGoldenUpdateVariable = "ATTEST_UPDATE_GOLDEN";

// What comparing `actual` with a golden file came to, without Catch2, so the rules
// (update variable, CI refusal) can be tested on their own.
struct GoldenOutcome {
  enum class Kind { Match, Mismatch, Missing, Rewrote, Unchanged, RefusedInCi };
  Kind kind = Kind::Match;
  std::string message;  // for everything but Match: what happened and what to do
};

namespace detail {

inline std::string ReadGoldenFile(const std::filesystem::path& file, bool& found) {
  std::ifstream in(file, std::ios::binary);
  found = in.good();
  std::stringstream text;
  if (found) text << in.rdbuf();
  return text.str();
}

// "first difference at line 3:\n  expected: ...\n  actual:   ..." (lines are 1-based).
inline std::string FirstDifference(const std::string& expected, const std::string& actual) {
  std::istringstream want(expected);
  std::istringstream got(actual);
  std::string want_line;
  std::string got_line;
  for (int line = 1;; ++line) {
    const bool more_want = static_cast<bool>(std::getline(want, want_line));
    const bool more_got = static_cast<bool>(std::getline(got, got_line));
    if (!more_want && !more_got) return "the texts differ only in their line ends";
    if (more_want != more_got || want_line != got_line) {
      return "first difference at line " + std::to_string(line) +
             ":\n  expected: " + (more_want ? want_line : "<end of file>") +
             "\n  actual:   " + (more_got ? got_line : "<end of file>");
    }
  }
}

}  // namespace detail

// The whole rule. `update` and `ci` are the values of ATTEST_UPDATE_GOLDEN and CI
// (nullptr when unset); only update "1" rewrites, and never when `ci` is set.
inline GoldenOutcome CompareGolden(const std::filesystem::path& file, const std::string& actual,
                                   const char* update, const char* ci) {
  using Kind = GoldenOutcome::Kind;
  bool found = false;
  const std::string expected = detail::ReadGoldenFile(file, found);
  if (update != nullptr && std::string(update) == "1") {
    if (ci != nullptr) {
      return {Kind::RefusedInCi, std::string(kGoldenUpdateVariable) +
                                     "=1 is refused because CI is set (CI=" + ci +
                                     "): golden files are rewritten by a person, who reads the diff; "
                                     "unset " +
                                     kGoldenUpdateVariable + " in CI. Not rewritten: " + file.string()};
    }
    if (found && expected == actual) return {Kind::Unchanged, "unchanged: " + file.string()};
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << actual;
    return {Kind::Rewrote, std::string(found ? "rewrote " : "created ") + file.string() + " (" +
                               kGoldenUpdateVariable + "=1); review the diff before committing"};
  }
  if (!found) {
    return {Kind::Missing, "golden file " + file.string() + " does not exist; create it with " +
                               kGoldenUpdateVariable + "=1 and review it"};
  }
  if (expected == actual) return {Kind::Match, ""};
  return {Kind::Mismatch, "golden file " + file.string() + " differs from the output; " +
                              detail::FirstDifference(expected, actual) + "\nif the change is intended, " +
                              "rerun with " + kGoldenUpdateVariable + "=1 and review the diff"};
}

// Compares `actual` with the golden file `file` (its full name), as CompareGolden rules.
inline void CheckGoldenFile(const std::filesystem::path& file, const std::string& actual) {
  using Kind = GoldenOutcome::Kind;
  const GoldenOutcome outcome =
      CompareGolden(file, actual, std::getenv(kGoldenUpdateVariable), std::getenv("CI"));
  switch (outcome.kind) {
    case Kind::Match:
    case Kind::Unchanged: SUCCEED(file.string()); return;
    case Kind::Rewrote: WARN(outcome.message); return;
    case Kind::RefusedInCi:
    case Kind::Missing: FAIL(outcome.message); return;
    case Kind::Mismatch: {
      bool found = false;
      const std::string expected = detail::ReadGoldenFile(file, found);
      INFO(outcome.message);
      CHECK(actual == expected);
      return;
    }
  }
}

// Compares `actual` with <directory>/<name>.txt.
inline void CheckGoldenFile(const std::string& directory, const std::string& name,
                            const std::string& actual) {
  CheckGoldenFile(std::filesystem::path(directory) / (name + ".txt"), actual);
}

}  // namespace attest::testing
