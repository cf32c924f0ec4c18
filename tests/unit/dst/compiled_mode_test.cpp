// With ATTEST_SEPARATE_COMPILATION the DST Main's command line is only declared here: the
// program links because compiled_mode_impl.cpp holds each definition once (one outside
// `#if ATTEST_HEADER_ONLY` would be a duplicate symbol, one without its ATTEST_INLINE
// definition an undefined one).
#include <string>
#include <vector>

#include "attest/dst/main.hpp"
#include "attest/error.hpp"
#include "support/catch.hpp"

static_assert(!ATTEST_HEADER_ONLY, "this unit must see declarations only");

TEST_CASE("Separately compiled, the scenario Main's command line links to its one definition",
          "[dst][compiled]") {
  using namespace attest::dst::detail;
  const MainArguments args = ParseMainArguments({"--repeat", "3", "--scenario=a", "--list"});
  CHECK(args.options.repeat == 3);
  CHECK(args.scenarios == std::vector<std::string>{"a"});
  CHECK(args.list);
  CHECK_THROWS_AS(ParseMainArguments({"--repeat"}), attest::UsageError);
  CHECK(MainUsage("e2e").rfind("Usage: e2e [options]\n", 0) == 0);
  CHECK(SelectScenarios({"a", "b"}, {"b"}) == std::vector<std::size_t>{1});
  CHECK(ReportSummary({}) == "0 runs, 0 failed\n");
  CHECK(&StandardOut() != &StandardError());
}
