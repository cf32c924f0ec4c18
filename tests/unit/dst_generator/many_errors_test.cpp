// A spec with many mistakes: every one is reported, in file order, in one run.
#include <string>
#include <vector>

#include "check.hpp"
#include "support/catch.hpp"

using namespace attest::dst::gen;
using Catch::Matchers::Equals;

TEST_CASE("all errors of a spec are reported, not just the first") {
  const std::string path = std::string(ATTEST_DST_SPECS) + "/many_errors.yaml";
  std::vector<std::string> lines;
  for (const Diagnostic& d : CheckSpecFile(path).diagnostics) {
    std::string line = FormatDiagnostic(d);
    REQUIRE(line.rfind(path + ":", 0) == 0);
    lines.push_back(line.substr(path.size() + 1));
  }
  CHECK_THAT(lines,
             Equals(std::vector<std::string>{
                 "2:10: error: unsupported version 'dst/hybrid/v2' (expected 'dst/hybrid/v1alpha1')",
                 "8:9: error: duplicate method 'Claim(attest::dst::Context&)' in interface 'Worker' "
                 "(first declared at line 7); overloads must differ in their parameter types",
                 "10:3: error: interface name 'class' is a C++ keyword",
                 "15:3: error: instance 'worker2' has unknown interface 'Wroker' (interfaces: Worker, "
                 "class); did you mean 'Worker'?",
                 "22:15: error: unknown method 'Clam' for actor 'worker1' (interface Worker has: "
                 "Claim, Get); did you mean 'Claim'?",
                 "23:15: error: call 'Get(1, 2, 3)' of actor 'worker1' passes 3 arguments, but "
                 "Worker::Get takes 1 to 2 arguments",
                 "24:20: error: malformed call 'Claim(ctx' of actor 'worker1' in step 's1' of scenario "
                 "'one': unbalanced brackets: '(' is never closed",
                 "25:11: error: unknown actor 'worker3' in step 's1' of scenario 'one' (instances: "
                 "worker1, worker2); did you mean 'worker1'?",
                 "27:9: error: duplicate step id 's1' in scenario 'one' (first used at line 19)",
                 "28:9: error: unknown key 'paralel' in step 's1' of scenario 'one' (allowed: id, "
                 "parallel, script); did you mean 'parallel'?",
                 "31:5: error: scenario 'two' has no steps",
             }));
}
