// The real attest-dst binary: exit codes, output, and a header that is not rewritten
// when nothing changed.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "support/catch.hpp"
#include "support/process.hpp"

using attest_test::ProcessResult;
using attest_test::ReadWhole;
using attest_test::RunProcess;
using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;
namespace fs = std::filesystem;

namespace {

const std::string kExe = ATTEST_DST_EXE;
const std::string kValid = std::string(ATTEST_DST_SPECS) + "/valid.yaml";
const std::string kMany = std::string(ATTEST_DST_SPECS) + "/many_errors.yaml";

ProcessResult Dst(std::vector<std::string> args) {
  args.insert(args.begin(), kExe);
  return RunProcess(args);
}

// A fresh directory per test case, so tests do not see each other's files.
fs::path Scratch(const std::string& name) {
  const fs::path dir = fs::path(ATTEST_DST_SCRATCH) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void ExpectUsageError(const std::vector<std::string>& args, const std::string& message) {
  const ProcessResult r = Dst(args);
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK_THAT(r.err, Equals("error: " + message + "\nRun attest-dst --help for usage.\n"));
}

}  // namespace

TEST_CASE("cli: --help prints the usage and exits 0") {
  for (const char* flag : {"--help", "-h"}) {
    const ProcessResult r = Dst({flag});
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, StartsWith("Usage: attest-dst <command> --file FILE [options]\n"));
    CHECK_THAT(r.out, Contains("\n  -f, --file FILE    the spec to read\n"));
    CHECK_THAT(r.out, Contains("\n  --namespace NS     gen: C++ namespace instead of the spec's package\n"));
    CHECK(r.err.empty());
  }
}

TEST_CASE("cli: usage errors exit 2 with a clear message") {
  ExpectUsageError({}, "missing command (validate, gen or list)");
  ExpectUsageError({"frob", "-f", kValid}, "unknown command \"frob\" (expected validate, gen or list)");
  ExpectUsageError({"validate"}, "validate needs --file FILE");
  ExpectUsageError({"validate", "-f"}, "-f needs a value: -f FILE");
  ExpectUsageError({"validate", "--file="}, "--file needs a value, got an empty one");
  ExpectUsageError({"validate", "-f", kValid, "-f", kValid}, "--file is given twice");
  ExpectUsageError({"gen", "-f", kValid}, "gen needs --output FILE");
  ExpectUsageError({"validate", "-f", kValid, "-o", "x.hpp"}, "--output only applies to gen");
  ExpectUsageError({"list", "-f", kValid, "--namespace", "x"}, "--namespace only applies to gen");
  ExpectUsageError({"validate", "-f", kValid, "--verbose"}, "unknown option --verbose");
  ExpectUsageError({"validate", "-f", kValid, "--nmespace=x"},
                   "unknown option --nmespace; did you mean --namespace?");
  ExpectUsageError({"validate", "-f", kValid, "--help=1"}, "--help takes no value, got \"--help=1\"");
  ExpectUsageError({"validate", "extra", "-f", kValid}, "unexpected argument \"extra\"");
  ExpectUsageError({"gen", "-f", kValid, "-o", "x.hpp", "--namespace", "a b"},
                   "--namespace \"a b\" is not a C++ namespace: 'a b' is not a C++ identifier");
}

TEST_CASE("cli: validate a valid spec prints one OK line") {
  const ProcessResult r = Dst({"validate", "-f", kValid});
  CHECK(r.exit_code == 0);
  CHECK(r.out == kValid + ": OK (2 interfaces, 3 instances, 2 scenarios)\n");
  CHECK(r.err.empty());
  // --file=path works as well.
  CHECK(Dst({"validate", "--file=" + kValid}).exit_code == 0);
}

TEST_CASE("cli: validate prints every diagnostic and exits 1") {
  const ProcessResult r = Dst({"validate", "-f", kMany});
  CHECK(r.exit_code == 1);
  CHECK(r.out.empty());
  CHECK_THAT(r.err, StartsWith(kMany + ":2:10: error: unsupported version 'dst/hybrid/v2'"));
  CHECK_THAT(r.err, Contains(kMany + ":28:9: error: unknown key 'paralel'"));
  CHECK_THAT(r.err, EndsWith("attest-dst: " + kMany + ": 11 errors\n"));
}

TEST_CASE("cli: a missing spec file exits 1 naming it") {
  const ProcessResult r = Dst({"validate", "-f", "/nonexistent/spec.yaml"});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, StartsWith("/nonexistent/spec.yaml: error: cannot read the spec: No such "
                               "file or directory\n"));
}

TEST_CASE("cli: list prints the scenario names, one per line") {
  const ProcessResult r = Dst({"list", "-f", kValid});
  CHECK(r.exit_code == 0);
  CHECK(r.out == "strict_priority\nempty store\n");
  const ProcessResult bad = Dst({"list", "-f", kMany});
  CHECK(bad.exit_code == 1);
  CHECK(bad.out.empty());
}

TEST_CASE("cli: gen writes the header, and leaves an unchanged one alone") {
  const fs::path dir = Scratch("gen");
  const std::string out = (dir / "nested" / "scenarios.hpp").string();

  const ProcessResult first = Dst({"gen", "-f", kValid, "-o", out});
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  CHECK(first.out == "attest-dst: " + out + " written\n");
  const std::string header = ReadWhole(out);
  CHECK_THAT(header, StartsWith("// generated by attest-dst from " + kValid));
  CHECK_THAT(header, Contains("namespace taskcoree2e {"));
  CHECK_THAT(header, Contains("class TaskStore {"));

  // Backdate the file: a rewrite would move its time forward again.
  const auto old_time = fs::last_write_time(out) - std::chrono::hours(1);
  fs::last_write_time(out, old_time);
  const ProcessResult second = Dst({"gen", "-f", kValid, "-o", out});
  REQUIRE(second.exit_code == 0);
  CHECK(second.out == "attest-dst: " + out + " is up to date\n");
  CHECK(fs::last_write_time(out) == old_time);

  // A different namespace is different content: rewritten, with no temporary left over.
  const ProcessResult third = Dst({"gen", "-f", kValid, "-o", out, "--namespace", "other::ns"});
  REQUIRE(third.exit_code == 0);
  CHECK(third.out == "attest-dst: " + out + " written\n");
  CHECK(fs::last_write_time(out) != old_time);
  CHECK_THAT(ReadWhole(out), Contains("namespace other::ns {"));
  int files = 0;
  for (const auto& entry : fs::directory_iterator(dir / "nested")) {
    INFO(entry.path());
    ++files;
  }
  CHECK(files == 1);
}

TEST_CASE("cli: gen with an invalid spec writes nothing and exits 1") {
  const fs::path dir = Scratch("gen-invalid");
  const std::string out = (dir / "scenarios.hpp").string();
  const ProcessResult r = Dst({"gen", "-f", kMany, "-o", out});
  CHECK(r.exit_code == 1);
  CHECK(r.out.empty());
  CHECK_THAT(r.err, Contains(kMany + ":22:15: error: unknown method 'Clam'"));
  CHECK_FALSE(fs::exists(out));
}

TEST_CASE("cli: gen reports an output it cannot write") {
  const fs::path dir = Scratch("gen-unwritable");
  // A regular file where the output's directory should be.
  std::ofstream(dir / "file") << "x";
  const std::string out = (dir / "file" / "scenarios.hpp").string();
  const ProcessResult r = Dst({"gen", "-f", kValid, "-o", out});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, StartsWith("attest-dst: error: cannot create the directory of '" + out + "': "));
}
