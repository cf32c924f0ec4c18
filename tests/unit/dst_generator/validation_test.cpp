// One test per rule: the exact message and the exact line:column it points at. Each test
// breaks kBaseSpec (spec_text.hpp) in one place and lists every diagnostic, so a rule
// that also produces follow-up noise fails here.
#include <string>
#include <vector>

#include "spec_text.hpp"
#include "support/catch.hpp"

using attest::dst::gen::test::Edit;
using attest::dst::gen::test::Errors;
using attest::dst::gen::test::kBaseSpec;
using Catch::Matchers::Equals;
using Lines = std::vector<std::string>;

TEST_CASE("the base spec is valid") { CHECK(Errors(kBaseSpec).empty()); }

TEST_CASE("rule: version missing, empty or wrong") {
  CHECK_THAT(Errors(Edit({{1, "# no version"}})),
             Equals(Lines{"t.yaml:1:1: error: missing 'version' (expected 'version: "
                          "dst/hybrid/v1alpha1')"}));
  CHECK_THAT(Errors(Edit({{1, "version:"}})), Equals(Lines{"t.yaml:1:1: error: 'version' is empty (expected "
                                                           "'dst/hybrid/v1alpha1')"}));
  CHECK_THAT(Errors(Edit({{1, "version: dst/hybrid/v1"}})),
             Equals(Lines{"t.yaml:1:10: error: unsupported version 'dst/hybrid/v1' (expected "
                          "'dst/hybrid/v1alpha1')"}));
}

TEST_CASE("rule: package missing or empty") {
  CHECK_THAT(Errors(Edit({{2, "# no package"}})),
             Equals(Lines{"t.yaml:1:1: error: missing 'package' (the C++ namespace of the "
                          "generated code, e.g. 'package: acme::e2e')"}));
  CHECK_THAT(Errors(Edit({{2, "package: \"\""}})),
             Equals(Lines{"t.yaml:2:10: error: 'package' is empty (it is the C++ namespace of "
                          "the generated code)"}));
}

TEST_CASE("rule: every package part is an identifier and not a keyword") {
  CHECK_THAT(Errors(Edit({{2, "package: acme::e2e-tests"}})),
             Equals(Lines{"t.yaml:2:10: error: package 'acme::e2e-tests' is not a C++ "
                          "namespace: 'e2e-tests' is not a C++ identifier"}));
  CHECK_THAT(Errors(Edit({{2, "package: acme::private"}})),
             Equals(Lines{"t.yaml:2:10: error: package 'acme::private' is not a C++ "
                          "namespace: 'private' is a C++ keyword"}));
  CHECK_THAT(Errors(Edit({{2, "package: acme::::e2e"}})),
             Equals(Lines{"t.yaml:2:10: error: package 'acme::::e2e' is not a C++ namespace: "
                          "it has an empty part between '::'"}));
}

TEST_CASE("rule: interfaces must be a non-empty mapping") {
  const std::map<int, std::string> no_interfaces = {{4, ""}, {5, ""}, {6, ""},  {7, ""},
                                                    {8, ""}, {9, ""}, {10, ""}, {11, ""}};
  auto edit = no_interfaces;
  edit[3] = "interfaces: {}";
  // The instances of the vanished interfaces are reported too: they are wrong now.
  CHECK_THAT(
      Errors(Edit(edit)),
      Equals(Lines{"t.yaml:3:1: error: 'interfaces' is empty (interface name -> methods: [signatures])",
                   "t.yaml:13:3: error: instance 'worker1' has unknown interface 'Worker' (interfaces: "
                   "(none))",
                   "t.yaml:14:3: error: instance 'store' has unknown interface 'Store' (interfaces: "
                   "(none))"}));
  edit[3] = "# no interfaces";
  CHECK(Errors(Edit(edit)).at(0) ==
        "t.yaml:1:1: error: missing 'interfaces' (interface name -> methods: [signatures])");
  edit[3] = "interfaces: [Worker]";
  CHECK(Errors(Edit(edit)).at(0) ==
        "t.yaml:3:13: error: 'interfaces' must be a mapping (interface name -> methods: "
        "[signatures]); found a list");
}

TEST_CASE("rule: an interface has a non-empty list of methods") {
  CHECK_THAT(Errors(Edit({{9, "    methods: []"}, {10, ""}, {11, ""}})),
             Equals(Lines{"t.yaml:9:5: error: interface 'Store' declares no methods"}));
  CHECK_THAT(Errors(Edit({{9, "    methods: Put"}, {10, ""}, {11, ""}})),
             Equals(Lines{"t.yaml:9:14: error: 'methods' of interface 'Store' must be a list of "
                          "signatures; found a text value"}));
  CHECK_THAT(Errors(Edit({{11, "      - void Put(std::string key): 2"}})),
             Equals(Lines{"t.yaml:11:9: error: method 2 of interface 'Store' must be a "
                          "signature written as text; found a mapping (quote a signature that "
                          "contains ': ' or ' #')"}));
}

TEST_CASE("rule: instances must be a non-empty mapping") {
  CHECK_THAT(Errors(Edit({{12, "instances: {}"}, {13, ""}, {14, ""}})),
             Equals(Lines{"t.yaml:12:1: error: 'instances' is empty (actor name -> interface name)",
                          "t.yaml:21:11: error: unknown actor 'worker1' in step 's1' of scenario "
                          "'first' (instances: (none))",
                          "t.yaml:24:11: error: unknown actor 'store' in step 's1' of scenario 'first' "
                          "(instances: (none))"}));
}

TEST_CASE("rule: scenarios must be a non-empty list") {
  std::map<int, std::string> edit;
  for (int line = 16; line <= 29; ++line) edit[line] = "";
  edit[15] = "scenarios: []";
  CHECK_THAT(Errors(Edit(edit)), Equals(Lines{"t.yaml:15:1: error: 'scenarios' is empty (a list of {name, "
                                              "description, steps})"}));
  edit[15] = "scenarios:";
  CHECK_THAT(Errors(Edit(edit)), Equals(Lines{"t.yaml:15:1: error: 'scenarios' is empty (a list of {name, "
                                              "description, steps})"}));
}

TEST_CASE("rule: duplicate method (same name and parameter types)") {
  // Top-level const and spelling do not make a different overload; the return type
  // does not either.
  CHECK_THAT(Errors(Edit({{11, "      - int Put(const std::string k, std::map<std::string,int> v)"}})),
             Equals(Lines{"t.yaml:11:9: error: duplicate method 'Put(std::string, "
                          "std::map<std::string,int>)' in interface 'Store' (first declared at line "
                          "10); overloads must differ in their parameter types"}));
}

TEST_CASE("rule: overloads that differ in parameter types or const are fine") {
  CHECK(Errors(Edit({{7,
                      "      - int Get(int a, int b = 2, int c = 3) const\n"
                      "      - int Get(int a, int b = 2, int c = 3)\n"
                      "      - int Get(std::string s)\n"
                      "      - int Get(const std::string& s)"}}))
            .empty());
}

TEST_CASE("rule: duplicate interface") {
  CHECK_THAT(Errors(Edit({{8, "  Worker:"}})),
             Equals(Lines{"t.yaml:8:3: error: duplicate interface 'Worker' (first declared at "
                          "line 4)",
                          "t.yaml:14:3: error: instance 'store' has unknown interface 'Store' "
                          "(interfaces: Worker)"}));
}

TEST_CASE("rule: duplicate instance") {
  CHECK_THAT(Errors(Edit({{14, "  worker1: Store"}})),
             Equals(Lines{"t.yaml:14:3: error: duplicate instance 'worker1' (first declared at "
                          "line 13)",
                          "t.yaml:24:11: error: unknown actor 'store' in step 's1' of scenario "
                          "'first' (instances: worker1)"}));
}

TEST_CASE("rule: duplicate scenario") {
  CHECK_THAT(Errors(Edit({{29,
                           "          require::True(v >= 0);\n"
                           "  - name: first\n"
                           "    steps:\n"
                           "      - id: s1\n"
                           "        script: f();"}})),
             Equals(Lines{"t.yaml:30:5: error: duplicate scenario 'first' (first declared at "
                          "line 16)"}));
}

TEST_CASE("rule: duplicate step id within a scenario") {
  CHECK_THAT(Errors(Edit({{26, "      - id: s1"}})),
             Equals(Lines{"t.yaml:26:9: error: duplicate step id 's1' in scenario 'first' "
                          "(first used at line 19)"}));
}

TEST_CASE("rule: instance of an unknown interface") {
  CHECK_THAT(Errors(Edit({{14, "  store: Stor"}})),
             Equals(Lines{"t.yaml:14:3: error: instance 'store' has unknown interface 'Stor' "
                          "(interfaces: Worker, Store); did you mean 'Store'?"}));
  CHECK_THAT(Errors(Edit({{14, "  store:"}})),
             Equals(Lines{"t.yaml:14:3: error: instance 'store' names no interface"}));
}

TEST_CASE("rule: interface names are identifiers, not keywords, not generated names") {
  CHECK_THAT(Errors(Edit({{8, "  Key-Value:"}, {14, "  store: Key-Value"}})),
             Equals(Lines{"t.yaml:8:3: error: interface name 'Key-Value' is not a C++ "
                          "identifier"}));
  CHECK_THAT(Errors(Edit({{8, "  struct:"}, {14, "  store: struct"}})),
             Equals(Lines{"t.yaml:8:3: error: interface name 'struct' is a C++ keyword"}));
  CHECK_THAT(Errors(Edit({{8, "  Actors:"}, {14, "  store: Actors"}})),
             Equals(Lines{"t.yaml:8:3: error: interface name 'Actors' is taken by the generated "
                          "header (it defines Actors, Main, RunAll, RunAllWithReport, "
                          "ValidateActors and kScenarios)"}));
}

TEST_CASE("rule: instance names are identifiers and not keywords") {
  CHECK_THAT(Errors(Edit({{14, "  the-store: Store"}, {24, "          the-store:"}})),
             Equals(Lines{"t.yaml:14:3: error: instance name 'the-store' is not a C++ "
                          "identifier (it becomes a member of struct Actors)"}));
  CHECK_THAT(Errors(Edit({{14, "  new: Store"}, {24, "          new:"}})),
             Equals(Lines{"t.yaml:14:3: error: instance name 'new' is a C++ keyword (it "
                          "becomes a member of struct Actors)"}));
}

TEST_CASE("rule: method names are identifiers and not keywords") {
  // The calls to the broken method are not reported again.
  CHECK_THAT(Errors(Edit(
                 {{6, "      - void delete(attest::dst::Context& ctx)"}, {22, "            - delete(ctx)"}})),
             Equals(Lines{"t.yaml:6:9: error: method name 'delete' is a C++ keyword (in "
                          "interface 'Worker')"}));
  CHECK_THAT(Errors(Edit({{6, "      - void Claim-It(attest::dst::Context& ctx)"}})),
             Equals(Lines{"t.yaml:6:14: error: malformed method signature 'void "
                          "Claim-It(attest::dst::Context& ctx)' in interface 'Worker': method "
                          "name 'Claim-It' is not a C++ identifier",
                          // True as well: no method is called Claim now.
                          "t.yaml:22:15: error: unknown method 'Claim' for actor 'worker1' "
                          "(interface Worker has: Get)"}));
}

TEST_CASE("rule: malformed signature, pointing into it") {
  CHECK_THAT(Errors(Edit({{7, "      - int Get(int a, int b = 2, int c = 3"}})),
             Equals(Lines{"t.yaml:7:16: error: malformed method signature 'int Get(int a, int "
                          "b = 2, int c = 3' in interface 'Worker': unbalanced brackets: '(' is "
                          "never closed"}));
  CHECK_THAT(Errors(Edit({{6, "      - void Claim(attest::dst::Context& this)"}})),
             Equals(Lines{"t.yaml:6:42: error: malformed method signature 'void "
                          "Claim(attest::dst::Context& this)' in interface 'Worker': parameter "
                          "1: 'this' is a C++ keyword and cannot be a parameter name"}));
}

TEST_CASE("rule: a step has parallel or script, not both, not neither") {
  CHECK_THAT(Errors(Edit({{25, "            - Put(\"k\")\n        script: f();"}})),
             Equals(Lines{"t.yaml:26:9: error: step 's1' of scenario 'first' has both "
                          "'parallel' and 'script'; a step is one or the other (split it into "
                          "two steps)"}));
  CHECK_THAT(Errors(Edit({{27, "        # nothing"}, {28, ""}, {29, ""}})),
             Equals(Lines{"t.yaml:26:9: error: step 's2' of scenario 'first' has neither "
                          "'parallel' nor 'script'"}));
  CHECK_THAT(Errors(Edit({{27, "        script: \"\""}, {28, ""}, {29, ""}})),
             Equals(Lines{"t.yaml:27:9: error: 'script' of step 's2' of scenario 'first' is "
                          "empty"}));
}

TEST_CASE("rule: unknown actor") {
  CHECK_THAT(Errors(Edit({{24, "          stor:"}})),
             Equals(Lines{"t.yaml:24:11: error: unknown actor 'stor' in step 's1' of scenario "
                          "'first' (instances: worker1, store); did you mean 'store'?"}));
}

TEST_CASE("rule: an actor appears once per step") {
  CHECK_THAT(Errors(Edit({{24, "          worker1:"}})),
             Equals(Lines{"t.yaml:24:11: error: actor 'worker1' appears twice in step 's1' of "
                          "scenario 'first' (first at line 21); list all its calls under one "
                          "key"}));
}

TEST_CASE("rule: empty call list, empty parallel block") {
  CHECK_THAT(Errors(Edit({{24, "          store: []"}, {25, ""}})),
             Equals(Lines{"t.yaml:24:11: error: actor 'store' in step 's1' of scenario 'first' "
                          "has no calls"}));
  CHECK_THAT(Errors(Edit({{24, "          store:"}, {25, ""}})),
             Equals(Lines{"t.yaml:24:11: error: actor 'store' in step 's1' of scenario 'first' "
                          "has no calls"}));
  CHECK_THAT(Errors(Edit({{20, "        parallel: {}"}, {21, ""}, {22, ""}, {23, ""}, {24, ""}, {25, ""}})),
             Equals(Lines{"t.yaml:20:9: error: 'parallel' of step 's1' of scenario 'first' "
                          "names no actor (expected actor -> calls)"}));
}

TEST_CASE("rule: unknown method names the interface and lists its methods") {
  CHECK_THAT(Errors(Edit({{22, "            - Clam(ctx)"}})),
             Equals(Lines{"t.yaml:22:15: error: unknown method 'Clam' for actor 'worker1' "
                          "(interface Worker has: Claim, Get); did you mean 'Claim'?"}));
  CHECK_THAT(Errors(Edit({{25, "            - Claim(ctx)"}})),
             Equals(Lines{"t.yaml:25:15: error: unknown method 'Claim' for actor 'store' "
                          "(interface Store has: Put)"}));
}

TEST_CASE("rule: argument count must fit an overload, defaults considered") {
  CHECK_THAT(Errors(Edit({{23, "            - Get()"}})),
             Equals(Lines{"t.yaml:23:15: error: call 'Get()' of actor 'worker1' passes 0 "
                          "arguments, but Worker::Get takes 1 to 3 arguments"}));
  CHECK_THAT(Errors(Edit({{22, "            - Claim(ctx, 2)"}})),
             Equals(Lines{"t.yaml:22:15: error: call 'Claim(ctx, 2)' of actor 'worker1' passes "
                          "2 arguments, but Worker::Claim takes 1 argument"}));
  CHECK_THAT(Errors(Edit({{11, "      - void Put(std::string key, int n, int m, int o)"},
                          {25, "            - Put(1, 2, 3)"}})),
             Equals(Lines{"t.yaml:25:15: error: call 'Put(1, 2, 3)' of actor 'store' passes 3 "
                          "arguments, but Store::Put takes 1 to 2 or 4 arguments"}));
  CHECK_THAT(Errors(Edit({{7, "      - int Get()"}})),
             Equals(Lines{"t.yaml:23:15: error: call 'Get(1)' of actor 'worker1' passes 1 "
                          "argument, but Worker::Get takes no arguments"}));
  // Every count an overload allows is fine.
  CHECK(Errors(Edit({{23, "            - Get(1, 2, 3)"}})).empty());
  CHECK(Errors(Edit({{25, "            - Put(\"k\", 1, 2)"}})).empty());
}

TEST_CASE("rule: malformed call, pointing into it") {
  CHECK_THAT(Errors(Edit({{22, "            - Claim(ctx"}})),
             Equals(Lines{"t.yaml:22:20: error: malformed call 'Claim(ctx' of actor 'worker1' "
                          "in step 's1' of scenario 'first': unbalanced brackets: '(' is never "
                          "closed"}));
  CHECK_THAT(Errors(Edit({{22, "            - Claim"}})),
             Equals(Lines{"t.yaml:22:20: error: malformed call 'Claim' of actor 'worker1' in "
                          "step 's1' of scenario 'first': expected a call of the form "
                          "Name(arguments), with '(' after 'Claim'"}));
  CHECK_THAT(Errors(Edit({{22, "            - Claim(ctx) + 1"}})),
             Equals(Lines{"t.yaml:22:26: error: malformed call 'Claim(ctx) + 1' of actor "
                          "'worker1' in step 's1' of scenario 'first': unexpected text '+ 1' "
                          "after the call's closing ')'"}));
  CHECK_THAT(Errors(Edit({{25, "            - Put(\"k: v\")"}})),
             Equals(Lines{"t.yaml:25:15: error: call 1 of actor 'store' in step 's1' of "
                          "scenario 'first' must be written as text; found a mapping (quote a "
                          "call that contains ': ' or ' #')"}));
}

TEST_CASE("rule: a scenario has a name and steps") {
  CHECK_THAT(Errors(Edit({{16, "  - description: none"}, {17, ""}})),
             Equals(Lines{"t.yaml:16:5: error: scenario 1 has no 'name'"}));
  CHECK_THAT(Errors(Edit({{16, "  - name: \"\""}})),
             Equals(Lines{"t.yaml:16:5: error: scenario 1 has no 'name'"}));
  std::map<int, std::string> no_steps;
  for (int line = 19; line <= 29; ++line) no_steps[line] = "";
  no_steps[18] = "    steps: []";
  CHECK_THAT(Errors(Edit(no_steps)), Equals(Lines{"t.yaml:18:5: error: scenario 'first' has no steps"}));
  no_steps[18] = "";
  CHECK_THAT(Errors(Edit(no_steps)), Equals(Lines{"t.yaml:16:5: error: scenario 'first' has no steps"}));
  CHECK_THAT(Errors(Edit({{16, "  - name: a;b"}})),
             Equals(Lines{"t.yaml:16:5: error: scenario name 'a;b' must be one line without "
                          "';' (it names a ctest test and is passed as --scenario <name>)"}));
}

TEST_CASE("rule: a step has an id") {
  CHECK_THAT(Errors(Edit({{19, "      - id: \"\""}})),
             Equals(Lines{"t.yaml:19:9: error: step 1 of scenario 'first' has no 'id'"}));
}

TEST_CASE("rule: unknown keys are errors, with a suggestion") {
  CHECK_THAT(Errors(Edit({{20, "        paralel:"}})),
             Equals(Lines{"t.yaml:20:9: error: unknown key 'paralel' in step 's1' of scenario "
                          "'first' (allowed: id, parallel, script); did you mean 'parallel'?"}));
  CHECK_THAT(Errors(Edit({{17, "    descripton: the first one"}})),
             Equals(Lines{"t.yaml:17:5: error: unknown key 'descripton' in scenario 'first' "
                          "(allowed: name, description, steps); did you mean 'description'?"}));
  CHECK_THAT(Errors(Edit({{2, "package: acme::e2e\nauthor: me"}})),
             Equals(Lines{"t.yaml:3:1: error: unknown key 'author' in the spec (allowed: "
                          "version, package, interfaces, instances, scenarios)"}));
  CHECK_THAT(Errors(Edit({{5, "    method:"}})),
             Equals(Lines{"t.yaml:5:5: error: unknown key 'method' in interface 'Worker' "
                          "(allowed: methods); did you mean 'methods'?"}));
  // Without a suggestion the key is simply unknown, and the missing one is missing.
  CHECK_THAT(Errors(Edit({{5, "    calls:"}})),
             Equals(Lines{"t.yaml:4:3: error: interface 'Worker' has no 'methods'",
                          "t.yaml:5:5: error: unknown key 'calls' in interface 'Worker' "
                          "(allowed: methods)"}));
}

TEST_CASE("rule: a misspelled key is one error, the misspelling, not also a missing key") {
  // Each edit misspells one key; the only diagnostic names it and what was meant, and
  // nothing that follows from the key being absent (no steps, no id, unknown actors).
  const std::vector<std::pair<std::map<int, std::string>, std::string>> cases = {
      {{{18, "    stpes:"}},
       "t.yaml:18:5: error: unknown key 'stpes' in scenario 'first' (allowed: name, "
       "description, steps); did you mean 'steps'?"},
      {{{1, "versoin: dst/hybrid/v1alpha1"}},
       "t.yaml:1:1: error: unknown key 'versoin' in the spec (allowed: version, package, "
       "interfaces, instances, scenarios); did you mean 'version'?"},
      {{{2, "pakage: acme::e2e"}},
       "t.yaml:2:1: error: unknown key 'pakage' in the spec (allowed: version, package, "
       "interfaces, instances, scenarios); did you mean 'package'?"},
      {{{3, "interfacs:"}},
       "t.yaml:3:1: error: unknown key 'interfacs' in the spec (allowed: version, package, "
       "interfaces, instances, scenarios); did you mean 'interfaces'?"},
      {{{12, "instnces:"}},
       "t.yaml:12:1: error: unknown key 'instnces' in the spec (allowed: version, package, "
       "interfaces, instances, scenarios); did you mean 'instances'?"},
      {{{15, "scenaros:"}},
       "t.yaml:15:1: error: unknown key 'scenaros' in the spec (allowed: version, package, "
       "interfaces, instances, scenarios); did you mean 'scenarios'?"},
      {{{16, "  - nmae: first"}},
       "t.yaml:16:5: error: unknown key 'nmae' in scenario 1 (allowed: name, description, "
       "steps); did you mean 'name'?"},
      {{{27, "        scirpt: |"}},
       "t.yaml:27:9: error: unknown key 'scirpt' in step 's2' of scenario 'first' (allowed: "
       "id, parallel, script); did you mean 'script'?"},
  };
  for (const auto& [edit, message] : cases) {
    INFO(edit.begin()->second);
    CHECK_THAT(Errors(Edit(edit)), Equals(Lines{message}));
  }
}

TEST_CASE("rule: a key appears once") {
  CHECK_THAT(Errors(Edit({{2, "package: acme::e2e\npackage: other"}})),
             Equals(Lines{"t.yaml:3:1: error: duplicate key 'package' in the spec (first at "
                          "line 2)"}));
}

TEST_CASE("rule: YAML syntax errors have a position too") {
  const Lines errors = Errors(Edit({{13, "  worker1: [Worker"}}));
  REQUIRE(errors.size() == 1);
  CHECK_THAT(errors[0],
             Catch::Matchers::StartsWith("t.yaml:14:") &&
                 Catch::Matchers::EndsWith("error: YAML syntax error: end of sequence flow not found"));
}

TEST_CASE("rule: the spec must be a mapping") {
  CHECK_THAT(Errors(""), Equals(Lines{"t.yaml:1:1: error: the spec is empty; expected version, package, "
                                      "interfaces, instances and scenarios"}));
  CHECK_THAT(Errors("- a\n- b\n"),
             Equals(Lines{"t.yaml:1:1: error: the spec must be a mapping with version, package, "
                          "interfaces, instances and scenarios; found a list"}));
}
