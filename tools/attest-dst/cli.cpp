#include "cli.hpp"

#include <exception>
#include <optional>
#include <stdexcept>

#include "check.hpp"
#include "cpp_names.hpp"
#include "emit.hpp"
#include "write_file.hpp"

namespace attest::dst::gen {
namespace {

struct UsageProblem : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Options {
  std::string command;
  std::optional<std::string> file;
  std::optional<std::string> output;
  std::optional<std::string> ns;
  bool help = false;
};

Options ParseArgs(const std::vector<std::string>& args) {
  Options options;
  auto take = [](std::optional<std::string>& slot, const std::string& flag,
                 std::optional<std::string> value) {
    if (slot) throw UsageProblem("option " + flag + " is given twice");
    if (!value || value->empty()) throw UsageProblem("option " + flag + " needs a value");
    slot = std::move(value);
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    std::optional<std::string> inline_value;
    if (arg.rfind("--", 0) == 0) {
      if (const auto eq = arg.find('='); eq != std::string::npos) {
        inline_value = arg.substr(eq + 1);
        arg.resize(eq);
      }
    }
    auto value = [&]() -> std::optional<std::string> {
      if (inline_value) return inline_value;
      if (i + 1 < args.size()) return args[++i];
      return std::nullopt;
    };
    if (arg == "-h" || arg == "--help") {
      options.help = true;
    } else if (arg == "-f" || arg == "--file") {
      take(options.file, arg, value());
    } else if (arg == "-o" || arg == "--output") {
      take(options.output, arg, value());
    } else if (arg == "--namespace") {
      take(options.ns, arg, value());
    } else if (!arg.empty() && arg[0] == '-') {
      throw UsageProblem("unknown option '" + args[i] + "'");
    } else if (options.command.empty()) {
      options.command = arg;
    } else {
      throw UsageProblem("unexpected argument '" + arg + "'");
    }
  }
  if (options.help) return options;
  if (options.command.empty()) throw UsageProblem("missing command (validate, gen or list)");
  if (options.command != "validate" && options.command != "gen" && options.command != "list") {
    throw UsageProblem("unknown command '" + options.command +
                       "' (expected validate, gen or list)");
  }
  if (!options.file) throw UsageProblem(options.command + " needs -f <spec.yaml>");
  if (options.command == "gen") {
    if (!options.output) throw UsageProblem("gen needs -o <out.hpp>");
    if (options.ns) {
      if (const std::string problem = NamespaceProblem(*options.ns); !problem.empty()) {
        throw UsageProblem("--namespace '" + *options.ns + "' is not a C++ namespace: " +
                           problem);
      }
    }
  } else if (options.output || options.ns) {
    throw UsageProblem(std::string(options.output ? "-o" : "--namespace") +
                       " only applies to gen");
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
    out << path << ": OK (" << spec.interfaces.size() << " interfaces, "
        << spec.instances.size() << " instances, " << spec.scenarios.size()
        << " scenarios)\n";
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
  return R"(usage: attest-dst <command> -f <spec.yaml> [options]

Checks a dst/hybrid/v1alpha1 scenario spec and generates its typed C++ runners.

commands:
  validate   check the spec; print every problem as file:line:col: error: ...
  gen        validate, then write the header (only when its content changed)
  list       validate, then print the scenario names, one per line

options:
  -f, --file <spec.yaml>   the spec to read
  -o, --output <out.hpp>   gen: the header to write
  --namespace <ns>         gen: C++ namespace instead of the spec's package
  -h, --help               show this help

exit status: 0 success, 1 errors in the spec (or the output cannot be written),
2 wrong usage
)";
}

int RunCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  Options options;
  try {
    options = ParseArgs(args);
  } catch (const UsageProblem& e) {
    err << "attest-dst: error: " << e.what() << "\nrun 'attest-dst --help' for usage\n";
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
