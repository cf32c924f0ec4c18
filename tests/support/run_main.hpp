// Drives attest::Main with an argv array and captures what it writes.
#pragma once

#include <initializer_list>
#include <string>
#include <vector>

#include "attest/runner/main.hpp"
#include "support/capture.hpp"

namespace attest_test {

struct MainRun {
  int code = -1;
  std::string out;
  std::string err;
};

inline MainRun RunMain(std::vector<std::string> args) {
  args.insert(args.begin(), "prog");
  std::vector<const char*> argv;
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  argv.push_back(nullptr);
  CapturedFile out, err;
  MainRun run;
  run.code =
      attest::Main(static_cast<int>(args.size()), argv.data(), attest::MainStreams{out.File(), err.File()});
  run.out = out.Text();
  run.err = err.Text();
  return run;
}

}  // namespace attest_test
