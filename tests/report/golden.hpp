// Golden-file comparison for the report tests: the expected text lives in
// tests/report/golden/<name>.txt, reviewed like code. Run with ATTEST_UPDATE_GOLDEN=1
// to rewrite the files after an intended change, then read the diff before committing.
#pragma once

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "support/catch.hpp"

namespace attest_test {

inline std::string GoldenPath(const std::string& name) {
  return std::string(ATTEST_REPORT_GOLDEN_DIR) + "/" + name + ".txt";
}

inline void CheckGolden(const std::string& name, const std::string& actual) {
  const std::string path = GoldenPath(name);
  const char* update = std::getenv("ATTEST_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
  }
  std::ifstream in(path, std::ios::binary);
  INFO("golden file " << path << " (ATTEST_UPDATE_GOLDEN=1 rewrites it)");
  REQUIRE(in.good());
  std::stringstream expected;
  expected << in.rdbuf();
  CHECK(actual == expected.str());
}

}  // namespace attest_test
