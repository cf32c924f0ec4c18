// The report's text byte for byte: FormatFailure and the console reporter, fed the
// hand-built results of support/report_fixtures.hpp, against expected/report/<name>.txt.
#include <string>

#include "attest/report/console.hpp"
#include "attest/report/failure_text.hpp"
#include "support/capture.hpp"
#include "support/catch.hpp"
#include "support/golden.hpp"
#include "support/report_fixtures.hpp"

using attest::ConsoleReporter;
using attest::FormatFailure;
using attest::TextStyle;
using attest_test::CapturedFile;
using attest_test::Replay;

namespace {

void CheckGolden(const std::string& name, const std::string& actual) {
  attest::testing::CheckGoldenFile(ATTEST_GOLDEN_DIR, name, actual);
}

}  // namespace

TEST_CASE("Console golden: a suite with a pass, a failure and a skip", "[report][console][golden]") {
  CapturedFile out;
  ConsoleReporter console(out.File(), TextStyle::Plain());
  Replay(console, attest_test::MixedSuite());
  CheckGolden("console_mixed", out.Text());
}

TEST_CASE("FormatFailure golden: a single node", "[report][failure][golden]") {
  CheckGolden("failure_single_node", FormatFailure(attest_test::SingleNodeFailure()));
}

TEST_CASE("FormatFailure golden: several nodes, one unreachable", "[report][failure][golden]") {
  CheckGolden("failure_multi_node", FormatFailure(attest_test::MultiNodeFailure()));
}

TEST_CASE("FormatFailure golden: coloured", "[report][failure][golden]") {
  CheckGolden("failure_multi_node_color",
              FormatFailure(attest_test::MultiNodeFailure(), TextStyle{.color = true}));
}
