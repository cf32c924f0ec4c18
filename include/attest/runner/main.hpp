// attest::Main, the challenge runner:
//
//   int main(int argc, char** argv) { return attest::Main(argc, argv); }
//
//   prog --list                     the challenges and their stages
//   prog                            every stage of the only challenge, in order
//   prog kv-store http-api          one stage (the challenge may be left out when
//   prog http-api persistence       only one is registered), or several, in the order given
//   prog --endpoints n1=127.0.0.1:8081 http-api    against a node that is already running
//   prog --junit results.xml        also write JUnit XML
//
// Exit status: 0 when every selected stage passed, 1 when one failed, 2 for a usage
// error (unknown option, challenge or stage; bad registration; unwritable --junit).
// The first failing stage stops the run unless --keep-going is given.
#pragma once

#include <cstdio>

#include "attest/detail/inline.hpp"
#include "attest/runner/registry.hpp"

namespace attest {

// Where Main writes: results to `out`, errors to `err`. Tests capture both.
struct MainStreams {
  std::FILE* out = stdout;
  std::FILE* err = stderr;
};

// The runner with explicit output streams; Main(argc, argv) uses stdout and stderr.
int Main(int argc, const char* const* argv, const MainStreams& streams);

// The runner: `int main(int argc, char** argv) { return attest::Main(argc, argv); }`.
// Exit status 130 when interrupted by SIGINT or SIGTERM.
int Main(int argc, char** argv);

}  // namespace attest

#if ATTEST_HEADER_ONLY
#include "attest/runner/detail/main_inl.hpp"
#endif
