// The in-memory model of a dst/hybrid/v1alpha1 scenario spec.
//
// Loading (YAML -> Spec, with positions) and validation live in load.hpp/validate.hpp;
// generation (Spec -> C++ header) lives in emit.hpp. This file is the contract between
// them: plain data, every element carrying the position it came from.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace attest::dst::gen {

// 1-based line and column in the spec file.
struct Position {
  std::string file;
  int line = 0;
  int column = 0;
};

struct Parameter {
  std::string type;                          // "std::vector<std::string>", "const Foo&"
  std::string name;                          // may be empty for unnamed parameters
  std::optional<std::string> default_value;  // "{}", "42"
};

struct Method {
  std::string signature;    // as written in the spec
  std::string return_type;  // "void" when the spec leaves it out
  std::string name;
  std::vector<Parameter> params;
  std::string qualifiers;  // trailing "const", "noexcept", "const noexcept" or empty
  Position pos;
};

struct Interface {
  std::string name;
  std::vector<Method> methods;
  Position pos;
};

struct Instance {
  std::string name;       // the actor name, also the Actors member name
  std::string interface;  // name of an Interface
  Position pos;
};

struct Call {
  std::string text;               // as written: Enqueue(ctx, "A", 1, 1, {})
  std::string method;             // Enqueue
  std::vector<std::string> args;  // top-level arguments, trimmed
  Position pos;
};

struct ActorCalls {
  std::string actor;
  std::vector<Call> calls;  // in order
  Position pos;
};

struct Step {
  std::string id;
  std::vector<ActorCalls> parallel;   // in spec order; empty for script steps
  std::optional<std::string> script;  // C++ statements
  Position script_pos;                // where the first line of the script text is
  Position pos;
};

struct Scenario {
  std::string name;
  std::string description;
  std::vector<Step> steps;
  Position pos;
};

struct Spec {
  std::string path;     // as given on the command line
  std::string version;  // "dst/hybrid/v1alpha1"
  std::string package;  // C++ namespace, "::" allowed
  // Where version and package were written (the top of the file when they are missing),
  // so that validation can point at them like at everything else.
  Position version_pos;
  Position package_pos;
  std::vector<Interface> interfaces;  // in spec order
  std::vector<Instance> instances;    // in spec order
  // True when the section's key was misspelled (`instnces:`), which loading reported:
  // validation then does not also call every reference into the section unknown.
  bool interfaces_misspelled = false;
  bool instances_misspelled = false;
  std::vector<Scenario> scenarios;  // in spec order
};

}  // namespace attest::dst::gen
