// The one command-line parser of attest's programs: the runner (attest::Main), the
// generated scenario Main (attest::dst) and the attest-dst generator. Each program
// describes its flags in one table; parsing, the errors and the options part of --help
// all come from that table, so every program reads and complains the same way:
//
//   struct Settings { bool verbose = false; std::string out; };
//   const std::vector<CommandLineFlag<Settings>> flags = {
//       {"--verbose", "-v", "", "say more", [](Settings& s, const std::string&) { s.verbose = true; }},
//       {"--output", "-o", "FILE", "write to FILE", [](Settings& s, const std::string& v) { s.out = v; }},
//   };
//   Settings settings;
//   std::vector<std::string> names = ParseCommandLine(flags, args, settings);  // throws UsageError
//
// Rules: options may come anywhere; "--flag value" and "--flag=value" are the same (only
// the first '=' separates, the value keeps the rest); a value that looks like an option
// is still the value of the flag before it; "--" ends the options; "-" and "" are
// positional. Errors (attest::UsageError) name the flag as typed: "unknown option --lsit;
// did you mean --list?", "--junit needs a value: --junit FILE", "--help takes no value,
// got "--help=yes"". The first mistake stops the parse.
#pragma once

#include <algorithm>
#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "attest/error.hpp"

namespace attest::detail {

// One row of a program's flag table.
template <class Settings>
struct CommandLineFlag {
  std::string name;        // "--junit"
  std::string alias;       // "-h", or empty
  std::string value_name;  // "FILE"; empty for a switch
  std::string help;        // lines separated by '\n'
  // Turns the value ("" for a switch) into settings; throws UsageError for a bad value.
  std::function<void(Settings&, const std::string& value)> apply;
};

// What every program prints for a usage error (exit status 2 follows).
inline std::string UsageErrorText(const std::string& program, const std::string& message) {
  return "error: " + message + "\nRun " + program + " --help for usage.\n";
}

// The message for a flag that may be given once only.
inline std::string GivenTwiceMessage(const std::string& flag) { return flag + " is given twice"; }

// Edits (insert, delete, replace, swap of neighbours) from `a` to `b`, for "did you mean".
inline std::size_t FlagDistance(const std::string& a, const std::string& b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] =
          std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

// "unknown option --lsit; did you mean --list?" (the hint only for a close name).
inline std::string UnknownOptionMessage(const std::string& typed, const std::vector<std::string>& known) {
  std::string message = "unknown option " + typed;
  const std::string* best = nullptr;
  std::size_t best_distance = 3;
  for (const std::string& name : known) {
    const std::size_t distance = FlagDistance(typed, name);
    // Short flags are all close to each other: a hint must be closer than half the name.
    if (distance < best_distance && 2 * distance < typed.size()) {
      best = &name;
      best_distance = distance;
    }
  }
  if (best != nullptr) message += "; did you mean " + *best + "?";
  return message;
}

// The options part of --help: one aligned row per flag, help lines in one column.
inline std::string FormatFlagHelp(const std::vector<std::pair<std::string, std::string>>& rows) {
  std::size_t width = 0;
  for (const auto& row : rows) width = std::max(width, row.first.size());
  std::string out;
  for (const auto& [left, help] : rows) {
    const std::string line = "  " + left + std::string(width - left.size() + 2, ' ');
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

// The flag called `name` (or with that alias), or null.
template <class Settings>
const CommandLineFlag<Settings>* FindFlag(const std::vector<CommandLineFlag<Settings>>& flags,
                                          const std::string& name) {
  for (const CommandLineFlag<Settings>& flag : flags) {
    if (flag.name == name || (!flag.alias.empty() && flag.alias == name)) return &flag;
  }
  return nullptr;
}

// Applies every option of `args` (argv[1..]) to `settings`, in order, and returns the
// positional arguments. Throws UsageError naming the offending flag.
template <class Settings>
std::vector<std::string> ParseCommandLine(const std::vector<CommandLineFlag<Settings>>& flags,
                                          const std::vector<std::string>& args, Settings& settings) {
  std::vector<std::string> positional;
  bool only_positional = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (only_positional || arg.empty() || arg[0] != '-' || arg == "-") {
      positional.push_back(arg);
      continue;
    }
    if (arg == "--") {
      only_positional = true;
      continue;
    }
    const std::size_t equals = arg.find('=');
    const std::string name = arg.substr(0, equals);
    const CommandLineFlag<Settings>* flag = FindFlag(flags, name);
    if (flag == nullptr) {
      std::vector<std::string> known;
      for (const auto& row : flags) known.push_back(row.name);
      throw UsageError(UnknownOptionMessage(name, known));
    }
    std::string value;
    if (flag->value_name.empty()) {
      if (equals != std::string::npos) {
        throw UsageError(name + " takes no value, got \"" + arg + "\"");
      }
    } else if (equals != std::string::npos) {
      value = arg.substr(equals + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      throw UsageError(name + " needs a value: " + name + " " + flag->value_name);
    }
    flag->apply(settings, value);
  }
  return positional;
}

// The options part of --help, generated from the table so it never goes stale.
template <class Settings>
std::string FlagHelp(const std::vector<CommandLineFlag<Settings>>& flags) {
  std::vector<std::pair<std::string, std::string>> rows;
  for (const CommandLineFlag<Settings>& flag : flags) {
    std::string left = flag.alias.empty() ? flag.name : flag.alias + ", " + flag.name;
    if (!flag.value_name.empty()) left += " " + flag.value_name;
    rows.emplace_back(std::move(left), flag.help);
  }
  return FormatFlagHelp(rows);
}

}  // namespace attest::detail
