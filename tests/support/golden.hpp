// Golden-file comparison: the expected text lives in a file reviewed like code.
// Run with ATTEST_UPDATE_GOLDEN=1 to rewrite the files after an intended change, then
// read the diff before committing. Never rewritten silently.
#pragma once

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "support/catch.hpp"

namespace attest::testing {

inline void CheckGoldenFile(const std::string& directory, const std::string& name, const std::string& actual) {
  const std::string path = directory + "/" + name + ".txt";
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

}  // namespace attest::testing
