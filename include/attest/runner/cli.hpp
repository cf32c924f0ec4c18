// The runner's command line: one table of flags, each turning its value into runner
// settings, suite options and JUnit properties. A new backend flag (--image,
// --backend) is one more row in RunnerFlags(); nothing else changes. Parsing, errors
// and --help come from the shared flag-table parser (attest/detail/command_line.hpp).
//
// Only runner/detail/main_inl.hpp includes this header: a suite file never parses it.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "attest/detail/command_line.hpp"
#include "attest/detail/strings.hpp"
#include "attest/dsl/options.hpp"
#include "attest/error.hpp"

namespace attest::detail {

// What the command line asks for.
struct RunnerOptions {
  bool help = false;
  bool list = false;
  bool list_stages = false;  // --list-stages: one machine-readable line per stage
  bool no_color = false;
  bool keep_going = false;
  bool logs = false;                   // --logs / --logs-of: print each stage's run log
  std::vector<std::string> log_nodes;  // --logs-of: only these nodes (and the events)
  std::string backend;                 // --backend: checked against the registered ones
  std::string junit_path;
  std::vector<std::string> positional;  // [challenge] [stage...]
  // Applied to every stage's suite, after the stage's own options (so they win).
  std::vector<Option> suite_options;
  // Recorded in the JUnit report, so a result says what it ran against.
  std::vector<std::pair<std::string, std::string>> properties;
};

// One row of the table: name, alias, value name, help text, and what it does.
using RunnerFlag = CommandLineFlag<RunnerOptions>;

// "n1=127.0.0.1:8081,n2=127.0.0.1:8082" -> {{"n1", "127.0.0.1:8081"}, ...}, checked
// by WithEndpoints; every message names the flag and the item.
inline std::vector<std::pair<std::string, std::string>> ParseEndpointList(const std::string& text) {
  const std::string flag = "--endpoints \"" + text + "\"";
  std::vector<std::pair<std::string, std::string>> nodes;
  int item = 0;
  for (const std::string& entry : SplitList(text)) {
    ++item;
    const std::size_t equals = entry.find('=');
    if (entry.empty() || equals == std::string::npos) {
      throw UsageError(flag + ": item " + std::to_string(item) + " \"" + entry +
                       "\" is not name=host:port (e.g. n1=127.0.0.1:8081,n2=127.0.0.1:8082)");
    }
    nodes.emplace_back(entry.substr(0, equals), entry.substr(equals + 1));
  }
  try {
    (void)WithEndpoints(nodes);
  } catch (const UsageError& error) {
    throw UsageError(flag + ": " + error.what());
  }
  return nodes;
}

// The one table of flags.
inline const std::vector<RunnerFlag>& RunnerFlags() {
  static const std::vector<RunnerFlag> flags = {
      {"--help", "-h", "", "show this help and the registered challenges",
       [](RunnerOptions& o, const std::string&) { o.help = true; }},
      {"--list", "-l", "", "list the challenges and their stages",
       [](RunnerOptions& o, const std::string&) { o.list = true; }},
      {"--list-stages", "", "",
       "print one line per stage, challenge<TAB>stage<TAB>title, for tools\n"
       "(attest_discover_stages registers each line as a ctest test)",
       [](RunnerOptions& o, const std::string&) { o.list_stages = true; }},
      {"--endpoints", "", "LIST",
       "test nodes that are already running instead of starting them:\n"
       "n1=127.0.0.1:8081,n2=127.0.0.1:8082",
       [](RunnerOptions& o, const std::string& value) {
         o.suite_options.push_back(WithEndpoints(ParseEndpointList(value)));
         o.properties.emplace_back("endpoints", value);
       }},
      {"--backend", "", "NAME", "the node backend that starts WithCluster nodes (e.g. docker)",
       [](RunnerOptions& o, const std::string& value) {
         o.suite_options.push_back(WithBackend(value));
         o.backend = value;
         o.properties.emplace_back("backend", value);
       }},
      {"--image", "", "TAG", "run the nodes from this image instead of the suite's own",
       [](RunnerOptions& o, const std::string& value) {
         o.suite_options.push_back(WithImage(value));
         o.properties.emplace_back("image", value);
       }},
      {"--binary", "", "PATH",
       "run the nodes from this program, packed with its shared libraries into\n"
       "an image (WithBinary); replaces the suite's own image",
       [](RunnerOptions& o, const std::string& value) {
         (void)WithBinary(value);  // checks the value
         o.suite_options.push_back(Option([value](SuiteConfig& c) {
           c.binary = value;  // the suite's program arguments stay
           c.image.clear();
           c.dockerfile_context.clear();
         }));
         o.properties.emplace_back("binary", value);
       }},
      {"--keep", "", "",
       "leave the nodes' containers, network and volumes after the run,\n"
       "and print how to inspect and remove them (WithKeep)",
       [](RunnerOptions& o, const std::string&) {
         o.suite_options.push_back(WithKeep(true));
         o.properties.emplace_back("keep", "true");
       }},
      {"--logs", "", "",
       "after each stage, print its nodes' logs and the run's events\n"
       "(starts, stops, kills, faults, tests), interleaved by time",
       [](RunnerOptions& o, const std::string&) {
         o.logs = true;
         o.suite_options.push_back(WithKeepLogs(true));
       }},
      {"--logs-of", "", "NODES", "as --logs, for some nodes only: --logs-of n1,n3",
       [](RunnerOptions& o, const std::string& value) {
         o.logs = true;
         o.log_nodes = SplitList(value);
         for (const std::string& node : o.log_nodes) {
           if (node.empty())
             throw UsageError("--logs-of \"" + value + "\": a node name is empty (e.g. n1,n3)");
         }
         o.suite_options.push_back(WithKeepLogs(true));
       }},
      {"--junit", "", "FILE", "also write a JUnit XML report to FILE",
       [](RunnerOptions& o, const std::string& value) {
         if (value.empty()) throw UsageError("--junit: the file name is empty");
         o.junit_path = value;
       }},
      {"--no-color", "", "", "no colours, even on a terminal (as NO_COLOR=1 does)",
       [](RunnerOptions& o, const std::string&) { o.no_color = true; }},
      {"--keep-going", "", "", "run the remaining stages after one fails",
       [](RunnerOptions& o, const std::string&) { o.keep_going = true; }},
  };
  return flags;
}

inline const RunnerFlag* FindRunnerFlag(const std::string& name) { return FindFlag(RunnerFlags(), name); }

// Reads argv[1..] (see command_line.hpp for the rules). Throws UsageError with the
// offending argument named.
inline RunnerOptions ParseRunnerArgs(const std::vector<std::string>& args) {
  RunnerOptions options;
  options.positional = ParseCommandLine(RunnerFlags(), args, options);
  return options;
}

// The options part of --help, generated from the table so it never goes stale.
inline std::string RunnerFlagHelp() { return FlagHelp(RunnerFlags()); }

}  // namespace attest::detail
