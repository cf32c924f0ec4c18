// The main of attest_faults_netns_tests: Catch2's, plus the skip. A test that cannot run
// on this machine records why (netns_support.hpp); when no test failed and one skipped,
// the program prints the reasons and exits with kSkipReturnCode, which ctest reports as
// skipped (SKIP_RETURN_CODE), never as passed.
#if __has_include(<catch2/catch_all.hpp>)
#include <catch2/catch_session.hpp>
#else
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#endif

#include <iostream>

#include "netns_support.hpp"

int main(int argc, char* argv[]) {
  const int result = Catch::Session().run(argc, argv);
  const auto& reasons = attest::faults::test::SkipReasons();
  if (result != 0 || reasons.empty()) return result;
  for (const auto& reason : reasons) std::cout << "SKIPPED " << reason << "\n";
  return attest::faults::test::kSkipReturnCode;
}
