// The attest-dst command line, separate from main() so tests can drive it in-process too.
//
//   attest-dst validate -f spec.yaml
//   attest-dst gen -f spec.yaml -o out.hpp [--namespace ns]
//   attest-dst list -f spec.yaml
//
// Exit status: 0 success, 1 the spec has errors (or the header cannot be written),
// 2 wrong usage. Diagnostics and errors go to `err`, results to `out`.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace attest::dst::gen {

inline constexpr int kExitOk = 0;
inline constexpr int kExitSpecErrors = 1;
inline constexpr int kExitUsage = 2;

// `args` excludes the program name.
int RunCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// The --help text.
std::string CliUsage();

}  // namespace attest::dst::gen
