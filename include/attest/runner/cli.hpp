// The runner's command line: one table of flags, each turning its value into runner
// settings, suite options and JUnit properties. A new backend flag (--image,
// --backend) is one more row in RunnerFlags(); nothing else changes.
#pragma once

#include <algorithm>
#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "attest/dsl/options.hpp"
#include "attest/error.hpp"

namespace attest::detail {

// What the command line asks for.
struct RunnerOptions {
  bool help = false;
  bool list = false;
  bool no_color = false;
  bool keep_going = false;
  std::string junit_path;
  std::vector<std::string> positional;  // [challenge] [stage...]
  // Applied to every stage's suite, after the stage's own options (so they win).
  std::vector<Option> suite_options;
  // Recorded in the JUnit report, so a result says what it ran against.
  std::vector<std::pair<std::string, std::string>> properties;
};

struct RunnerFlag {
  std::string name;        // "--junit"
  std::string alias;       // "-h", or empty
  std::string value_name;  // "FILE"; empty for a switch
  std::string help;
  std::function<void(RunnerOptions&, const std::string& value)> apply;
};

// "n1=127.0.0.1:8081,n2=127.0.0.1:8082" -> {{"n1", "127.0.0.1:8081"}, ...}, checked
// by WithEndpoints; every message names the flag and the item.
inline std::vector<std::pair<std::string, std::string>> ParseEndpointList(const std::string& text) {
  const std::string flag = "--endpoints \"" + text + "\"";
  std::vector<std::pair<std::string, std::string>> nodes;
  std::size_t start = 0;
  for (int item = 1;; ++item) {
    const std::size_t comma = text.find(',', start);
    const std::string entry =
        text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    const std::size_t equals = entry.find('=');
    if (entry.empty() || equals == std::string::npos) {
      throw UsageError(flag + ": item " + std::to_string(item) + " \"" + entry +
                       "\" is not name=host:port (e.g. n1=127.0.0.1:8081,n2=127.0.0.1:8082)");
    }
    nodes.emplace_back(entry.substr(0, equals), entry.substr(equals + 1));
    if (comma == std::string::npos) break;
    start = comma + 1;
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
      {"--keep", "", "", "leave the nodes' containers, network and volumes after the run,\n"
                         "and print how to inspect and remove them (WithKeep)",
       [](RunnerOptions& o, const std::string&) {
         o.suite_options.push_back(WithKeep(true));
         o.properties.emplace_back("keep", "true");
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

inline const RunnerFlag* FindRunnerFlag(const std::string& name) {
  for (const RunnerFlag& flag : RunnerFlags()) {
    if (flag.name == name || (!flag.alias.empty() && flag.alias == name)) return &flag;
  }
  return nullptr;
}

// Reads argv[1..]. Options may come anywhere; "--flag value" and "--flag=value" both
// work; "--" ends the options. Throws UsageError with the offending argument named.
inline RunnerOptions ParseRunnerArgs(const std::vector<std::string>& args) {
  RunnerOptions options;
  bool only_positional = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (only_positional || arg.empty() || arg[0] != '-' || arg == "-") {
      options.positional.push_back(arg);
      continue;
    }
    if (arg == "--") {
      only_positional = true;
      continue;
    }
    const std::size_t equals = arg.find('=');
    const std::string name = arg.substr(0, equals);
    const RunnerFlag* flag = FindRunnerFlag(name);
    if (flag == nullptr) throw UsageError("unknown option " + name);
    std::string value;
    if (flag->value_name.empty()) {
      if (equals != std::string::npos) throw UsageError(name + " takes no value, got \"" + arg + "\"");
    } else if (equals != std::string::npos) {
      value = arg.substr(equals + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      throw UsageError(name + " needs a value: " + name + " " + flag->value_name);
    }
    flag->apply(options, value);
  }
  return options;
}

// The options part of --help, generated from the table so it never goes stale.
inline std::string RunnerFlagHelp() {
  std::vector<std::pair<std::string, std::string>> rows;
  std::size_t width = 0;
  for (const RunnerFlag& flag : RunnerFlags()) {
    std::string left = flag.alias.empty() ? flag.name : flag.alias + ", " + flag.name;
    if (!flag.value_name.empty()) left += " " + flag.value_name;
    width = std::max(width, left.size());
    rows.emplace_back(std::move(left), flag.help);
  }
  std::string out;
  for (const auto& [left, help] : rows) {
    std::string line = "  " + left + std::string(width - left.size() + 2, ' ');
    const std::string indent(line.size(), ' ');
    std::size_t start = 0;
    while (true) {
      const std::size_t end = help.find('\n', start);
      out += (start == 0 ? line : indent) + help.substr(start, end - start) + "\n";
      if (end == std::string::npos) break;
      start = end + 1;
    }
  }
  return out;
}

}  // namespace attest::detail
