// Loading: the model and the 1-based positions of every element.
#include <string>

#include "check.hpp"
#include "load.hpp"
#include "spec_text.hpp"
#include "support/catch.hpp"

using namespace attest::dst::gen;
using attest::dst::gen::test::Edit;
using attest::dst::gen::test::kBaseSpec;

namespace {

std::string At(const Position& pos) {
  return pos.file + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column);
}

}  // namespace

TEST_CASE("the base spec loads into the model with positions") {
  const LoadResult loaded = LoadSpecText(kBaseSpec, "t.yaml");
  REQUIRE(loaded.diagnostics.empty());
  const Spec& spec = loaded.spec;
  CHECK(spec.path == "t.yaml");
  CHECK(spec.version == "dst/hybrid/v1alpha1");
  CHECK(At(spec.version_pos) == "t.yaml:1:10");
  CHECK(spec.package == "acme::e2e");
  CHECK(At(spec.package_pos) == "t.yaml:2:10");

  REQUIRE(spec.interfaces.size() == 2);
  const Interface& worker = spec.interfaces[0];
  CHECK(worker.name == "Worker");
  CHECK(At(worker.pos) == "t.yaml:4:3");
  REQUIRE(worker.methods.size() == 2);
  CHECK(worker.methods[0].signature == "void Claim(attest::dst::Context& ctx)");
  CHECK(worker.methods[0].name == "Claim");
  CHECK(At(worker.methods[0].pos) == "t.yaml:6:9");
  CHECK(worker.methods[1].qualifiers == "const");
  CHECK(worker.methods[1].params.size() == 3);
  CHECK(spec.interfaces[1].name == "Store");

  REQUIRE(spec.instances.size() == 2);
  CHECK(spec.instances[0].name == "worker1");
  CHECK(spec.instances[0].interface == "Worker");
  CHECK(At(spec.instances[0].pos) == "t.yaml:13:3");
  CHECK(spec.instances[1].name == "store");

  REQUIRE(spec.scenarios.size() == 1);
  const Scenario& scenario = spec.scenarios[0];
  CHECK(scenario.name == "first");
  CHECK(scenario.description == "the first one");
  CHECK(At(scenario.pos) == "t.yaml:16:5");
  REQUIRE(scenario.steps.size() == 2);

  const Step& s1 = scenario.steps[0];
  CHECK(s1.id == "s1");
  CHECK(At(s1.pos) == "t.yaml:19:9");
  CHECK_FALSE(s1.script);
  REQUIRE(s1.parallel.size() == 2);
  CHECK(s1.parallel[0].actor == "worker1");
  CHECK(At(s1.parallel[0].pos) == "t.yaml:21:11");
  REQUIRE(s1.parallel[0].calls.size() == 2);
  CHECK(s1.parallel[0].calls[0].text == "Claim(ctx)");
  CHECK(s1.parallel[0].calls[0].method == "Claim");
  CHECK(At(s1.parallel[0].calls[0].pos) == "t.yaml:22:15");
  CHECK(s1.parallel[1].actor == "store");
  REQUIRE(s1.parallel[1].calls.size() == 1);
  CHECK(s1.parallel[1].calls[0].args == std::vector<std::string>{"\"k, (v)\"", "{{\"a\", 1}}"});

  const Step& s2 = scenario.steps[1];
  CHECK(s2.id == "s2");
  CHECK(s2.parallel.empty());
  REQUIRE(s2.script);
  CHECK(*s2.script == "auto v = actors.worker1->Get(1);\nrequire::True(v >= 0);\n");
  // The script text starts on the line after `script: |`, where its first line is.
  CHECK(At(s2.script_pos) == "t.yaml:28:11");
}

TEST_CASE("a one-line script starts where its text is") {
  const LoadResult plain =
      LoadSpecText(Edit({{27, "        script: require::True(true);"}, {28, ""}, {29, ""}}), "t.yaml");
  REQUIRE(plain.diagnostics.empty());
  CHECK(At(plain.spec.scenarios[0].steps[1].script_pos) == "t.yaml:27:17");
  const LoadResult quoted =
      LoadSpecText(Edit({{27, "        script: \"require::True(true);\""}, {28, ""}, {29, ""}}), "t.yaml");
  REQUIRE(quoted.diagnostics.empty());
  CHECK(At(quoted.spec.scenarios[0].steps[1].script_pos) == "t.yaml:27:18");
}

TEST_CASE("a block script starting with blank lines keeps its first line's line number") {
  const LoadResult loaded = LoadSpecText(
      Edit({{27, "        script: |-  # why\n\n            x();"}, {28, ""}, {29, ""}}), "t.yaml");
  REQUIRE(loaded.diagnostics.empty());
  const Step& step = loaded.spec.scenarios[0].steps[1];
  // The text starts (with a blank line) right after the indicator; the column is the
  // first non-blank line's indentation.
  CHECK(At(step.script_pos) == "t.yaml:28:13");
  CHECK(*step.script == "\nx();");
}

TEST_CASE("a quoted call's position is its text, after the quote") {
  const LoadResult loaded = LoadSpecText(Edit({{22, "            - \"Claim(ctx)\""}}), "t.yaml");
  REQUIRE(loaded.diagnostics.empty());
  CHECK(At(loaded.spec.scenarios[0].steps[0].parallel[0].calls[0].pos) == "t.yaml:22:16");
}

TEST_CASE("an unreadable file is one diagnostic naming the path") {
  const CheckedSpec checked = CheckSpecFile("/nonexistent/dir/spec.yaml");
  REQUIRE(checked.diagnostics.size() == 1);
  CHECK(FormatDiagnostic(checked.diagnostics[0]) ==
        "/nonexistent/dir/spec.yaml: error: cannot read the spec: No such file or directory");
}
