// attest::Main driven with argv arrays, against a real server on loopback. Two
// challenges are registered from two other translation units (kv_challenge.cpp,
// counter_challenge.cpp).
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "support/catch.hpp"
#include "support/kv_server.hpp"
#include "support/run_main.hpp"
#include "support/temp_dir.hpp"
#include "support/xml_reader.hpp"

using attest_test::KvServer;
using attest_test::RunMain;
using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;

namespace {

using Requests = std::vector<std::string>;

const std::string kList =
    "counter  Counter\n"
    "  A counter.\n"
    "  It only goes up.\n"
    "  1. increment       Increment\n"
    "  2. bad-definition  A Suite With An Invalid Option\n"
    "\n"
    "kv-store  Distributed Key-Value Store\n"
    "  Build a distributed key-value store from scratch.\n"
    "  1. http-api      Store and Retrieve Data\n"
    "  2. delete        Delete Keys\n"
    "  3. missing-keys  Missing Keys Return 404\n";

// Durations vary from run to run; the tests compare the rest.
std::string WithoutDurations(const std::string& text) {
  return std::regex_replace(text, std::regex(R"(\d+(\.\d+)?(ns|us|ms|s)\b)"), "<t>");
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("Main --list prints challenges and stages, sorted by key", "[runner]") {
  const auto run = RunMain({"--list"});
  CHECK(run.code == 0);
  CHECK(run.out == kList);
  CHECK(run.err.empty());
  CHECK(RunMain({"-l"}).out == kList);
}

TEST_CASE("Main --help explains usage, every option and what is registered", "[runner]") {
  const auto run = RunMain({"--help"});
  CHECK(run.code == 0);
  CHECK(run.err.empty());
  CHECK_THAT(run.out, StartsWith("Usage: prog [options] [challenge] [stage...]\n"));
  for (const char* option :
       {"-h, --help", "-l, --list", "--endpoints LIST", "--junit FILE", "--no-color", "--keep-going"}) {
    CHECK_THAT(run.out, Contains(std::string("\n  ") + option + " "));
  }
  CHECK_THAT(run.out, Contains("n1=127.0.0.1:8081,n2=127.0.0.1:8082"));
  CHECK_THAT(run.out, Contains("Exit status: 0 when every selected stage passed, 1 when a stage "
                               "failed, 2 for a\nusage error, 77 when none failed but one was "
                               "skipped because this machine cannot\nrun it"));
  CHECK_THAT(run.out, Contains("\n  --list-stages "));
  CHECK_THAT(run.out, EndsWith("Challenges:\n  counter  Counter\n    A counter.\n"
                               "    It only goes up.\n    1. increment       Increment\n"
                               "    2. bad-definition  A Suite With An Invalid Option\n\n"
                               "  kv-store  Distributed Key-Value Store\n"
                               "    Build a distributed key-value store from scratch.\n"
                               "    1. http-api      Store and Retrieve Data\n"
                               "    2. delete        Delete Keys\n"
                               "    3. missing-keys  Missing Keys Return 404\n"));
  CHECK(RunMain({"kv-store", "-h"}).out == run.out);  // --help wins over a selection
}

TEST_CASE("Main runs one stage against running nodes", "[runner]") {
  KvServer server;
  const auto run = RunMain({"kv-store", "http-api", "--endpoints", server.Endpoints(), "--no-color"});
  INFO(run.out << run.err);
  CHECK(run.code == 0);
  CHECK(run.err.empty());
  CHECK(server.Requests() == Requests{"PUT /kv/key", "GET /kv/key"});
  CHECK(WithoutDurations(run.out) ==
        "Distributed Key-Value Store (kv-store): 1 stage\n"
        "● http-api: Store and Retrieve Data (2 tests)\n"
        "  · using running nodes " +
            server.Endpoints() +
            "\n"
            "  ✓ 1. PUT Stores Values (<t>)\n"
            "  ✓ 2. GET Returns Stored Values (<t>)\n"
            "✓ http-api: passed 2 of 2 tests in <t>\n");
}

TEST_CASE("Main runs several stages in the order given", "[runner]") {
  KvServer server;
  const auto run =
      RunMain({"--endpoints=" + server.Endpoints(), "kv-store", "missing-keys", "http-api", "missing-keys"});
  INFO(run.out << run.err);
  CHECK(run.code == 0);
  // missing-keys first (before anything is stored), and only once.
  CHECK(server.Requests() == Requests{"GET /kv/missing", "PUT /kv/key", "GET /kv/key"});
  CHECK_THAT(run.out, StartsWith("Distributed Key-Value Store (kv-store): 2 stages\n"));
  CHECK(run.out.find("● missing-keys") < run.out.find("● http-api"));
  CHECK_THAT(WithoutDurations(run.out), EndsWith("\npassed 2 of 2 stages in <t>\n"));
}

TEST_CASE("Main runs every stage in order and stops at the first failure", "[runner]") {
  KvServer server;
  const auto run = RunMain({"kv-store", "--endpoints", server.Endpoints()});
  INFO(run.out << run.err);
  CHECK(run.code == 1);
  CHECK(run.err.empty());
  // http-api passed, delete failed at its first test, missing-keys never ran.
  CHECK(server.Requests() == Requests{"PUT /kv/key", "GET /kv/key", "DELETE /kv/key"});
  const std::string out = WithoutDurations(run.out);
  CHECK_THAT(out, StartsWith("Distributed Key-Value Store (kv-store): 3 stages\n"));
  CHECK_THAT(out, Contains("✓ http-api: passed 2 of 2 tests in <t>\n"));
  CHECK_THAT(out, Contains("● delete: Delete Keys (2 tests)\n"));
  CHECK_THAT(out, Contains("  ✗ 1. DELETE Removes Values (<t>)\n"));
  CHECK_THAT(out, Contains("✗ status: expected 200, got 404"));  // the failure text
  CHECK_THAT(out, Contains("hint: Register DELETE /kv/{key}.\n"));
  CHECK_THAT(out, Contains("  ○ 2. GET After DELETE Returns 404 (skipped: an earlier test failed)\n"));
  CHECK_THAT(out, Contains("✗ delete: passed 0 of 2 tests in <t> (1 failed, 1 skipped)\n"));
  CHECK_THAT(out, !Contains("● missing-keys"));
  CHECK_THAT(out, EndsWith("\npassed 1 of 3 stages in <t>; failed: delete; not run: "
                           "missing-keys (--keep-going runs them)\n"));
}

TEST_CASE("Main --keep-going runs the stages after a failure", "[runner]") {
  KvServer server;
  const auto run = RunMain({"kv-store", "--keep-going", "--endpoints", server.Endpoints()});
  INFO(run.out << run.err);
  CHECK(run.code == 1);
  CHECK(server.Requests() == Requests{"PUT /kv/key", "GET /kv/key", "DELETE /kv/key", "GET /kv/missing"});
  CHECK_THAT(WithoutDurations(run.out), EndsWith("\npassed 2 of 3 stages in <t>; failed: delete\n"));
}

TEST_CASE("Main reports a stage whose suite cannot be built as failed", "[runner]") {
  KvServer server;
  const auto run =
      RunMain({"counter", "bad-definition", "increment", "--keep-going", "--endpoints", server.Endpoints()});
  INFO(run.out << run.err);
  CHECK(run.code == 1);
  CHECK_THAT(run.out, Contains("● bad-definition: A Suite With An Invalid Option (0 tests)\n"
                               "  ✗ setup failed\n"
                               "      stage \"bad-definition\" could not be built\n"
                               "        WithCluster: the count must be at least 1, got 0\n"));
  CHECK_THAT(run.out, Contains("✓ increment: passed 2 of 2 tests"));
  CHECK(server.Requests() == Requests{"POST /counter", "GET /counter"});
}

TEST_CASE("Main: a stage that fails because no node answers exits 1", "[runner]") {
  const std::string endpoints = "n1=127.0.0.1:" + std::to_string(attest::testing::UnusedPort());
  const auto run = RunMain({"kv-store", "http-api", "--endpoints", endpoints});
  INFO(run.out << run.err);
  CHECK(run.code == 1);
  CHECK_THAT(run.out, Contains("✗ 1. PUT Stores Values"));
  CHECK_THAT(run.out, Contains("✗ http-api: passed 0 of 2 tests"));
}

TEST_CASE("Main: unknown names get an error listing the known ones, exit 2", "[runner]") {
  SECTION("unknown stage") {
    const auto run = RunMain({"kv-store", "http-api", "nope"});
    CHECK(run.code == 2);
    CHECK(run.out.empty());
    CHECK(run.err ==
          "error: unknown stage \"nope\" in challenge \"kv-store\"; known stages: http-api, "
          "delete, missing-keys\nRun prog --help for usage.\n");
  }
  SECTION("unknown challenge") {
    const auto run = RunMain({"kv", "http-api"});
    CHECK(run.code == 2);
    CHECK(run.err ==
          "error: unknown challenge \"kv\"; known challenges: counter, kv-store\n"
          "Run prog --help for usage.\n");
  }
  SECTION("no challenge named while several are registered") {
    const auto run = RunMain({});
    CHECK(run.code == 2);
    CHECK_THAT(run.err, StartsWith("error: several challenges are registered; name one: counter, "
                                   "kv-store\n"));
  }
  SECTION("a stage named where the challenge belongs") {
    const auto run = RunMain({"http-api"});
    CHECK(run.code == 2);
    CHECK(run.out.empty());
    CHECK(run.err ==
          "error: unknown challenge \"http-api\"; it is a stage of kv-store: run "
          "`prog kv-store http-api`\nRun prog --help for usage.\n");
  }
  SECTION("a stage of another challenge") {
    const auto run = RunMain({"counter", "http-api"});
    CHECK(run.code == 2);
    CHECK_THAT(run.err, StartsWith("error: unknown stage \"http-api\" in challenge \"counter\"; "
                                   "known stages: increment, bad-definition\n"));
  }
}

TEST_CASE("Main: bad options are usage errors, exit 2, nothing runs", "[runner]") {
  KvServer server;
  const auto check = [&](std::vector<std::string> args, const std::string& message) {
    const auto run = RunMain(std::move(args));
    CHECK(run.code == 2);
    CHECK(run.out.empty());
    CHECK(run.err == "error: " + message + "\nRun prog --help for usage.\n");
  };
  check({"--frobnicate"}, "unknown option --frobnicate");
  check({"kv-store", "--junit"}, "--junit needs a value: --junit FILE");
  check({"--no-color=yes"}, "--no-color takes no value, got \"--no-color=yes\"");
  check({"--junit="}, "--junit: the file name is empty");
  check({"--endpoints", "n1"},
        "--endpoints \"n1\": item 1 \"n1\" is not name=host:port (e.g. "
        "n1=127.0.0.1:8081,n2=127.0.0.1:8082)");
  check({"--endpoints", "n1=127.0.0.1:1,"},
        "--endpoints \"n1=127.0.0.1:1,\": item 2 \"\" is not name=host:port (e.g. "
        "n1=127.0.0.1:8081,n2=127.0.0.1:8082)");
  check({"--endpoints", "n1=127.0.0.1:99999"},
        "--endpoints \"n1=127.0.0.1:99999\": WithEndpoints: node n1 has address "
        "\"127.0.0.1:99999\": the port must be between 1 and 65535 (expected host:port, e.g. "
        "127.0.0.1:8081)");
  check({"--endpoints", "n1=127.0.0.1:1,n1=127.0.0.1:2"},
        "--endpoints \"n1=127.0.0.1:1,n1=127.0.0.1:2\": WithEndpoints: node n1 is listed twice");
  CHECK(server.Requests().empty());
}

TEST_CASE("Main --list-stages prints challenge, stage and title per line, for tools", "[runner]") {
  const auto run = RunMain({"--list-stages"});
  CHECK(run.code == 0);
  CHECK(run.err.empty());
  CHECK(run.out ==
        "counter\tincrement\tIncrement\n"
        "counter\tbad-definition\tA Suite With An Invalid Option\n"
        "kv-store\thttp-api\tStore and Retrieve Data\n"
        "kv-store\tdelete\tDelete Keys\n"
        "kv-store\tmissing-keys\tMissing Keys Return 404\n");
}

TEST_CASE("Main: '--' ends the options", "[runner]") {
  const auto run = RunMain({"--", "--list"});
  CHECK(run.code == 2);
  CHECK_THAT(run.err, StartsWith("error: unknown challenge \"--list\""));
}

TEST_CASE("Main --junit writes a JUnit report of the stages that ran", "[runner][junit]") {
  KvServer server;
  attest_test::TempDir dir;
  const std::string path = dir.File("results.xml");
  const auto run =
      RunMain({"kv-store", "http-api", "delete", "--junit", path, "--endpoints", server.Endpoints()});
  INFO(run.out << run.err);
  CHECK(run.code == 1);
  const std::string xml = ReadFile(path);
  INFO(xml);
  const auto root = attest_test::XmlReader::Parse(xml);
  CHECK(root.Attr("name") == "kv-store");
  CHECK(root.Attr("tests") == "4");
  CHECK(root.Attr("failures") == "1");
  CHECK(root.Attr("skipped") == "1");
  REQUIRE(root.Count("testsuite") == 2);

  const auto& first = root.Child("testsuite", 0);
  CHECK(first.Attr("name") == "http-api");
  std::map<std::string, std::string> properties;
  for (const auto& property : first.Child("properties").children) {
    properties[property.Attr("name")] = property.Attr("value");
  }
  CHECK(properties == std::map<std::string, std::string>{{"challenge", "kv-store"},
                                                         {"challenge.name", "Distributed Key-Value Store"},
                                                         {"endpoints", server.Endpoints()},
                                                         {"stage", "http-api"},
                                                         {"stage.title", "Store and Retrieve Data"}});
  CHECK(first.Child("testcase", 0).Attr("name") == "PUT Stores Values");
  CHECK(first.Child("testcase", 1).children.empty());
  CHECK_THAT(first.Child("system-out").text, Contains("using running nodes"));

  const auto& second = root.Child("testsuite", 1);
  CHECK(second.Attr("name") == "delete");
  const auto& failure = second.Child("testcase", 0).Child("failure");
  CHECK_THAT(failure.Attr("message"), Contains("status: expected 200, got 404"));
  CHECK_THAT(failure.text, Contains("hint: Register DELETE /kv/{key}."));
  CHECK(second.Child("testcase", 1).Count("skipped") == 1);
  CHECK_FALSE(std::filesystem::exists(path + ".tmp"));
}

TEST_CASE("Main --junit to a path that cannot be written fails before running", "[runner][junit]") {
  KvServer server;
  attest_test::TempDir dir;
  const std::string path = dir.File("no/such/dir/results.xml");
  const auto run = RunMain({"kv-store", "http-api", "--junit", path, "--endpoints", server.Endpoints()});
  CHECK(run.code == 2);
  CHECK(run.out.empty());
  CHECK_THAT(run.err, StartsWith("error: cannot write the JUnit report to \"" + path + "\""));
  CHECK_THAT(run.err, Contains("No such file or directory"));
  CHECK(server.Requests().empty());
}
