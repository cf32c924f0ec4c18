// Matchers applied to what JSON paths find, from a translation unit that includes the two
// headers in the other order (tests/odr checks every header alone and twice per program).
// The order is the point: clang-format must not sort these.
// clang-format off
#include "attest/dsl/matchers.hpp"
#include "attest/dsl/json_path.hpp"
#include "attest/dsl/matchers.hpp"
// clang-format on

#include <nlohmann/json.hpp>

#include "support/catch.hpp"

TEST_CASE("Headers: matchers and JSON paths work together from a second translation unit") {
  const auto document = nlohmann::json::parse(R"({"entries": [{"term": 2}, {"term": 5}]})");
  const auto terms = attest::JsonPathLookup(document, "entries.#.term");
  REQUIRE(terms.has_value());
  CHECK(attest::Is(nlohmann::json({2, 5})).Match(attest::Actual::Of(*terms)).ok);
  CHECK(attest::HasLen(2).Match(attest::Actual::Of(*terms)).ok);
  const auto last = attest::JsonPathLookup(document, "entries.1.term");
  REQUIRE(last.has_value());
  CHECK(attest::GreaterThan("4").Match(attest::Actual::Of(*last)).ok);
  CHECK(attest::IsNull().Match(attest::Actual::Missing()).ok);
  CHECK_THROWS_AS(attest::ValidateJsonPath("entries..term"), attest::UsageError);
}
