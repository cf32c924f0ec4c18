// detail::ParseCommandLine and the flag table behind every attest command line (the
// runner, the generated scenario Main, attest-dst), on a table of its own.
#include <string>
#include <vector>

#include "attest/detail/command_line.hpp"
#include "attest/error.hpp"
#include "support/catch.hpp"

using attest::detail::CommandLineFlag;
using attest::detail::FlagHelp;
using attest::detail::ParseCommandLine;
using Catch::Matchers::Equals;

namespace {

using Args = std::vector<std::string>;

struct Settings {
  bool verbose = false;
  std::vector<std::string> outputs;
};

const std::vector<CommandLineFlag<Settings>> kFlags = {
    {"--verbose", "-v", "", "say more", [](Settings& s, const std::string&) { s.verbose = true; }},
    {"--output", "-o", "FILE", "write to FILE;\nrepeat for more",
     [](Settings& s, const std::string& value) {
       if (value == "bad") throw attest::UsageError("--output: \"bad\" is a bad file name");
       s.outputs.push_back(value);
     }},
};

struct Parsed {
  Settings settings;
  Args positional;
};

Parsed Parse(const Args& args) {
  Parsed parsed;
  parsed.positional = ParseCommandLine(kFlags, args, parsed.settings);
  return parsed;
}

std::string ErrorOf(const Args& args) {
  try {
    (void)Parse(args);
  } catch (const attest::UsageError& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST_CASE("ParseCommandLine applies flags in order and returns the positional arguments", "[command-line]") {
  const Parsed parsed = Parse({"a", "-v", "--output", "x", "b", "-o=y", "--output=z=1", "c"});
  CHECK(parsed.settings.verbose);
  CHECK(parsed.settings.outputs == Args{"x", "y", "z=1"});
  CHECK(parsed.positional == Args{"a", "b", "c"});
}

TEST_CASE(
    "ParseCommandLine: '--' ends the options, '-' and '' are positional, a value may "
    "look like an option",
    "[command-line]") {
  const Parsed parsed = Parse({"--output", "--verbose", "--", "-v", "-", ""});
  CHECK_FALSE(parsed.settings.verbose);
  CHECK(parsed.settings.outputs == Args{"--verbose"});
  CHECK(parsed.positional == Args{"-v", "-", ""});
}

TEST_CASE("ParseCommandLine: each mistake is a usage error naming the flag as typed", "[command-line]") {
  CHECK(ErrorOf({"--verbsoe"}) == "unknown option --verbsoe; did you mean --verbose?");
  CHECK(ErrorOf({"--quiet"}) == "unknown option --quiet");
  CHECK(ErrorOf({"-x"}) == "unknown option -x");
  CHECK(ErrorOf({"-o"}) == "-o needs a value: -o FILE");
  CHECK(ErrorOf({"x", "--output"}) == "--output needs a value: --output FILE");
  CHECK(ErrorOf({"--verbose=yes"}) == "--verbose takes no value, got \"--verbose=yes\"");
  CHECK(ErrorOf({"-v=1"}) == "-v takes no value, got \"-v=1\"");
  // The flag's own check speaks for its value; the first mistake stops the parse.
  CHECK(ErrorOf({"-o", "bad", "--nope"}) == "--output: \"bad\" is a bad file name");
}

TEST_CASE("FlagHelp lists every flag with its alias and value, help aligned", "[command-line]") {
  CHECK_THAT(FlagHelp(kFlags), Equals("  -v, --verbose      say more\n"
                                      "  -o, --output FILE  write to FILE;\n"
                                      "                     repeat for more\n"));
}

TEST_CASE("UsageErrorText is the one way every program reports a usage error", "[command-line]") {
  CHECK(attest::detail::UsageErrorText("prog", "unknown option --x") ==
        "error: unknown option --x\nRun prog --help for usage.\n");
}
