// Golden files of the report tests live in tests/report/golden/<name>.txt; the
// comparison itself (and ATTEST_UPDATE_GOLDEN=1) is support/golden.hpp's.
#pragma once

#include <string>

#include "support/golden.hpp"

namespace attest_test {

inline void CheckGolden(const std::string& name, const std::string& actual) {
  attest::testing::CheckGoldenFile(ATTEST_REPORT_GOLDEN_DIR, name, actual);
}

}  // namespace attest_test
