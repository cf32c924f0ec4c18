// A program whose challenges are registered wrongly: it starts (no terminate during
// static initialisation), and Main reports every problem with exit code 2.
#include <algorithm>
#include <string>
#include <vector>

#include "support/catch.hpp"
#include "support/run_main.hpp"

using attest_test::RunMain;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

TEST_CASE("Registration problems are reported by Main, not at static init", "[runner]") {
  const auto run = RunMain({"--list"});
  CHECK(run.code == 2);
  CHECK(run.out.empty());
  CHECK_THAT(run.err, StartsWith("error: the challenges are registered wrongly:\n"));
  // The order across translation units is unspecified: check each line is there.
  const std::vector<std::string> expected = {
      "  challenge \"dup\", stage 2 \"one\": the key is used twice (stages 1 and 2)\n",
      "  challenge \"dup\", stage 3 \"has space\": the key contains a space or a control "
      "character\n",
      "  challenge \"dup\", stage 4 \"-dash\": the key starts with '-', which reads as a "
      "command-line option\n",
      "  challenge \"dup\", stage 5 \"null\": the suite function is empty\n",
      "  ATTEST_REGISTER_CHALLENGE(throws) threw: cannot read the stage table\n",
      "  challenge \"\": the key is empty\n",
      "  challenge \"\": has no stages (call AddStage)\n",
  };
  for (const std::string& line : expected) CHECK_THAT(run.err, Contains(line));
  // The second "dup" is refused, naming both.
  const bool first_wins =
      run.err.find("challenge \"dup\" is registered twice (\"First\" and \"Second\")") != std::string::npos;
  const bool second_wins =
      run.err.find("challenge \"dup\" is registered twice (\"Second\" and \"First\")") != std::string::npos;
  CHECK((first_wins || second_wins));
  CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 9);
}

TEST_CASE("Registration problems stop every run, but --help still works", "[runner]") {
  CHECK(RunMain({"dup", "one"}).code == 2);
  CHECK(RunMain({}).code == 2);
  const auto help = RunMain({"--help"});
  CHECK(help.code == 0);
  CHECK_THAT(help.out, StartsWith("Usage: prog [options] [challenge] [stage...]"));
}

TEST_CASE("Main --list-stages refuses wrongly registered challenges too so that discovery fails loudly",
          "[runner]") {
  const auto run = RunMain({"--list-stages"});
  CHECK(run.code == 2);
  CHECK(run.out.empty());
  CHECK_THAT(run.err, StartsWith("error: the challenges are registered wrongly:\n"));
}
