// support/golden.hpp's rule, on real files in a temporary directory: compare by default,
// rewrite only with ATTEST_UPDATE_GOLDEN=1, never where CI is set.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "support/catch.hpp"
#include "support/golden.hpp"
#include "support/temp_dir.hpp"

using attest::testing::CompareGolden;
using attest::testing::GoldenOutcome;
using Catch::Matchers::Contains;
using Kind = GoldenOutcome::Kind;

namespace {

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void Write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

TEST_CASE("Golden: equal text matches, without the update variable", "[support][golden]") {
  attest_test::TempDir dir;
  const std::string file = dir.File("same.txt");
  Write(file, "one\ntwo\n");
  const auto outcome = CompareGolden(file, "one\ntwo\n", nullptr, nullptr);
  CHECK(outcome.kind == Kind::Match);
  CHECK(outcome.message.empty());
}

TEST_CASE("Golden: a difference fails, pointing at the first differing line", "[support][golden]") {
  attest_test::TempDir dir;
  const std::string file = dir.File("differs.txt");
  Write(file, "one\ntwo\nthree\n");
  const auto outcome = CompareGolden(file, "one\nTWO\nthree\n", nullptr, nullptr);
  CHECK(outcome.kind == Kind::Mismatch);
  CHECK_THAT(outcome.message, Contains("golden file " + file + " differs from the output"));
  CHECK_THAT(outcome.message, Contains("first difference at line 2:\n  expected: two\n  actual:   TWO"));
  CHECK_THAT(outcome.message, Contains("ATTEST_UPDATE_GOLDEN=1"));
  CHECK(Read(file) == "one\ntwo\nthree\n");  // comparing never writes

  const auto shorter = CompareGolden(file, "one\ntwo\n", nullptr, nullptr);
  CHECK_THAT(shorter.message, Contains("line 3:\n  expected: three\n  actual:   <end of file>"));
  const auto missing_newline = CompareGolden(file, "one\ntwo\nthree", nullptr, nullptr);
  CHECK(missing_newline.kind == Kind::Mismatch);
  CHECK_THAT(missing_newline.message, Contains("differ only in their line ends"));
}

TEST_CASE("Golden: a missing file fails and says how to create it", "[support][golden]") {
  attest_test::TempDir dir;
  const std::string file = dir.File("absent.txt");
  const auto outcome = CompareGolden(file, "text", nullptr, nullptr);
  CHECK(outcome.kind == Kind::Missing);
  CHECK(outcome.message ==
        "golden file " + file + " does not exist; create it with ATTEST_UPDATE_GOLDEN=1 and review it");
  CHECK_FALSE(std::filesystem::exists(file));
}

TEST_CASE("Golden: ATTEST_UPDATE_GOLDEN=1 rewrites a differing file and says so", "[support][golden]") {
  attest_test::TempDir dir;
  const std::string file = dir.File("old.txt");
  Write(file, "old\n");
  const auto outcome = CompareGolden(file, "new\n", "1", nullptr);
  CHECK(outcome.kind == Kind::Rewrote);
  CHECK(outcome.message ==
        "rewrote " + file + " (ATTEST_UPDATE_GOLDEN=1); review the diff before committing");
  CHECK(Read(file) == "new\n");
  CHECK(CompareGolden(file, "new\n", nullptr, nullptr).kind == Kind::Match);
}

TEST_CASE("Golden: ATTEST_UPDATE_GOLDEN=1 creates a missing file, folders included", "[support][golden]") {
  attest_test::TempDir dir;
  const std::string file = dir.File("area/new.txt");
  const auto outcome = CompareGolden(file, "fresh\n", "1", nullptr);
  CHECK(outcome.kind == Kind::Rewrote);
  CHECK_THAT(outcome.message, Contains("created " + file));
  CHECK(Read(file) == "fresh\n");
}

TEST_CASE("Golden: ATTEST_UPDATE_GOLDEN=1 leaves an equal file alone", "[support][golden]") {
  attest_test::TempDir dir;
  const std::string file = dir.File("same.txt");
  Write(file, "same\n");
  const auto before = std::filesystem::last_write_time(file);
  const auto outcome = CompareGolden(file, "same\n", "1", nullptr);
  CHECK(outcome.kind == Kind::Unchanged);
  CHECK(std::filesystem::last_write_time(file) == before);
}

TEST_CASE("Golden: only ATTEST_UPDATE_GOLDEN=1 rewrites, other values compare", "[support][golden]") {
  attest_test::TempDir dir;
  const std::string file = dir.File("keep.txt");
  Write(file, "kept\n");
  for (const char* value : {"0", "", "yes", "true", "11"}) {
    INFO("ATTEST_UPDATE_GOLDEN=" << value);
    CHECK(CompareGolden(file, "other\n", value, nullptr).kind == Kind::Mismatch);
  }
  CHECK(Read(file) == "kept\n");
}

TEST_CASE("Golden: where CI is set, ATTEST_UPDATE_GOLDEN=1 is refused and nothing is written",
          "[support][golden]") {
  attest_test::TempDir dir;
  const std::string file = dir.File("guarded.txt");
  Write(file, "reviewed\n");
  for (const char* ci : {"true", "1", ""}) {
    INFO("CI=" << ci);
    const auto outcome = CompareGolden(file, "unreviewed\n", "1", ci);
    CHECK(outcome.kind == Kind::RefusedInCi);
    CHECK(outcome.message == std::string("ATTEST_UPDATE_GOLDEN=1 is refused because CI is set (CI=") + ci +
                                 "): golden files are rewritten by a person, who reads the diff; "
                                 "unset ATTEST_UPDATE_GOLDEN in CI. Not rewritten: " +
                                 file);
  }
  // Refused even when the output matches: the setting itself is the mistake.
  CHECK(CompareGolden(file, "reviewed\n", "1", "true").kind == Kind::RefusedInCi);
  CHECK(CompareGolden(dir.File("absent.txt"), "x", "1", "true").kind == Kind::RefusedInCi);
  CHECK(Read(file) == "reviewed\n");
  CHECK_FALSE(std::filesystem::exists(dir.File("absent.txt")));
  // CI alone changes nothing: comparing is what CI does.
  CHECK(CompareGolden(file, "reviewed\n", nullptr, "true").kind == Kind::Match);
  CHECK(CompareGolden(file, "unreviewed\n", nullptr, "true").kind == Kind::Mismatch);
}
