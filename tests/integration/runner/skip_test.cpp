// attest::Main with a stage this machine cannot run: skipped with the reason, not failed;
// exit 77 (ctest's skip code) when nothing else failed, 1 when something did. And --list
// with twelve stages keeps its columns.
#include <string>

#include "skip_challenge.hpp"
#include "support/catch.hpp"
#include "support/kv_server.hpp"
#include "support/process.hpp"
#include "support/run_main.hpp"
#include "support/temp_dir.hpp"
#include "support/xml_reader.hpp"

using attest_test::KvServer;
using attest_test::RunMain;
using Catch::Matchers::Contains;

namespace {

// The server the "passes" and "fails" stages talk to, for one test.
struct ServerForStages {
  KvServer server;
  ServerForStages() { SkipTestServerAddress() = server.Endpoints().substr(3); }  // "n1=" off
  ~ServerForStages() { SkipTestServerAddress().clear(); }
};

}  // namespace

TEST_CASE("Main exits 77 when the only stage is skipped because this machine cannot run it",
          "[runner][skip]") {
  const auto run = RunMain({"needs-engine", "--no-color"});
  INFO(run.out << run.err);
  CHECK(run.code == 77);
  CHECK(run.err.empty());
  CHECK_THAT(run.out, Contains("skipped: this machine cannot run the suite"));
  CHECK_THAT(run.out, Contains("no engine answers on this machine"));
}

TEST_CASE("Main exits 77 when stages passed and one was skipped, and says which", "[runner][skip]") {
  ServerForStages fixture;
  const auto run = RunMain({"needs-engine", "passes", "--no-color"});
  INFO(run.out << run.err);
  CHECK(run.code == 77);
  CHECK_THAT(run.out, Contains("passed 1 of 2 stages in "));
  CHECK_THAT(run.out, Contains("; skipped: needs-engine (this machine cannot run them)\n"));
}

TEST_CASE("Main exits 1 when a stage failed, even if another was skipped", "[runner][skip]") {
  ServerForStages fixture;
  const auto run = RunMain({"needs-engine", "fails", "--no-color"});
  INFO(run.out << run.err);
  CHECK(run.code == 1);
  CHECK_THAT(run.out, Contains("passed 0 of 2 stages in "));
  CHECK_THAT(run.out, Contains("; failed: fails; skipped: needs-engine"));
}

TEST_CASE("A skipped stage does not stop the run, and JUnit marks its tests skipped",
          "[runner][skip][junit]") {
  ServerForStages fixture;
  attest_test::TempDir dir;
  const std::string path = dir.File("skip.xml");
  const auto run = RunMain({"needs-engine", "passes", "--junit", path});
  INFO(run.out << run.err);
  CHECK(run.code == 77);
  const auto root = attest_test::XmlReader::Parse(attest_test::ReadWhole(path));
  CHECK(root.Attr("tests") == "2");
  CHECK(root.Attr("failures") == "0");
  CHECK(root.Attr("skipped") == "1");
  const auto& skipped = root.Child("testsuite", 0);
  CHECK(skipped.Attr("name") == "needs-engine");
  CHECK_THAT(skipped.Child("testcase", 0).Child("skipped").Attr("message"),
             Contains("no engine answers on this machine"));
  const auto& passed = root.Child("testsuite", 1);
  CHECK(passed.Attr("name") == "passes");
  CHECK(passed.Child("testcase", 0).children.empty());
}

TEST_CASE("Main --list lines up stage titles past stage 9", "[runner][list]") {
  const auto run = RunMain({"--list"});
  CHECK(run.code == 0);
  CHECK_THAT(run.out, Contains("\n   1. needs-engine  Needs An Engine\n"
                               "   2. passes        Passes\n"
                               "   3. fails         Fails\n"
                               "   4. extra-4       Extra 4\n"));
  CHECK_THAT(run.out, Contains("\n   9. extra-9       Extra 9\n"
                               "  10. extra-10      Extra 10\n"
                               "  11. extra-11      Extra 11\n"
                               "  12. extra-12      Extra 12\n"));
}
