// detail::ParseRunnerArgs and the flag table behind it, called directly with argv[1..].
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "attest/config/suite_config.hpp"
#include "attest/error.hpp"
#include "attest/runner/cli.hpp"
#include "support/catch.hpp"

using attest::detail::FindRunnerFlag;
using attest::detail::ParseRunnerArgs;
using attest::detail::RunnerFlagHelp;
using attest::detail::RunnerFlags;
using attest::detail::RunnerOptions;
using Catch::Matchers::Contains;

namespace {

using Args = std::vector<std::string>;
using Properties = std::vector<std::pair<std::string, std::string>>;

// What the suite options of a command line do to a suite's configuration.
attest::SuiteConfig Applied(const RunnerOptions& options) {
  attest::SuiteConfig config;
  for (const auto& option : options.suite_options) option.ApplyTo(config);
  return config;
}

// The UsageError message ParseRunnerArgs throws for `args` ("" when it throws none).
std::string ErrorOf(const Args& args) {
  try {
    (void)ParseRunnerArgs(args);
  } catch (const attest::UsageError& error) {
    return error.what();
  }
  return "";
}

// Where the help text of a RunnerFlagHelp line starts: after the flag and its padding
// (two spaces at least), or after the indent of a continuation line.
std::size_t HelpColumn(const std::string& line) {
  if (line.compare(0, 3, "   ") == 0) return line.find_first_not_of(' ');
  const std::size_t gap = line.find("  ", 2);
  return gap == std::string::npos ? gap : line.find_first_not_of(' ', gap);
}

}  // namespace

TEST_CASE("ParseRunnerArgs: no arguments ask for nothing", "[runner][args]") {
  const RunnerOptions options = ParseRunnerArgs({});
  CHECK_FALSE(options.help);
  CHECK_FALSE(options.list);
  CHECK_FALSE(options.no_color);
  CHECK_FALSE(options.keep_going);
  CHECK(options.junit_path.empty());
  CHECK(options.positional.empty());
  CHECK(options.suite_options.empty());
  CHECK(options.properties.empty());
}

TEST_CASE("ParseRunnerArgs: each switch sets its setting, by name or alias", "[runner][args]") {
  CHECK(ParseRunnerArgs({"--help"}).help);
  CHECK(ParseRunnerArgs({"-h"}).help);
  CHECK(ParseRunnerArgs({"--list"}).list);
  CHECK(ParseRunnerArgs({"-l"}).list);
  CHECK(ParseRunnerArgs({"--list-stages"}).list_stages);
  CHECK_FALSE(ParseRunnerArgs({"--list-stages"}).list);
  CHECK(ParseRunnerArgs({"--no-color"}).no_color);
  CHECK(ParseRunnerArgs({"--keep-going"}).keep_going);
  const RunnerOptions all = ParseRunnerArgs({"-l", "--no-color", "--keep-going"});
  CHECK(all.list);
  CHECK(all.no_color);
  CHECK(all.keep_going);
  CHECK_FALSE(all.help);
}

TEST_CASE("ParseRunnerArgs: options may come before, between and after the names", "[runner][args]") {
  const RunnerOptions options =
      ParseRunnerArgs({"--no-color", "kv-store", "--junit", "out.xml", "http-api", "--keep-going", "delete"});
  CHECK(options.positional == Args{"kv-store", "http-api", "delete"});
  CHECK(options.junit_path == "out.xml");
  CHECK(options.no_color);
  CHECK(options.keep_going);
}

TEST_CASE("ParseRunnerArgs: a value follows its flag or comes after '='", "[runner][args]") {
  CHECK(ParseRunnerArgs({"--junit", "a.xml"}).junit_path == "a.xml");
  CHECK(ParseRunnerArgs({"--junit=b.xml"}).junit_path == "b.xml");
  // Only the first '=' separates: the value keeps the rest.
  CHECK(ParseRunnerArgs({"--image=registry:5000/kv:v=2"}).properties ==
        Properties{{"image", "registry:5000/kv:v=2"}});
  // A value that looks like an option is still the value of the flag before it.
  CHECK(ParseRunnerArgs({"--junit", "--list"}).junit_path == "--list");
  CHECK_FALSE(ParseRunnerArgs({"--junit", "--list"}).list);
}

TEST_CASE("ParseRunnerArgs: '--' ends the options, '-' and '' are names", "[runner][args]") {
  const RunnerOptions options = ParseRunnerArgs({"--no-color", "--", "--list", "-h", "x"});
  CHECK(options.positional == Args{"--list", "-h", "x"});
  CHECK_FALSE(options.list);
  CHECK_FALSE(options.help);
  CHECK(options.no_color);
  CHECK(ParseRunnerArgs({"-", ""}).positional == Args{"-", ""});
}

TEST_CASE("ParseRunnerArgs: --backend and --image become suite options and JUnit properties",
          "[runner][args]") {
  const RunnerOptions options = ParseRunnerArgs({"--backend", "docker", "--image=kv:test"});
  CHECK(options.properties == Properties{{"backend", "docker"}, {"image", "kv:test"}});
  REQUIRE(options.suite_options.size() == 2);
  const attest::SuiteConfig config = Applied(options);
  CHECK(config.backend == "docker");
  CHECK(config.image == "kv:test");
}

TEST_CASE("ParseRunnerArgs: --endpoints becomes a WithEndpoints option and a property", "[runner][args]") {
  const RunnerOptions options = ParseRunnerArgs({"--endpoints", "n1=127.0.0.1:8081,n2=[::1]:8082"});
  CHECK(options.properties == Properties{{"endpoints", "n1=127.0.0.1:8081,n2=[::1]:8082"}});
  REQUIRE(options.suite_options.size() == 1);
  CHECK(Applied(options).endpoints == Properties{{"n1", "127.0.0.1:8081"}, {"n2", "[::1]:8082"}});
}

TEST_CASE("ParseRunnerArgs: --binary and --keep become suite options and JUnit properties",
          "[runner][args]") {
  const RunnerOptions options = ParseRunnerArgs({"--binary", "build/kv_server", "--keep"});
  CHECK(options.properties == Properties{{"binary", "build/kv_server"}, {"keep", "true"}});
  const attest::SuiteConfig config = Applied(options);
  CHECK(config.binary == "build/kv_server");
  CHECK(config.keep);
  CHECK_FALSE(options.logs);
}

TEST_CASE("ParseRunnerArgs: --logs and --logs-of print logs and keep them", "[runner][args]") {
  const RunnerOptions all = ParseRunnerArgs({"--logs"});
  CHECK(all.logs);
  CHECK(all.log_nodes.empty());
  CHECK(Applied(all).keep_logs);

  const RunnerOptions some = ParseRunnerArgs({"--logs-of", "n1,n3"});
  CHECK(some.logs);
  CHECK(some.log_nodes == std::vector<std::string>{"n1", "n3"});
  CHECK(Applied(some).keep_logs);

  CHECK(ErrorOf({"--logs-of", "n1,,n3"}) == "--logs-of \"n1,,n3\": a node name is empty (e.g. n1,n3)");
  CHECK(ErrorOf({"--logs-of", "n1,"}) == "--logs-of \"n1,\": a node name is empty (e.g. n1,n3)");
  CHECK(ErrorOf({"--logs-of"}) == "--logs-of needs a value: --logs-of NODES");
}

TEST_CASE("ParseRunnerArgs: flag mistakes are usage errors naming the argument", "[runner][args]") {
  CHECK(ErrorOf({"--frobnicate"}) == "unknown option --frobnicate");
  CHECK(ErrorOf({"--frobnicate=1"}) == "unknown option --frobnicate");
  CHECK(ErrorOf({"-x"}) == "unknown option -x");
  CHECK(ErrorOf({"--help=yes"}) == "--help takes no value, got \"--help=yes\"");
  CHECK(ErrorOf({"--no-color=yes"}) == "--no-color takes no value, got \"--no-color=yes\"");
  CHECK(ErrorOf({"kv-store", "--junit"}) == "--junit needs a value: --junit FILE");
  CHECK(ErrorOf({"--endpoints"}) == "--endpoints needs a value: --endpoints LIST");
  CHECK(ErrorOf({"--backend"}) == "--backend needs a value: --backend NAME");
  CHECK(ErrorOf({"--image"}) == "--image needs a value: --image TAG");
  CHECK(ErrorOf({"--junit="}) == "--junit: the file name is empty");
  CHECK(ErrorOf({"--junit", ""}) == "--junit: the file name is empty");
  // The first mistake stops the parse; what comes after it is not looked at.
  CHECK(ErrorOf({"--bad", "--worse"}) == "unknown option --bad");
  // A near miss names the flag that was meant.
  CHECK(ErrorOf({"--lsit"}) == "unknown option --lsit; did you mean --list?");
  CHECK(ErrorOf({"--keep-goin"}) == "unknown option --keep-goin; did you mean --keep-going?");
  CHECK(ErrorOf({"--junti=x.xml"}) == "unknown option --junti; did you mean --junit?");
}

TEST_CASE("FindRunnerFlag finds a flag by its name or alias, and nothing else", "[runner][args]") {
  REQUIRE(FindRunnerFlag("--help") != nullptr);
  CHECK(FindRunnerFlag("-h") == FindRunnerFlag("--help"));
  CHECK(FindRunnerFlag("-l") == FindRunnerFlag("--list"));
  CHECK(FindRunnerFlag("--junit")->value_name == "FILE");
  CHECK(FindRunnerFlag("--nope") == nullptr);
  CHECK(FindRunnerFlag("") == nullptr);  // flags without an alias do not match ""
  CHECK(FindRunnerFlag("help") == nullptr);
}

TEST_CASE("The flag table has one row per flag, each with help text", "[runner][args]") {
  std::vector<std::string> names;
  for (const auto& flag : RunnerFlags()) {
    INFO(flag.name);
    CHECK(flag.name.rfind("--", 0) == 0);
    CHECK_FALSE(flag.help.empty());
    CHECK(static_cast<bool>(flag.apply));
    for (const auto& seen : names) CHECK(seen != flag.name);
    names.push_back(flag.name);
  }
  for (const char* flag : {"--help", "--list", "--list-stages", "--endpoints", "--backend", "--image",
                           "--junit", "--no-color", "--keep-going"}) {
    CHECK(FindRunnerFlag(flag) != nullptr);
  }
}

TEST_CASE("RunnerFlagHelp lists every flag once, its help in one aligned column", "[runner][args]") {
  const std::string help = RunnerFlagHelp();
  CHECK_THAT(help, Contains("  -h, --help  "));
  CHECK_THAT(help, Contains("  --junit FILE  "));
  // Each flag's first line, then its further lines, all start the help at one column.
  std::size_t column = std::string::npos;
  std::size_t lines = 0;
  std::size_t start = 0;
  while (start < help.size()) {
    const std::size_t end = help.find('\n', start);
    REQUIRE(end != std::string::npos);  // every line ends with a newline
    const std::string line = help.substr(start, end - start);
    start = end + 1;
    ++lines;
    INFO(line);
    REQUIRE(line.rfind("  ", 0) == 0);
    const std::size_t text = HelpColumn(line);
    REQUIRE(text != std::string::npos);
    if (column == std::string::npos) column = text;
    CHECK(text == column);
  }
  std::size_t help_lines = 0;
  for (const auto& flag : RunnerFlags()) {
    const std::string left = (flag.alias.empty() ? "" : flag.alias + ", ") + flag.name +
                             (flag.value_name.empty() ? "" : " " + flag.value_name);
    CHECK_THAT("\n" + help, Contains("\n  " + left + "  "));
    help_lines += 1 + static_cast<std::size_t>(std::count(flag.help.begin(), flag.help.end(), '\n'));
  }
  CHECK(lines == help_lines);
  CHECK_THAT(help, Contains("\n" + std::string(column, ' ') + "n1=127.0.0.1:8081,n2=127.0.0.1:8082\n"));
}
