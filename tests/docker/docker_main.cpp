// The Docker tests' main: without an engine every test reports itself skipped (exit
// 77, ctest SKIP_RETURN_CODE) with the reason; listing the tests needs no engine.
#if __has_include(<catch2/catch_all.hpp>)
#include <catch2/catch_session.hpp>
#else
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#endif

#include <cstdio>
#include <cstdlib>
#include <string>

#include "docker_support.hpp"

int main(int argc, char* argv[]) {
  ::setenv("ATTEST_LOG_DIR", ATTEST_TEST_LOG_DIR, 0);  // children (the scenario runner) inherit it
  bool listing = false;
  for (int i = 1; i < argc; ++i) listing = listing || std::string(argv[i]).rfind("--list", 0) == 0;
  if (!listing) {
    const std::string problem = docker_test::EngineProblem();
    if (!problem.empty()) {
      std::printf("SKIPPED: no Docker engine to test against: %s\n", problem.c_str());
      return 77;
    }
  }
  return Catch::Session().run(argc, argv);
}
