#include "validate.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "cpp_names.hpp"
#include "cpp_syntax.hpp"
#include "generated_names.hpp"
#include "load.hpp"
#include "suggest.hpp"

namespace attest::dst::gen {
namespace {

// The position `offset` bytes into a one-line text that starts at `pos`.
Position Shift(Position pos, std::size_t offset) {
  pos.column += static_cast<int>(offset);
  return pos;
}

std::string Line(const Position& pos) { return "line " + std::to_string(pos.line); }

std::string Plural(std::size_t n, const std::string& word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// "no arguments", "1 argument", "3 to 5 arguments", "1 or 3 arguments", "1, 3 or 5 to 6
// arguments": what the overloads of one method accept.
std::string AcceptedCounts(std::vector<std::pair<std::size_t, std::size_t>> ranges) {
  std::sort(ranges.begin(), ranges.end());
  std::vector<std::pair<std::size_t, std::size_t>> merged;
  for (const auto& range : ranges) {
    if (!merged.empty() && range.first <= merged.back().second + 1) {
      merged.back().second = std::max(merged.back().second, range.second);
    } else {
      merged.push_back(range);
    }
  }
  if (merged.size() == 1 && merged[0].second == 0) return "no arguments";
  std::string out;
  for (std::size_t i = 0; i < merged.size(); ++i) {
    if (i > 0) out += i + 1 == merged.size() ? " or " : ", ";
    out += std::to_string(merged[i].first);
    if (merged[i].second != merged[i].first) out += " to " + std::to_string(merged[i].second);
  }
  const bool one = merged.size() == 1 && merged[0].first == 1 && merged[0].second == 1;
  return out + (one ? " argument" : " arguments");
}

// What makes two declarations the same function: name, parameter types, const-ness.
std::string OverloadKey(const Method& method) {
  std::string key = method.name + "(";
  for (std::size_t i = 0; i < method.params.size(); ++i) {
    if (i > 0) key += ", ";
    key += CanonicalParameterType(method.params[i].type);
  }
  key += ")";
  if (method.qualifiers.rfind("const", 0) == 0) key += " const";
  return key;
}

class Validator {
 public:
  explicit Validator(const Spec& spec) : spec_(spec) {}

  std::vector<Diagnostic> Run() {
    CheckVersionAndPackage();
    CheckInterfaces();
    CheckInstances();
    CheckScenarios();
    SortDiagnostics(out_);
    return std::move(out_);
  }

 private:
  // What validation knows about one interface.
  struct InterfaceInfo {
    const Interface* interface = nullptr;
    std::map<std::string, std::vector<const Method*>> methods;  // by name, overloads
    std::set<std::string> broken;    // names of methods whose signature did not parse
    std::vector<std::string> names;  // method names in spec order, once each
  };

  void Error(const Position& pos, std::string message) {
    out_.push_back(Diagnostic{pos, std::move(message)});
  }

  // Reports a name that cannot be used as a C++ name; true when it is fine.
  bool CheckName(const std::string& name, const std::string& what, const Position& pos,
                 const std::string& why = {}) {
    if (!IsIdentifier(name)) {
      Error(pos, what + " '" + name + "' is not a C++ identifier" + why);
      return false;
    }
    if (IsKeyword(name)) {
      Error(pos, what + " '" + name + "' is a C++ keyword" + why);
      return false;
    }
    return true;
  }

  void CheckVersionAndPackage() {
    if (!spec_.version.empty() && spec_.version != kSpecVersion) {
      Error(spec_.version_pos,
            "unsupported version '" + spec_.version + "' (expected '" + std::string(kSpecVersion) + "')");
    }
    if (!spec_.package.empty()) {
      if (const std::string problem = NamespaceProblem(spec_.package); !problem.empty()) {
        Error(spec_.package_pos, "package '" + spec_.package + "' is not a C++ namespace: " + problem);
      }
    }
  }

  void CheckInterfaces() {
    for (const Interface& iface : spec_.interfaces) {
      if (auto first = interfaces_.find(iface.name); first != interfaces_.end()) {
        Error(iface.pos, "duplicate interface '" + iface.name + "' (first declared at " +
                             Line(first->second.interface->pos) + ")");
        continue;
      }
      CheckName(iface.name, "interface name", iface.pos);
      if (IsGeneratedName(iface.name)) {
        Error(iface.pos, "interface name '" + iface.name + "' is taken by the generated header (it defines " +
                             GeneratedNamesText() + ")");
      }
      InterfaceInfo& info = interfaces_[iface.name];
      info.interface = &iface;
      interface_names_.push_back(iface.name);
      std::map<std::string, const Method*> declared;  // overload key -> first declaration
      for (const Method& method : iface.methods) CheckMethod(iface, method, info, declared);
    }
  }

  void CheckMethod(const Interface& iface, const Method& method, InterfaceInfo& info,
                   std::map<std::string, const Method*>& declared) {
    const std::string where = "interface '" + iface.name + "'";
    if (method.name.empty()) {
      const SignatureParse parsed = ParseSignature(method.signature);
      if (!parsed.name_hint.empty()) info.broken.insert(parsed.name_hint);
      const std::string reason = parsed.error ? parsed.error->message : "it has no name";
      Error(Shift(method.pos, parsed.error ? parsed.error->offset : 0),
            "malformed method signature '" + method.signature + "' in " + where + ": " + reason);
      return;
    }
    if (!CheckName(method.name, "method name", method.pos, " (in " + where + ")")) {
      info.broken.insert(method.name);
      return;
    }
    const std::string key = OverloadKey(method);
    if (auto first = declared.find(key); first != declared.end()) {
      Error(method.pos, "duplicate method '" + key + "' in " + where + " (first declared at " +
                            Line(first->second->pos) + "); overloads must differ in their parameter types");
      return;
    }
    declared.emplace(key, &method);
    auto& overloads = info.methods[method.name];
    if (overloads.empty()) info.names.push_back(method.name);
    overloads.push_back(&method);
  }

  void CheckInstances() {
    std::map<std::string, const Instance*> seen;
    for (const Instance& instance : spec_.instances) {
      if (auto first = seen.find(instance.name); first != seen.end()) {
        Error(instance.pos, "duplicate instance '" + instance.name + "' (first declared at " +
                                Line(first->second->pos) + ")");
        continue;
      }
      seen.emplace(instance.name, &instance);
      instances_.emplace(instance.name, &instance);
      instance_names_.push_back(instance.name);
      CheckName(instance.name, "instance name", instance.pos,
                " (it becomes a member of struct " + std::string(kActorsName) + ")");
      if (!instance.interface.empty() && !spec_.interfaces_misspelled &&
          interfaces_.count(instance.interface) == 0) {
        Error(instance.pos, "instance '" + instance.name + "' has unknown interface '" + instance.interface +
                                "' (interfaces: " + JoinNames(interface_names_) + ")" +
                                DidYouMean(instance.interface, interface_names_));
      }
    }
  }

  void CheckScenarios() {
    std::map<std::string, const Scenario*> seen;
    for (const Scenario& scenario : spec_.scenarios) {
      if (!scenario.name.empty()) {
        if (auto first = seen.find(scenario.name); first != seen.end()) {
          Error(scenario.pos, "duplicate scenario '" + scenario.name + "' (first declared at " +
                                  Line(first->second->pos) + ")");
        } else {
          seen.emplace(scenario.name, &scenario);
        }
      }
      const bool unprintable = std::any_of(scenario.name.begin(), scenario.name.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == ';';
      });
      if (unprintable) {
        Error(scenario.pos, "scenario name '" + scenario.name +
                                "' must be one line without ';' (it names a ctest test and "
                                "is passed as --scenario <name>)");
      }
      const std::string where =
          scenario.name.empty() ? std::string("a scenario") : "scenario '" + scenario.name + "'";
      std::map<std::string, const Step*> step_ids;
      for (const Step& step : scenario.steps) {
        if (!step.id.empty()) {
          if (auto first = step_ids.find(step.id); first != step_ids.end()) {
            Error(step.pos, "duplicate step id '" + step.id + "' in " + where + " (first used at " +
                                Line(first->second->pos) + ")");
          } else {
            step_ids.emplace(step.id, &step);
          }
        }
        CheckParallel(step, (step.id.empty() ? "a step" : "step '" + step.id + "'") + " of " + where);
      }
    }
  }

  void CheckParallel(const Step& step, const std::string& where) {
    std::map<std::string, const ActorCalls*> seen;
    for (const ActorCalls& actor : step.parallel) {
      if (auto first = seen.find(actor.actor); first != seen.end()) {
        Error(actor.pos, "actor '" + actor.actor + "' appears twice in " + where + " (first at " +
                             Line(first->second->pos) + "); list all its calls under one key");
        continue;
      }
      seen.emplace(actor.actor, &actor);
      const InterfaceInfo* info = nullptr;
      if (auto instance = instances_.find(actor.actor); instance == instances_.end()) {
        // Under a misspelled instances key (reported) every actor would be unknown.
        if (!spec_.instances_misspelled) {
          Error(actor.pos, "unknown actor '" + actor.actor + "' in " + where + " (instances: " +
                               JoinNames(instance_names_) + ")" + DidYouMean(actor.actor, instance_names_));
        }
      } else if (auto iface = interfaces_.find(instance->second->interface); iface != interfaces_.end()) {
        info = &iface->second;
      }
      for (const Call& call : actor.calls) CheckCall(call, actor.actor, where, info);
    }
  }

  // `info` is null when the actor or its interface is unknown (reported already): then
  // only the call's syntax can be judged.
  void CheckCall(const Call& call, const std::string& actor, const std::string& where,
                 const InterfaceInfo* info) {
    if (call.method.empty()) {
      const CallParse parsed = ParseCall(call.text);
      const std::string reason = parsed.error ? parsed.error->message : "it names no method";
      Error(Shift(call.pos, parsed.error ? parsed.error->offset : 0),
            "malformed call '" + call.text + "' of actor '" + actor + "' in " + where + ": " + reason);
      return;
    }
    // An interface without methods was reported when loading; judging calls against it
    // would only repeat that.
    if (info == nullptr || info->interface->methods.empty()) return;
    const std::string& iface = info->interface->name;
    const auto overloads = info->methods.find(call.method);
    if (overloads == info->methods.end()) {
      if (info->broken.count(call.method) != 0) return;  // its signature was reported
      Error(call.pos, "unknown method '" + call.method + "' for actor '" + actor + "' (interface " + iface +
                          " has: " + JoinNames(info->names) + ")" + DidYouMean(call.method, info->names));
      return;
    }
    std::vector<std::pair<std::size_t, std::size_t>> ranges;
    for (const Method* method : overloads->second) {
      const std::size_t required = static_cast<std::size_t>(
          std::count_if(method->params.begin(), method->params.end(),
                        [](const Parameter& p) { return !p.default_value.has_value(); }));
      ranges.emplace_back(required, method->params.size());
    }
    const std::size_t n = call.args.size();
    const bool accepted = std::any_of(ranges.begin(), ranges.end(), [&](const auto& range) {
      return range.first <= n && n <= range.second;
    });
    if (!accepted) {
      Error(call.pos, "call '" + call.text + "' of actor '" + actor + "' passes " + Plural(n, "argument") +
                          ", but " + iface + "::" + call.method + " takes " + AcceptedCounts(ranges));
    }
  }

  const Spec& spec_;
  std::vector<Diagnostic> out_;
  std::map<std::string, InterfaceInfo> interfaces_;
  std::vector<std::string> interface_names_;
  std::map<std::string, const Instance*> instances_;
  std::vector<std::string> instance_names_;
};

}  // namespace

std::vector<Diagnostic> Validate(const Spec& spec) { return Validator(spec).Run(); }

}  // namespace attest::dst::gen
