// attest-dst: validate a scenario spec, generate its header, list its scenarios.
// Everything lives in cli.cpp so that tests can run the same code in-process.
#include <iostream>
#include <string>
#include <vector>

#include "cli.hpp"

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  return attest::dst::gen::RunCli(args, std::cout, std::cerr);
}
