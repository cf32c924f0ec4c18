// The code emitter: turns a validated Spec into the generated header.
//
// Output must be deterministic byte for byte (golden tests, and `attest-dst gen` only
// rewrites the file when the content changed), so everything is emitted in spec order
// and nothing depends on pointers, hashing or the clock.
#include "emit.hpp"

#include <cctype>
#include <cstddef>
#include <set>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "generated_names.hpp"

namespace attest::dst::gen {
namespace {

// Accumulates the header and counts lines, because `#line` directives that return to
// the generated file must state the physical line number that follows them.
class Writer {
 public:
  void Line(std::string_view text = {}) {
    out_.append(text);
    out_.push_back('\n');
    ++lines_;
  }
  // Text that may contain newlines (script bodies): counted line by line.
  void Lines(std::string_view text, std::size_t indent) {
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      std::string_view line = text.substr(start, end - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.empty()) {
        Line();
      } else {
        Line(std::string(indent, ' ') + std::string(line));
      }
      if (end == text.size()) break;
      start = end + 1;
    }
  }
  // The number the next physical line has.
  std::size_t NextLine() const { return lines_ + 1; }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
  std::size_t lines_ = 0;
};

// A C++ string literal holding `text` exactly.
std::string Quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default: {
        auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f) {
          // Octal, not \x: a hex escape would swallow hex digits that follow it.
          const char digits[] = {'\\', static_cast<char>('0' + ((byte >> 6) & 7)),
                                 static_cast<char>('0' + ((byte >> 3) & 7)),
                                 static_cast<char>('0' + (byte & 7)), '\0'};
          out += digits;
        } else {
          out.push_back(c);
        }
      }
    }
  }
  out += '"';
  return out;
}

// Comments must stay on one line.
std::string OneLine(std::string_view text) {
  std::string out;
  for (char c : text) out.push_back(c == '\n' || c == '\r' ? ' ' : c);
  return out;
}

std::string Upper(std::string_view text) {
  std::string out;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    out.push_back(std::isalnum(byte) ? static_cast<char>(std::toupper(byte)) : '_');
  }
  return out;
}

std::string FileStem(std::string_view path) {
  if (auto slash = path.find_last_of("/\\"); slash != std::string_view::npos) {
    path.remove_prefix(slash + 1);
  }
  if (auto dot = path.find('.'); dot != std::string_view::npos) path = path.substr(0, dot);
  return std::string(path);
}

std::string IncludeGuard(const std::string& ns, const std::string& output_path) {
  std::string guard = "ATTEST_DST_GENERATED_";
  std::string name = ns;
  for (std::size_t at = name.find("::"); at != std::string::npos; at = name.find("::")) {
    name.replace(at, 2, "_");
  }
  guard += Upper(name);
  if (!output_path.empty()) guard += "_" + Upper(FileStem(output_path));
  guard += "_HPP_";
  return guard;
}

std::string Parameters(const Method& method) {
  std::string out;
  for (std::size_t i = 0; i < method.params.size(); ++i) {
    const Parameter& p = method.params[i];
    if (i > 0) out += ", ";
    out += p.type;
    if (!p.name.empty()) {
      // "const Foo&" + "x" reads better as "const Foo& x"; "int" + "x" needs the space too.
      out += ' ';
      out += p.name;
    }
    if (p.default_value) out += " = " + *p.default_value;
  }
  return out;
}

std::string Location(const std::string& spec_path, int line) {
  return "{" + Quote(spec_path) + ", " + std::to_string(line) + "}";
}

// The generated names, as text to splice into code.
const std::string kActors(kActorsName);
const std::string kValidateActors(kValidateActorsName);
const std::string kTable(kScenarioTableName);
const std::string kRunAll(kRunAllName);
const std::string kRunAllWithReport(kRunAllWithReportName);
const std::string kMain(kMainName);

class Emitter {
 public:
  Emitter(const Spec& spec, const EmitOptions& options)
      : spec_(spec),
        ns_(options.namespace_override.empty() ? spec.package : options.namespace_override),
        spec_path_(options.spec_path.empty() ? spec.path : options.spec_path),
        output_name_(options.output_path.empty() ? spec_path_ + " (generated)" : options.output_path),
        guard_(IncludeGuard(ns_, options.output_path)) {
    AssignRunnerNames();
  }

  std::string Run() {
    out_.Line("// generated by attest-dst from " + OneLine(spec_path_) + "; do not edit");
    out_.Line("//");
    out_.Line("// Implement the interfaces below, return them from an init function as `" + kActors + "`,");
    out_.Line("// and run the scenarios with " + kRunAll + ", " + kRunAllWithReport + " or " + kMain +
              " (see docs/dst.md).");
    out_.Line("#ifndef " + guard_);
    out_.Line("#define " + guard_);
    out_.Line();
    for (const char* header :
         {"array", "cstdint", "map", "memory", "optional", "string", "string_view", "utility", "vector"}) {
      out_.Line(std::string("#include <") + header + ">");
    }
    out_.Line();
    out_.Line("#include <attest/dst.hpp>");
    out_.Line();
    out_.Line("namespace " + ns_ + " {");
    for (const Interface& interface : spec_.interfaces) EmitInterface(interface);
    EmitActors();
    EmitValidateActors();
    for (std::size_t i = 0; i < spec_.scenarios.size(); ++i) {
      EmitScenario(spec_.scenarios[i], runner_names_[i]);
    }
    EmitTableAndEntryPoints();
    out_.Line();
    out_.Line("}  // namespace " + ns_);
    out_.Line();
    out_.Line("#endif  // " + guard_);
    return out_.Take();
  }

 private:
  void AssignRunnerNames() {
    // Names the header defines itself; an interface with one of these names would
    // make the header ill-formed (validation reports it; this guards direct callers).
    std::set<std::string> taken(kGeneratedNames.begin(), kGeneratedNames.end());
    for (const Interface& interface : spec_.interfaces) {
      if (taken.count(interface.name) != 0) {
        throw std::invalid_argument(interface.pos.file + ":" + std::to_string(interface.pos.line) + ":" +
                                    std::to_string(interface.pos.column) + ": interface name '" +
                                    interface.name + "' clashes with a name the generated header defines");
      }
    }
    for (const Interface& interface : spec_.interfaces) taken.insert(interface.name);
    for (std::size_t i = 0; i < spec_.scenarios.size(); ++i) {
      std::string name = ScenarioRunnerName(spec_.scenarios[i].name);
      // Two names that differ only in separators ("a-b", "a_b") would map to the same
      // runner; the later one gets its 1-based position, which is stable for a spec.
      if (taken.count(name) != 0) name += "_" + std::to_string(i + 1);
      taken.insert(name);
      runner_names_.push_back(name);
    }
  }

  void EmitInterface(const Interface& interface) {
    out_.Line();
    out_.Line("// interface " + interface.name + " (" + OneLine(spec_path_) + ":" +
              std::to_string(interface.pos.line) + ")");
    out_.Line("class " + interface.name + " {");
    out_.Line(" public:");
    out_.Line("  virtual ~" + interface.name + "() = default;");
    for (const Method& method : interface.methods) {
      std::string line =
          "  virtual " + method.return_type + " " + method.name + "(" + Parameters(method) + ")";
      if (!method.qualifiers.empty()) line += " " + method.qualifiers;
      line += " = 0;";
      out_.Line(line);
    }
    out_.Line("};");
  }

  void EmitActors() {
    out_.Line();
    out_.Line("// One member per instance of the spec, named as there. init(ctx) returns a");
    out_.Line("// fresh set for every scenario run.");
    out_.Line("struct " + kActors + " {");
    for (const Instance& instance : spec_.instances) {
      // Qualified, because a member named like its own interface would otherwise change
      // the meaning of that name inside the struct.
      out_.Line("  std::shared_ptr<::" + ns_ + "::" + instance.interface + "> " + instance.name + ";");
    }
    out_.Line("};");
  }

  void EmitValidateActors() {
    out_.Line();
    out_.Line("// Throws attest::UsageError naming every member of `actors` that is null.");
    out_.Line("inline void " + kValidateActors + "(const " + kActors + "& actors) {");
    out_.Line("  std::vector<std::string> missing;");
    for (const Instance& instance : spec_.instances) {
      out_.Line("  if (!actors." + instance.name + ") missing.emplace_back(" +
                Quote(instance.name + " (" + instance.interface + ")") + ");");
    }
    out_.Line("  ::attest::dst::detail::ThrowIfActorsMissing(missing);");
    out_.Line("}");
  }

  // `#line` into the spec, the spec text, `#line` back into this file.
  void LineIntoSpec(int line) {
    out_.Line("#line " + std::to_string(line > 0 ? line : 1) + " " + Quote(spec_path_));
  }
  void LineBack() {
    // The directive names the line that follows it.
    out_.Line("#line " + std::to_string(out_.NextLine() + 1) + " " + Quote(output_name_));
  }

  void EmitCall(const std::string& actor, const Call& call) {
    out_.Line("          {" + Quote(call.text) + ", " + Location(spec_path_, call.pos.line) + ",");
    out_.Line("           [&]([[maybe_unused]] ::attest::dst::Context& ctx) {");
    out_.Line("             using ::attest::dst::get;");
    out_.Line("             using ::attest::dst::set;");
    LineIntoSpec(call.pos.line);
    // Pad so that the method name sits in the spec's column: diagnostics then point at
    // the right column of the spec line too.
    std::string prefix = "actors." + actor + "->";
    std::size_t column = call.pos.column > 0 ? static_cast<std::size_t>(call.pos.column) : 1;
    std::string pad =
        column - 1 > prefix.size() ? std::string(column - 1 - prefix.size(), ' ') : std::string();
    out_.Line(pad + prefix + call.text + ";");
    LineBack();
    out_.Line("           }},");
  }

  void EmitScenario(const Scenario& scenario, const std::string& runner) {
    out_.Line();
    out_.Line("// scenario " + OneLine(scenario.name) + " (" + OneLine(spec_path_) + ":" +
              std::to_string(scenario.pos.line) + ")" +
              (scenario.description.empty() ? "" : ": " + OneLine(scenario.description)));
    // A scenario made only of scripts may never touch `actors`.
    out_.Line("inline void " + runner + "(::attest::dst::Context& run_ctx,");
    out_.Line("    [[maybe_unused]] const " + kActors + "& actors,");
    out_.Line("    const ::attest::dst::RunOptions& options = {}) {");
    out_.Line("  ::attest::dst::ScenarioRun run(run_ctx, " + Quote(scenario.name) + ", options);");
    for (const Step& step : scenario.steps) {
      if (step.script) {
        EmitScript(step);
      } else {
        EmitParallel(step);
      }
    }
    out_.Line("}");
  }

  void EmitParallel(const Step& step) {
    out_.Line("  run.Parallel(" + Quote(step.id) + ", " + Location(spec_path_, step.pos.line) + ", {");
    for (const ActorCalls& lane : step.parallel) {
      out_.Line("      {" + Quote(lane.actor) + ", {");
      for (const Call& call : lane.calls) EmitCall(lane.actor, call);
      out_.Line("      }},");
    }
    out_.Line("  });");
  }

  void EmitScript(const Step& step) {
    int line = step.script_pos.line > 0 ? step.script_pos.line : step.pos.line;
    out_.Line("  run.Script(" + Quote(step.id) + ", " + Location(spec_path_, line) + ",");
    out_.Line("      [&]([[maybe_unused]] ::attest::dst::Context& ctx) {");
    out_.Line("        using ::attest::dst::get;");
    out_.Line("        using ::attest::dst::set;");
    out_.Line("        namespace require = ::attest::dst::require;");
    LineIntoSpec(line);
    // Indent like the spec so compiler columns match the spec's columns.
    std::size_t indent =
        step.script_pos.column > 1 ? static_cast<std::size_t>(step.script_pos.column - 1) : 0;
    std::string_view body = *step.script;
    while (!body.empty() && (body.back() == '\n' || body.back() == '\r')) body.remove_suffix(1);
    out_.Lines(body, indent);
    LineBack();
    out_.Line("      });");
  }

  void EmitTableAndEntryPoints() {
    out_.Line();
    out_.Line("// Every scenario in spec order: name, description, runner.");
    // Not constexpr: the entries own their text (std::string).
    out_.Line("inline const std::array<::attest::dst::ScenarioEntry<" + kActors + ">, " +
              std::to_string(spec_.scenarios.size()) + "> " + kTable + "{{");
    for (std::size_t i = 0; i < spec_.scenarios.size(); ++i) {
      const Scenario& scenario = spec_.scenarios[i];
      out_.Line("    {" + Quote(scenario.name) + ", " + Quote(scenario.description) + ", &" +
                runner_names_[i] + "},");
    }
    out_.Line("}};");
    out_.Line();
    out_.Line("// Runs every scenario once with fresh actors from init(ctx); throws");
    out_.Line("// attest::dst::ScenarioFailure on the first failure.");
    out_.Line("template <class Init>");
    out_.Line("void " + kRunAll + "(::attest::dst::Context& ctx, Init&& init) {");
    out_.Line("  ::attest::dst::RunAll<" + kActors + ">(ctx, " + kTable + ", &" + kValidateActors +
              ", init);");
    out_.Line("}");
    out_.Line();
    out_.Line("// Runs every scenario options.repeat times and reports each run.");
    out_.Line("template <class Init>");
    out_.Line("::attest::dst::RunReport " + kRunAllWithReport + "(::attest::dst::Context& ctx, Init&& init,");
    out_.Line("    const ::attest::dst::RunOptions& options = {}) {");
    out_.Line("  return ::attest::dst::RunAllWithReport<" + kActors + ">(ctx, " + kTable + ", &" +
              kValidateActors + ", init,");
    out_.Line("                                                 options);");
    out_.Line("}");
    out_.Line();
    out_.Line("// A command line runner: --list, --scenario NAME, --repeat N, --seed S, --jitter-ms N.");
    out_.Line("template <class Init>");
    out_.Line("int " + kMain + "(int argc, char** argv, Init&& init) {");
    out_.Line("  return ::attest::dst::RunMain<" + kActors + ">(argc, argv, " + kTable + ", &" +
              kValidateActors + ", init);");
    out_.Line("}");
  }

  const Spec& spec_;
  std::string ns_;
  std::string spec_path_;
  std::string output_name_;
  std::string guard_;
  std::vector<std::string> runner_names_;
  Writer out_;
};

}  // namespace

std::string ScenarioRunnerName(const std::string& scenario_name) {
  std::string name = "RunScenario";
  bool word_start = true;
  for (char c : scenario_name) {
    auto byte = static_cast<unsigned char>(c);
    if (byte > 0x7f || !std::isalnum(byte)) {
      word_start = true;
      continue;
    }
    name.push_back(word_start ? static_cast<char>(std::toupper(byte)) : c);
    word_start = false;
  }
  return name;
}

std::string GenerateHeader(const Spec& spec, const EmitOptions& options) {
  return Emitter(spec, options).Run();
}

}  // namespace attest::dst::gen
