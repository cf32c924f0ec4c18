#include "cli.hpp"

#include <exception>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "attest/detail/command_line.hpp"
#include "attest/error.hpp"

#include "check.hpp"
#include "cpp_names.hpp"
#include "emit.hpp"
#include "write_file.hpp"

namespace attest::dst::gen {
namespace {

using attest::detail::CommandLineFlag;

struct Options {
  std::string command;
  std::optional<std::string> file;
  std::optional<std::string> output;
  std::optional<std::string> ns;
  bool help = false;
};

// A flag that names a file or namespace: given once, not empty.
void SetOnce(std::optional<std::string>& slot, const std::string& flag, const std::string& value) {
  if (slot) throw UsageError(attest::detail::GivenTwiceMessage(flag));
  if (value.empty()) throw UsageError(flag + " needs a value, got an empty one");
  slot = value;
}

// The one table of attest-dst's flags; --help is made from it.
const std::vector<CommandLineFlag<Options>>& Flags() {
  static const std::vector<CommandLineFlag<Options>> flags = {
      {"--file", "-f", "FILE", "the spec to read",
       [](Options& o, const std::string& value) { SetOnce(o.file, "--file", value); }},
      {"--output", "-o", "FILE", "gen: the header to write",
       [](Options& o, const std::string& value) { SetOnce(o.output, "--output", value); }},
      {"--namespace", "", "NS", "gen: C++ namespace instead of the spec's package",
       [](Options& o, const std::string& value) { SetOnce(o.ns, "--namespace", value); }},
      {"--help", "-h", "", "show this help", [](Options& o, const std::string&) { o.help = true; }},
  };
  return flags;
}

Options ParseArgs(const std::vector<std::string>& args) {
  Options options;
  const std::vector<std::string> positional = attest::detail::ParseCommandLine(Flags(), args, options);
  if (options.help) return options;
  if (positional.empty()) throw UsageError("missing command (validate, gen or list)");
  options.command = positional.front();
  if (options.command != "validate" && options.command != "gen" && options.command != "list") {
    throw UsageError("unknown command \"" + options.command + "\" (expected validate, gen or list)");
  }
  if (positional.size() > 1) throw UsageError("unexpected argument \"" + positional[1] + "\"");
  if (!options.file) throw UsageError(options.command + " needs --file FILE");
  if (options.command == "gen") {
    if (!options.output) throw UsageError("gen needs --output FILE");
    if (options.ns) {
      if (const std::string problem = NamespaceProblem(*options.ns); !problem.empty()) {
        throw UsageError("--namespace \"" + *options.ns + "\" is not a C++ namespace: " + problem);
      }
    }
  } else if (options.output || options.ns) {
    throw UsageError(std::string(options.output ? "--output" : "--namespace") + " only applies to gen");
  }
  return options;
}

// Loads and validates; prints the diagnostics and returns nothing when there are any.
std::optional<CheckedSpec> Checked(const std::string& path, std::ostream& err) {
  CheckedSpec checked = CheckSpecFile(path);
  if (!checked.Ok()) {
    err << FormatDiagnostics(checked.diagnostics);
    err << "attest-dst: " << path << ": " << checked.diagnostics.size()
        << (checked.diagnostics.size() == 1 ? " error" : " errors") << "\n";
    return std::nullopt;
  }
  return checked;
}

int Run(const Options& options, std::ostream& out, std::ostream& err) {
  const std::string& path = *options.file;
  const auto checked = Checked(path, err);
  if (!checked) return kExitSpecErrors;
  const Spec& spec = checked->spec;
  if (options.command == "validate") {
    out << path << ": OK (" << spec.interfaces.size() << " interfaces, " << spec.instances.size()
        << " instances, " << spec.scenarios.size() << " scenarios)\n";
  } else if (options.command == "list") {
    for (const Scenario& scenario : spec.scenarios) out << scenario.name << "\n";
  } else {
    EmitOptions emit;
    emit.namespace_override = options.ns.value_or("");
    emit.spec_path = path;
    emit.output_path = *options.output;
    const std::string header = GenerateHeader(spec, emit);
    const WriteOutcome outcome = WriteFileIfChanged(*options.output, header);
    out << "attest-dst: " << *options.output
        << (outcome == WriteOutcome::kWritten ? " written" : " is up to date") << "\n";
  }
  return kExitOk;
}

}  // namespace

std::string CliUsage() {
  return "Usage: attest-dst <command> --file FILE [options]\n"
         "\n"
         "Checks a dst/hybrid/v1alpha1 scenario spec and generates its typed C++ runners.\n"
         "\n"
         "Commands:\n"
         "  validate  check the spec; print every problem as file:line:col: error: ...\n"
         "  gen       validate, then write the header (only when its content changed)\n"
         "  list      validate, then print the scenario names, one per line\n"
         "\n"
         "Options:\n" +
         attest::detail::FlagHelp(Flags()) +
         "\n"
         "Exit status: 0 success, 1 errors in the spec (or the output cannot be written),\n"
         "2 wrong usage.\n";
}

int RunCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  Options options;
  try {
    options = ParseArgs(args);
  } catch (const UsageError& e) {
    err << attest::detail::UsageErrorText("attest-dst", e.what());
    return kExitUsage;
  }
  if (options.help) {
    out << CliUsage();
    return kExitOk;
  }
  try {
    return Run(options, out, err);
  } catch (const std::exception& e) {
    // Emitter refusals (std::invalid_argument) and write failures: the spec passed
    // validation, but no header can be produced.
    err << "attest-dst: error: " << e.what() << "\n";
    return kExitSpecErrors;
  }
}

}  // namespace attest::dst::gen
